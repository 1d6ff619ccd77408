// The lifecycle of a notice after writing: publish, correct (訂正), withdraw (取消), close.
//
// Publishing at any size: a notice may go to all 5,400 departments. Its recipients and its
// outbox rows are written first, outside any long transaction, by set-based statements
// (recipients/addressees.ts writeRecipients, mail/queue.ts writeNoticeMails) whose cost does not
// grow in round trips with the number of addressees. Nobody sees them yet: the notice is still a
// draft (respondents and viewers see notices past draft only) and the mails are `held` (the
// worker sends queued ones only). Then one short transaction commits the publication — the
// version frozen, the status, the response items, the mails released (held → queued, one
// statement), one audit event with the counts — after checking that the recipients written are
// exactly those the rule names now. A crash before it leaves an unpublished draft; publishing
// again reuses what was written and adds what is missing (every write is idempotent).
// Corrections and withdrawals write their mails the same way. The mails hold no text: the
// worker composes each one when it sends it (mail/notice-mails.ts).
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { faultPoint } from '../db/fault-points.ts';
import { managedNotices } from './access.ts';
import { editableVersion } from './drafts.ts';
import {
	countAddressees,
	countRecipientsInRule,
	writeRecipients
} from '../recipients/addressees.ts';
import type { MissingItem } from '../mail/compose.ts';
import { discardHeld, occasionKey, releaseOccasion, writeNoticeMails } from '../mail/queue.ts';
import { addresseeRuleSchema } from '../../domain/addressees.ts';
import { missingForPublication } from '../../domain/notice-form.ts';
import { versionContent } from '../../domain/notices.ts';
import { publishCorrectionItems, publishDraftItems } from './items.ts';
import * as rollup from '../reports/rollup.ts';

export type PublishOptions = {
	/** Base of the link in each mail (kept for callers; mails are composed when sent). */
	publicUrl?: string;
	/** The operator's MAIL_REPLY_TO (used when the mail is composed; see notice-mails.ts). */
	operatorReplyTo?: string;
	now?: Date;
};

/**
 * A recipient as a reminder addresses it: the department's name and its addresses, and what it
 * has not submitted (reminderAudience).
 */
export type MailRecipient = {
	recipientId: string;
	name: string;
	/** JIS code of the department's prefecture ('' for none). */
	prefectureCode?: string;
	emails: string[];
	missingItems?: MissingItem[];
};

/** Longest a commit transaction may take (it is a handful of statements, whatever the size). */
const COMMIT_TIMEOUT_MS = 15_000;

async function managed(tx: Tx | Db, user: SessionUser, noticeId: string) {
	const notice = await tx.notice.findFirst({
		where: { AND: [{ id: noticeId }, managedNotices(user)] },
		select: { id: true, status: true, currentVersionNumber: true }
	});
	if (!notice) throw notFound();
	return notice;
}

/**
 * Publishes a draft: writes one Recipient per addressed department and one held mail per
 * recipient, then commits version 1 and releases the mails. Returns the number of recipients.
 */
export async function publishNotice(
	db: Db,
	user: SessionUser,
	noticeId: string,
	options: PublishOptions
): Promise<number> {
	const now = options.now ?? new Date();
	const { notice, version } = await editableVersion(db, user, noticeId);
	if (notice.status !== 'draft') throw new UserError(409, 'この通知は既に公開されています。');
	const rule = addresseeRuleSchema.parse(version.addresseeRule);
	const missing = missingForPublication(versionContent(version), await countAddressees(db, rule));
	if (missing.length > 0)
		throw new UserError(400, missing.map((m) => m.message).join(' '), missing[0].field);

	// The batches: invisible until the commit below.
	await writeRecipients(db, noticeId, rule);
	await faultPoint('publish.recipients_written');
	await writeNoticeMails(db, {
		noticeId,
		kind: 'publication',
		versionNumber: version.number,
		now,
		status: 'held'
	});
	await faultPoint('publish.mails_written');

	return db.$transaction(
		async (tx) => {
			const current = await editableVersion(tx, user, noticeId);
			if (current.notice.status !== 'draft')
				throw new UserError(409, 'この通知は既に公開されています。');
			// The draft may have been edited meanwhile: what is committed is what the rule says now.
			const rule = addresseeRuleSchema.parse(current.version.addresseeRule);
			const expected = await countAddressees(tx, rule);
			const written = await countRecipientsInRule(tx, noticeId, rule);
			if (written.total !== expected || written.inRule !== expected)
				throw new UserError(
					409,
					'公開の途中で宛先が変わりました。もう一度公開してください。 / The addressees changed while publishing; publish again.'
				);
			// Conditional update: of two concurrent publishes, exactly one finds the draft.
			const claimed = await tx.notice.updateMany({
				where: { id: noticeId, status: 'draft' },
				data: { status: 'published', publishedAt: now, currentVersionNumber: version.number }
			});
			if (claimed.count !== 1) throw new UserError(409, 'この通知は既に公開されています。');
			await tx.noticeVersion.update({
				where: { id: current.version.id },
				data: { publishedAt: now, publishedById: user.id }
			});
			await publishDraftItems(tx, noticeId, current.version);
			const occasion = occasionKey('publication', noticeId, version.number);
			const { queued, unaddressed } = await releaseOccasion(tx, occasion);
			await record(tx, {
				...actor(user),
				action: 'notice.publish',
				objectType: 'notice',
				objectId: noticeId,
				after: { version: version.number, recipients: expected, mails: queued, unaddressed, rule }
			});
			// The dashboards' rollup, after the audit event (whose chain head orders writers).
			await rollup.onPublished(tx, noticeId);
			return expected;
		},
		{ timeout: COMMIT_TIMEOUT_MS }
	);
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
		// Mails written by an attempt to publish it that never committed.
		await discardHeld(tx, occasionKey('correction', noticeId, version.number));
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
	const draft = await editableVersion(db, user, noticeId);
	if (draft.notice.status !== 'published') throw new UserError(409, '訂正中の版がありません。');
	const occasion = occasionKey('correction', noticeId, draft.version.number);
	await writeNoticeMails(db, {
		noticeId,
		kind: 'correction',
		versionNumber: draft.version.number,
		now,
		status: 'held'
	});
	await faultPoint('correct.mails_written');
	return db.$transaction(
		async (tx) => {
			const { notice, version } = await editableVersion(tx, user, noticeId);
			if (notice.status !== 'published') throw new UserError(409, '訂正中の版がありません。');
			const missing = missingForPublication(versionContent(version), 1);
			if (missing.length > 0)
				throw new UserError(400, missing.map((m) => m.message).join(' '), missing[0].field);
			const claimed = await tx.notice.updateMany({
				where: { id: noticeId, status: 'published', currentVersionNumber: version.number - 1 },
				data: { currentVersionNumber: version.number }
			});
			if (claimed.count !== 1 || version.number !== draft.version.number)
				throw new UserError(409, 'この訂正は既に公開されています。');
			await tx.noticeVersion.update({
				where: { id: version.id },
				data: { publishedAt: now, publishedById: user.id, correctionReason: why }
			});
			const reopenedItems = await publishCorrectionItems(tx, user, noticeId, version);
			const { queued: count, unaddressed } = await releaseOccasion(tx, occasion, {
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
					recipients: count + unaddressed,
					mails: count,
					unaddressed,
					reopened: reopenedItems.map((i) => i.number)
				}
			});
			await rollup.onPublished(tx, noticeId);
			return count + unaddressed;
		},
		{ timeout: COMMIT_TIMEOUT_MS }
	);
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
	const before = await managed(db, user, noticeId);
	if (before.status !== 'published' && before.status !== 'closed')
		throw new UserError(409, '取り消せるのは公開済みの通知だけです。');
	const occasion = occasionKey('withdrawal', noticeId, before.currentVersionNumber);
	await writeNoticeMails(db, {
		noticeId,
		kind: 'withdrawal',
		versionNumber: before.currentVersionNumber,
		now,
		status: 'held'
	});
	await db.$transaction(
		async (tx) => {
			const notice = await managed(tx, user, noticeId);
			if (notice.status !== 'published' && notice.status !== 'closed')
				throw new UserError(409, '取り消せるのは公開済みの通知だけです。');
			if (notice.currentVersionNumber !== before.currentVersionNumber)
				throw new UserError(409, '通知が訂正されました。もう一度取り消してください。');
			await tx.notice.update({
				where: { id: noticeId },
				data: { status: 'withdrawn', withdrawnAt: now, withdrawalReason: why }
			});
			// A correction in progress can no longer be published.
			await tx.noticeVersion.deleteMany({
				where: { noticeId, number: { gt: notice.currentVersionNumber }, publishedAt: null }
			});
			await discardHeld(tx, occasionKey('correction', noticeId, notice.currentVersionNumber + 1));
			const { queued: mails } = await releaseOccasion(tx, occasion);
			await record(tx, {
				...actor(user),
				action: 'notice.withdraw',
				objectType: 'notice',
				objectId: noticeId,
				before: { status: notice.status },
				after: { status: 'withdrawn', reason: why, mails }
			});
		},
		{ timeout: COMMIT_TIMEOUT_MS }
	);
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
