// The lifecycle of a notice after writing: publish, correct (訂正), withdraw (取消), close.
//
// Each step is one database transaction with everything it implies — the version frozen,
// the recipients created, one mail per recipient queued in the outbox, the audit event — so a
// crash leaves either all of it or none of it. The outbox worker sends the mails afterwards;
// it never runs inside these transactions.
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { managedNotices } from './access.ts';
import { editableVersion } from './drafts.ts';
import { ISSUERS_IN_ORDER, issuerLine, issuerNames } from './issuers.ts';
import { resolveAddressees } from '../recipients/addressees.ts';
import {
	chooseReplyTo,
	composeNoticeMail,
	type MailKind,
	type MissingItem
} from '../mail/compose.ts';
import { mailDedupeKey, outboxRow } from '../mail/outbox.ts';
import { addresseeRuleSchema } from '../../domain/addressees.ts';
import { missingForPublication } from '../../domain/notice-form.ts';
import { versionContent, type NoticeContent, type NoticeType } from '../../domain/notices.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { publishCorrectionItems, publishDraftItems } from './items.ts';
import * as rollup from '../reports/rollup.ts';

export type PublishOptions = {
	/** Base of the link in each mail, e.g. https://kairan.example.go.jp */
	publicUrl: string;
	/**
	 * The operator's MAIL_REPLY_TO: the Reply-To of mails whose issuing offices have no address
	 * on record (an office's own address comes first; see chooseReplyTo).
	 */
	operatorReplyTo?: string;
	now?: Date;
};

/**
 * A recipient as mails address it: the department's name and its addresses; for a reminder,
 * what it has not submitted (reminderAudience).
 */
export type MailRecipient = {
	recipientId: string;
	name: string;
	emails: string[];
	missingItems?: MissingItem[];
};

/**
 * Queues one mail of this kind per recipient (all of the notice's, or `to`), inside the
 * caller's transaction. `round` tells apart messages that may repeat for one version (a
 * reminder); a message whose dedupe key is already queued is skipped. Returns how many were
 * queued.
 */
export async function queueNoticeMails(
	tx: Tx,
	noticeId: string,
	kind: MailKind,
	versionNumber: number,
	options: PublishOptions & {
		withdrawalReason?: string;
		round?: string;
		to?: MailRecipient[];
		/** A correction's items whose answers were re-opened (publishCorrectionItems). */
		reopenedItems?: { number: number; title: string }[];
	}
): Promise<number> {
	const notice = await tx.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: {
			issuers: {
				...ISSUERS_IN_ORDER,
				select: {
					...ISSUERS_IN_ORDER.select,
					department: {
						select: {
							name: true,
							organization: { select: { name: true } },
							emails: { select: { address: true }, orderBy: { address: 'asc' } }
						}
					}
				}
			},
			versions: {
				where: { number: versionNumber },
				include: { attachments: { orderBy: { position: 'asc' } } }
			},
			// Only needed when the caller did not name the recipients.
			recipients: {
				where: options.to ? { id: { in: [] } } : {},
				select: {
					id: true,
					department: {
						select: {
							name: true,
							organization: { select: { name: true } },
							emails: { select: { address: true }, orderBy: { address: 'asc' } }
						}
					}
				}
			}
		}
	});
	const to: MailRecipient[] =
		options.to ??
		notice.recipients.map((r) => ({
			recipientId: r.id,
			name: `${r.department.organization.name} ${r.department.name}`,
			emails: r.department.emails.map((e) => e.address)
		}));
	const v = notice.versions[0];
	const names = issuerNames(notice.issuers);
	const issuers = notice.issuers.map((i, n) => ({
		name: issuerLine(names[n]),
		emails: i.department.emails.map((e) => e.address)
	}));
	const replyTo = chooseReplyTo(issuers, options.operatorReplyTo);
	const now = options.now ?? new Date();
	const today = todayInJapan(now);
	const keyOf = (r: MailRecipient) =>
		mailDedupeKey(kind, r.recipientId, versionNumber, options.round);
	const queued = new Set(
		(
			await tx.mail.findMany({
				where: { dedupeKey: { in: to.map(keyOf) } },
				select: { dedupeKey: true }
			})
		).map((m) => m.dedupeKey)
	);
	const rows = to
		.filter((r) => !queued.has(keyOf(r)))
		.map((r) => {
			const mail = composeNoticeMail({
				kind,
				noticeUrl: `${options.publicUrl}/notices/${noticeId}`,
				noticeType: v.noticeType as NoticeType,
				title: v.title,
				documentNumber: v.documentNumber,
				issuedOn: v.issuedOn,
				versionNumber,
				correctionReason: v.correctionReason,
				withdrawalReason: options.withdrawalReason ?? null,
				deadline: v.deadline,
				issuers: issuers.map((i) => i.name),
				department: r.name,
				attachments: v.attachments.map((a) => ({ label: a.label, title: a.title, size: a.size })),
				contacts: (v.contacts as NoticeContent['contacts']) ?? [],
				replyTo,
				today,
				missingItems: r.missingItems,
				reopenedItems: options.reopenedItems
			});
			const row = outboxRow(
				{
					dedupeKey: keyOf(r),
					recipientId: r.recipientId,
					kind,
					versionNumber,
					to: r.emails,
					subject: mail.subject,
					text: mail.text,
					html: mail.html
				},
				now
			);
			// The header the footer above describes: the worker sends exactly this.
			return { ...row, replyTo: replyTo?.header ?? null };
		});
	if (rows.length) await tx.mail.createMany({ data: rows });
	return rows.length;
}

async function managed(tx: Tx, user: SessionUser, noticeId: string) {
	const notice = await tx.notice.findFirst({
		where: { AND: [{ id: noticeId }, managedNotices(user)] },
		select: { id: true, status: true, currentVersionNumber: true }
	});
	if (!notice) throw notFound();
	return notice;
}

/**
 * Publishes a draft: freezes version 1, creates one Recipient per addressed department and
 * queues one mail per recipient. Returns the number of recipients.
 */
export async function publishNotice(
	db: Db,
	user: SessionUser,
	noticeId: string,
	options: PublishOptions
): Promise<number> {
	const now = options.now ?? new Date();
	return db.$transaction(async (tx) => {
		const { notice, version } = await editableVersion(tx, user, noticeId);
		if (notice.status !== 'draft') throw new UserError(409, 'この通知は既に公開されています。');
		const rule = addresseeRuleSchema.parse(version.addresseeRule);
		const addressees = await resolveAddressees(tx, rule);
		const missing = missingForPublication(versionContent(version), addressees.length);
		if (missing.length > 0)
			throw new UserError(400, missing.map((m) => m.message).join(' '), missing[0].field);

		// Conditional update: of two concurrent publishes, exactly one finds the draft.
		const claimed = await tx.notice.updateMany({
			where: { id: noticeId, status: 'draft' },
			data: { status: 'published', publishedAt: now, currentVersionNumber: version.number }
		});
		if (claimed.count !== 1) throw new UserError(409, 'この通知は既に公開されています。');
		await tx.noticeVersion.update({
			where: { id: version.id },
			data: { publishedAt: now, publishedById: user.id }
		});
		await tx.recipient.createMany({
			data: addressees.map((d) => ({ noticeId, departmentId: d.id }))
		});
		await publishDraftItems(tx, noticeId, version);
		const count = await queueNoticeMails(tx, noticeId, 'publication', version.number, options);
		await record(tx, {
			...actor(user),
			action: 'notice.publish',
			objectType: 'notice',
			objectId: noticeId,
			after: { version: version.number, recipients: count, rule }
		});
		// The dashboards' rollup, after the audit event (whose chain head orders writers).
		await rollup.onPublished(tx, noticeId);
		return count;
	});
}

/** Starts a correction: version N+1, a copy of N (text and attachments) to edit. */
export async function startCorrection(db: Db, user: SessionUser, noticeId: string) {
	await db.$transaction(async (tx) => {
		const notice = await managed(tx, user, noticeId);
		if (notice.status !== 'published')
			throw new UserError(409, '訂正できるのは公開中の通知だけです。');
		const existing = await tx.noticeVersion.findUnique({
			where: { noticeId_number: { noticeId, number: notice.currentVersionNumber + 1 } },
			select: { id: true }
		});
		if (existing) return; // already being corrected: continue editing it
		const current = await tx.noticeVersion.findUniqueOrThrow({
			where: { noticeId_number: { noticeId, number: notice.currentVersionNumber } },
			include: { attachments: { orderBy: { position: 'asc' } } }
		});
		await tx.noticeVersion.create({
			data: {
				noticeId,
				number: current.number + 1,
				...versionContent(current),
				addresseeLines: current.addresseeLines as string[],
				addresseeRule: current.addresseeRule as object,
				items: current.items as object,
				contacts: current.contacts as object,
				references: current.references as object,
				searchText: current.searchText,
				attachments: {
					create: current.attachments.map((a) => ({
						position: a.position,
						label: a.label,
						title: a.title,
						fileName: a.fileName,
						contentType: a.contentType,
						size: a.size,
						sha256: a.sha256
					}))
				}
			}
		});
		await record(tx, {
			...actor(user),
			action: 'notice.correction_start',
			objectType: 'notice',
			objectId: noticeId,
			after: { version: current.number + 1 }
		});
	});
}

export async function discardCorrection(db: Db, user: SessionUser, noticeId: string) {
	await db.$transaction(async (tx) => {
		const { notice, version } = await editableVersion(tx, user, noticeId);
		if (notice.status === 'draft') throw new UserError(409, '訂正中の版がありません。');
		await tx.noticeVersion.delete({ where: { id: version.id } });
		await record(tx, {
			...actor(user),
			action: 'notice.correction_discard',
			objectType: 'notice',
			objectId: noticeId,
			before: { version: version.number }
		});
	});
}

/**
 * Publishes the correction being written as the notice's current version and mails every
 * recipient. Acknowledgments are per version: recipients confirm receipt of the new one.
 */
export async function publishCorrection(
	db: Db,
	user: SessionUser,
	noticeId: string,
	reason: string,
	options: PublishOptions
): Promise<number> {
	const why = reason.trim();
	if (why === '') throw new UserError(400, '訂正の理由を入力してください。', 'correctionReason');
	if (why.length > 1000)
		throw new UserError(400, '訂正の理由は1,000文字以内にしてください。', 'correctionReason');
	const now = options.now ?? new Date();
	return db.$transaction(async (tx) => {
		const { notice, version } = await editableVersion(tx, user, noticeId);
		if (notice.status !== 'published') throw new UserError(409, '訂正中の版がありません。');
		const missing = missingForPublication(versionContent(version), 1);
		if (missing.length > 0)
			throw new UserError(400, missing.map((m) => m.message).join(' '), missing[0].field);
		const claimed = await tx.notice.updateMany({
			where: { id: noticeId, status: 'published', currentVersionNumber: version.number - 1 },
			data: { currentVersionNumber: version.number }
		});
		if (claimed.count !== 1) throw new UserError(409, 'この訂正は既に公開されています。');
		await tx.noticeVersion.update({
			where: { id: version.id },
			data: { publishedAt: now, publishedById: user.id, correctionReason: why }
		});
		const reopenedItems = await publishCorrectionItems(tx, user, noticeId, version);
		const count = await queueNoticeMails(tx, noticeId, 'correction', version.number, {
			...options,
			reopenedItems
		});
		await record(tx, {
			...actor(user),
			action: 'notice.correct',
			objectType: 'notice',
			objectId: noticeId,
			after: {
				version: version.number,
				reason: why,
				recipients: count,
				reopened: reopenedItems.map((i) => i.number)
			}
		});
		await rollup.onPublished(tx, noticeId);
		return count;
	});
}

/** 取消: the notice stays readable with its reason; recipients are told by mail. */
export async function withdrawNotice(
	db: Db,
	user: SessionUser,
	noticeId: string,
	reason: string,
	options: PublishOptions
) {
	const why = reason.trim();
	if (why === '') throw new UserError(400, '取消の理由を入力してください。', 'withdrawalReason');
	if (why.length > 1000)
		throw new UserError(400, '取消の理由は1,000文字以内にしてください。', 'withdrawalReason');
	const now = options.now ?? new Date();
	await db.$transaction(async (tx) => {
		const notice = await managed(tx, user, noticeId);
		if (notice.status !== 'published' && notice.status !== 'closed')
			throw new UserError(409, '取り消せるのは公開済みの通知だけです。');
		await tx.notice.update({
			where: { id: noticeId },
			data: { status: 'withdrawn', withdrawnAt: now, withdrawalReason: why }
		});
		// A correction in progress can no longer be published.
		await tx.noticeVersion.deleteMany({
			where: { noticeId, number: { gt: notice.currentVersionNumber }, publishedAt: null }
		});
		await queueNoticeMails(tx, noticeId, 'withdrawal', notice.currentVersionNumber, {
			...options,
			withdrawalReason: why
		});
		await record(tx, {
			...actor(user),
			action: 'notice.withdraw',
			objectType: 'notice',
			objectId: noticeId,
			before: { status: notice.status },
			after: { status: 'withdrawn', reason: why }
		});
	});
}

/** Closes a notice whose work is done: it stays readable, answers are no longer expected. */
export async function closeNotice(db: Db, user: SessionUser, noticeId: string, now = new Date()) {
	await db.$transaction(async (tx) => {
		const notice = await managed(tx, user, noticeId);
		if (notice.status !== 'published')
			throw new UserError(409, '締め切れるのは公開中の通知だけです。');
		await tx.notice.update({ where: { id: noticeId }, data: { status: 'closed', closedAt: now } });
		await record(tx, {
			...actor(user),
			action: 'notice.close',
			objectType: 'notice',
			objectId: noticeId,
			before: { status: 'published' },
			after: { status: 'closed' }
		});
	});
}
