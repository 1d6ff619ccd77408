// 督促: reminders go only to departments that have not submitted what is asked — for one item,
// or (no item chosen) for any item that applies to them. The audience an issuer is shown is
// recomputed inside the transaction that queues the mails; when it has changed in between
// (someone submitted), nothing is sent and the issuer sees the new count — so the count shown
// before sending always equals the count sent.
import type { Db, Tx } from '../db/client.ts';
import { readByIdInChunks } from '../db/chunks.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { managedNotices } from '../notices/access.ts';
import { DUE_COLUMNS, dueItems, itemDeadline } from '../responses/due.ts';
import type { MailRecipient } from '../notices/publishing.ts';
import {
	discardHeld,
	occasionKey,
	occasionReleased,
	releaseOccasion,
	writeMailsTo
} from '../mail/queue.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { FIRST_LEVEL } from './levels.ts';
import { addBusinessDays } from '../../domain/business-days.ts';

type AudienceRow = MailRecipient;

/**
 * First-level recipients (levels.ts: the issuer reminds those it addressed; a forwarding
 * prefecture reminds its own, reports/forwarding-reminders.ts) that have not submitted the item (or, without one, every item applying to them),
 * each with the items it is missing and the deadline that applies to each (the item's own, else
 * the current version's) — what its reminder names.
 */
export async function reminderAudience(
	db: Tx,
	noticeId: string,
	itemId?: string | null
): Promise<AudienceRow[]> {
	const notice = await db.notice.findUnique({
		where: { id: noticeId },
		select: {
			currentVersionNumber: true,
			versions: { select: { number: true, deadline: true } },
			responseItems: {
				where: itemId ? { id: itemId } : {},
				orderBy: { number: 'asc' },
				select: { id: true, number: true, title: true, ...DUE_COLUMNS }
			}
		}
	});
	const items = notice?.responseItems ?? [];
	if (itemId && items.length === 0) throw new UserError(404, '回答項目が見つかりません。');
	const noticeDeadline =
		notice?.versions.find((v) => v.number === notice.currentVersionNumber)?.deadline ?? null;
	// A page of recipients at a time: their relations are loaded with an IN list of their ids.
	const recipients = await readByIdInChunks((after, take) =>
		db.recipient.findMany({
			where: { noticeId, ...FIRST_LEVEL, ...after },
			orderBy: { id: 'asc' },
			take,
			select: {
				id: true,
				department: {
					select: {
						name: true,
						function: true,
						organization: {
							select: { name: true, kind: true, localGovernmentCode: true, prefectureCode: true }
						},
						emails: { select: { address: true }, orderBy: { address: 'asc' } }
					}
				},
				responses: { where: { status: 'submitted' }, select: { responseItemId: true } }
			}
		})
	);
	const code = (r: (typeof recipients)[number]) =>
		r.department.organization.localGovernmentCode ?? '';
	recipients.sort((a, b) => code(a).localeCompare(code(b)) || a.id.localeCompare(b.id));
	return recipients.flatMap((r) => {
		const missing = dueItems(items, {
			bodyKind: r.department.organization.kind,
			function: r.department.function
		}).filter((item) => !r.responses.some((s) => s.responseItemId === item.id));
		if (missing.length === 0) return [];
		return [
			{
				recipientId: r.id,
				name: `${r.department.organization.name} ${r.department.name}`,
				prefectureCode: r.department.organization.prefectureCode ?? '',
				emails: r.department.emails.map((e) => e.address),
				missingItems: missing.map((i) => ({
					number: i.number,
					title: i.title,
					deadline: itemDeadline(i, noticeDeadline)
				}))
			}
		];
	});
}

/** For the issuer's screen: who would be reminded now. */
export async function previewReminder(
	db: Db,
	user: SessionUser,
	noticeId: string,
	itemId?: string | null
) {
	const managed = await db.notice.count({
		where: { AND: [{ id: noticeId }, managedNotices(user)] }
	});
	if (managed !== 1) throw notFound();
	return reminderAudience(db, noticeId, itemId);
}

/**
 * Queues one reminder per department in the audience (recomputed unless given). `round` tells
 * reminders of the same version apart (e.g. `manual-2026-11-28-<item>`, `auto-before`); the
 * same round twice queues nothing new.
 *
 * The rows are written `held` in chunks outside any transaction (mail/queue.ts), then `commit`
 * runs in one short transaction that releases them: it gets the number released and the
 * number of departments without an address, and may refuse (throw) to release nothing.
 * Returns what `commit` returns (default: the number of mails queued, unaddressed included).
 */
export async function queueReminders<T = number>(
	db: Db,
	input: {
		noticeId: string;
		itemId?: string | null;
		round: string;
		now?: Date;
		audience?: AudienceRow[];
		commit?: (tx: Tx, counts: { queued: number; unaddressed: number }) => Promise<T>;
	}
): Promise<T> {
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: input.noticeId },
		select: { currentVersionNumber: true }
	});
	const audience = input.audience ?? (await reminderAudience(db, input.noticeId, input.itemId));
	const mail = {
		noticeId: input.noticeId,
		kind: 'reminder' as const,
		versionNumber: notice.currentVersionNumber,
		round: input.round,
		now: input.now ?? new Date(),
		status: 'held' as const
	};
	const occasion = occasionKey('reminder', input.noticeId, mail.versionNumber, input.round);
	// Rows an earlier attempt wrote but never released may name departments that have answered
	// since: what is released is this audience, written afresh.
	await discardHeld(db, occasion);
	await writeMailsTo(
		db,
		mail,
		audience.map((r) => ({ recipientId: r.recipientId, details: { missingItems: r.missingItems } }))
	);
	return db.$transaction(
		async (tx) => {
			const counts = await releaseOccasion(tx, occasion);
			return input.commit ? input.commit(tx, counts) : ((counts.queued + counts.unaddressed) as T);
		},
		{ timeout: 15_000 }
	);
}

/**
 * The issuer's "remind those who have not answered". `expectedCount` is the count the issuer
 * was shown; if the audience changed since, nothing is sent and a 409 says so.
 */
export async function sendManualReminder(
	db: Db,
	user: SessionUser,
	input: {
		noticeId: string;
		itemId?: string | null;
		expectedCount: number;
		publicUrl?: string;
		operatorReplyTo?: string;
		today: string;
		now?: Date;
	}
): Promise<number> {
	const published = async (tx: Tx | Db) => {
		const notice = await tx.notice.findFirst({
			where: { AND: [{ id: input.noticeId }, managedNotices(user)] },
			select: { status: true }
		});
		if (!notice) throw notFound();
		if (notice.status !== 'published')
			throw new UserError(409, '督促できるのは公開中の通知だけです。');
	};
	await published(db);
	const audience = await reminderAudience(db, input.noticeId, input.itemId);
	if (audience.length !== input.expectedCount)
		throw new UserError(
			409,
			`督促の対象が ${input.expectedCount} 部局から ${audience.length} 部局に変わりました。対象を確認してから、もう一度送信してください。`
		);
	const alreadySent = () =>
		new UserError(409, '本日この対象への督促は送信済みです。同じ日に同じ督促を二度は送りません。');
	const round = `manual-${input.today}${input.itemId ? `-${input.itemId}` : ''}`;
	const version = await db.notice.findUniqueOrThrow({
		where: { id: input.noticeId },
		select: { currentVersionNumber: true }
	});
	const occasion = occasionKey('reminder', input.noticeId, version.currentVersionNumber, round);
	if (await occasionReleased(db, occasion)) throw alreadySent();
	return queueReminders(db, {
		noticeId: input.noticeId,
		itemId: input.itemId,
		round,
		now: input.now,
		audience,
		commit: async (tx, { queued, unaddressed }) => {
			await published(tx);
			if (queued + unaddressed !== audience.length) throw alreadySent();
			await record(tx, {
				...actor(user),
				action: 'reminder.send',
				objectType: 'notice',
				objectId: input.noticeId,
				after: { itemId: input.itemId ?? null, count: queued + unaddressed }
			});
			return queued + unaddressed;
		}
	});
}

/**
 * Automatic reminders, run periodically: `reminderDaysBefore` business days before the notice's
 * deadline (until the deadline), and `reminderDaysAfter` business days after it, each once per
 * version (the dedupe key's round). Returns the number of mails queued.
 */
export async function queueDueReminders(
	db: Db,
	options: { publicUrl?: string; operatorReplyTo?: string; now?: Date }
): Promise<number> {
	const now = options.now ?? new Date();
	const today = todayInJapan(now);
	const notices = await db.notice.findMany({
		where: {
			status: 'published',
			OR: [{ reminderDaysBefore: { not: null } }, { reminderDaysAfter: { not: null } }]
		},
		select: {
			id: true,
			currentVersionNumber: true,
			reminderDaysBefore: true,
			reminderDaysAfter: true,
			versions: { select: { number: true, deadline: true } }
		}
	});
	let queued = 0;
	for (const n of notices) {
		const deadline = n.versions.find((v) => v.number === n.currentVersionNumber)?.deadline;
		if (!deadline) continue;
		const rounds: string[] = [];
		if (
			n.reminderDaysBefore !== null &&
			today >= addBusinessDays(deadline, -n.reminderDaysBefore) &&
			today <= deadline
		)
			rounds.push('auto-before');
		if (n.reminderDaysAfter !== null && today >= addBusinessDays(deadline, n.reminderDaysAfter))
			rounds.push('auto-after');
		for (const round of rounds) {
			// Once per round and department: a department reminded in this round already keeps its
			// row (its dedupe key); only those newly missing something are written and released.
			queued += await queueReminders(db, {
				noticeId: n.id,
				round,
				now,
				commit: async (tx, { queued, unaddressed }) => {
					const count = queued + unaddressed;
					// The system acts here, not a person: no actor.
					if (count > 0)
						await record(tx, {
							actorId: null,
							departmentId: null,
							action: 'reminder.send_auto',
							objectType: 'notice',
							objectId: n.id,
							after: { round, count }
						});
					return count;
				}
			});
		}
	}
	return queued;
}
