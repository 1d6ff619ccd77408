// 督促 by a forwarding prefecture: its department reminds the recipients IT forwarded the notice
// to (never another prefecture's, never the first level — the issuer's reminders are
// recipients/reminders.ts) that have not acknowledged the current version or not submitted every
// item that applies to them. The audience is read from the rollup's state of each recipient and
// the mails are written by one INSERT … SELECT (no list of ids travels), in a short transaction
// with the audit event: the count the prefecture was shown must still be the count sent.
//
// The message is written when queued (Mail.subject/text/html): the same for every addressee, so
// the outbox worker sends it as stored, as it sends a password reset.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb, type Db, type Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { addressesOf, newId } from '../mail/queue.ts';
import { escapeHtml, type ComposedMail } from '../mail/compose.ts';
import { quoteTitle } from '../../domain/quote-title.ts';
import { forwardedAccess } from './forwarding.ts';

export const FORWARDING_REMINDER = 'forwarding_reminder';

const NO_ADDRESS = '宛先部局のメールアドレスが登録されていません。 / No mail address.';

/** SQL: the recipients `f."recipientId"` forwarded to that still have something to do
 * (domain/second-layer.ts needsReminder; not counted yet by the rollup: everything). */
function audienceSql(noticeId: string, forwardedBy: string) {
	return Prisma.sql`
		FROM "Recipient" r
		JOIN "Forwarding" f ON f."id" = r."forwardingId"
		LEFT JOIN "RecipientTally" t ON t."recipientId" = r."id"
		WHERE r."noticeId" = ${noticeId} AND f."recipientId" = ${forwardedBy}
			AND COALESCE(t."state", 'open') <> 'complete'
			AND (COALESCE(t."ackDay", '') = '' OR COALESCE(t."state", 'open') = 'open')`;
}

/** How many of the department's forwarded recipients a reminder would reach now. */
export async function forwardingReminderCount(db: Db | Tx, noticeId: string, forwardedBy: string) {
	const [row] = await db.$queryRaw<{ n: bigint | number }[]>`
		SELECT COUNT(*) AS n ${audienceSql(noticeId, forwardedBy)}`;
	return Number(row?.n ?? 0);
}

/** The reminder's message (pure: the same for every addressee of one reminder). */
export function composeForwardingReminder(input: {
	title: string;
	forwardedBy: string;
	noticeUrl: string;
}): ComposedMail {
	const title = input.title.replace(/\s+/g, ' ').trim();
	const subject = `【Kairan】【督促】${input.forwardedBy}から転送された${quoteTitle(title)}のご確認について`;
	const lines = [
		`${input.forwardedBy}から転送された次の通知について、受領確認と回答項目のご回答をお願いします。`,
		'すでにご対応いただいている場合は、行き違いですのでご容赦ください。',
		'',
		`表題：${title}`,
		`確認・回答：${input.noticeUrl}`
	];
	const html = `<p>${escapeHtml(lines[0])}</p><p>${escapeHtml(lines[1])}</p><p>表題：${escapeHtml(
		title
	)}<br>確認・回答：<a href="${escapeHtml(input.noticeUrl)}">${escapeHtml(input.noticeUrl)}</a></p>`;
	return { subject, text: lines.join('\n'), html };
}

/**
 * The forwarding department's 督促. `expectedCount` is what its user was shown; if the audience
 * changed since, nothing is sent (409). Once a day per department: a second press the same day
 * queues nothing new. Returns the number of mails written (those without an address included,
 * marked failed at once so the prefecture sees it).
 */
export async function sendForwardingReminder(
	db: Db,
	user: SessionUser,
	input: { noticeId: string; expectedCount: number; publicUrl: string; today: string; now?: Date }
): Promise<number> {
	const access = await forwardedAccess(db, user, input.noticeId);
	if (access.mode !== 'forwarder') throw notFound();
	const now = input.now ?? new Date();
	const provider = providerOfDb(db);
	return db.$transaction(
		async (tx) => {
			const notice = await tx.notice.findUniqueOrThrow({
				where: { id: input.noticeId },
				select: {
					status: true,
					currentVersionNumber: true,
					versions: { select: { number: true, title: true } }
				}
			});
			if (notice.status !== 'published')
				throw new UserError(409, '督促できるのは公開中の通知だけです。');
			const count = await forwardingReminderCount(tx, input.noticeId, access.recipientId);
			if (count !== input.expectedCount)
				throw new UserError(
					409,
					`督促の対象が ${input.expectedCount} 部局から ${count} 部局に変わりました。対象を確認してから、もう一度送信してください。`
				);
			if (count === 0) throw new UserError(409, '督促の対象がありません。');
			const title =
				notice.versions.find((v) => v.number === notice.currentVersionNumber)?.title ?? '';
			const mail = composeForwardingReminder({
				title,
				forwardedBy: `${access.prefecture} ${access.department}`,
				noticeUrl: `${input.publicUrl}/notices/${input.noticeId}`
			});
			const version = notice.currentVersionNumber;
			const suffix = `:v${version}:${input.today}`;
			const occasion = `${FORWARDING_REMINDER}:${input.noticeId}:v${version}:${access.recipientId}:${input.today}`;
			const written = await tx.$executeRaw`
				INSERT INTO "Mail" ("id", "dedupeKey", "recipientId", "kind", "versionNumber",
					"toAddresses", "subject", "text", "html", "occasion", "status", "lastError",
					"attempts", "nextAttemptAt", "createdAt")
				SELECT ${newId(provider)}, ${`${FORWARDING_REMINDER}:`} || a."id" || ${suffix}, a."id",
					${FORWARDING_REMINDER}, ${version}, a."to", ${mail.subject}, ${mail.text}, ${mail.html},
					${occasion},
					CASE WHEN a."to" = '' THEN 'failed' ELSE 'queued' END,
					CASE WHEN a."to" = '' THEN ${NO_ADDRESS} ELSE NULL END, 0, ${now}, ${now}
				FROM (SELECT r."id", ${addressesOf(provider, Prisma.sql`r."departmentId"`)} AS "to"
					${audienceSql(input.noticeId, access.recipientId)}) a
				WHERE true
				ON CONFLICT ("dedupeKey") DO NOTHING`;
			if (written === 0)
				throw new UserError(
					409,
					'本日この対象への督促は送信済みです。同じ日に同じ督促を二度は送りません。'
				);
			await record(tx, {
				...actor(user),
				action: 'forwarding.remind',
				objectType: 'notice',
				objectId: input.noticeId,
				after: { forwardedBy: access.recipientId, count: written }
			});
			return written;
		},
		{ timeout: 15_000 }
	);
}
