// 受領確認: a respondent confirms, explicitly, that their department received the current
// version of a notice. Only an issuer who manages the notice can take a confirmation back
// (e.g. one given by mistake); both are audited with who and when.
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record, type AuditInput } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { managedNotices, visibleNotices } from '../notices/access.ts';
import * as rollup from '../reports/recipient-rollup.ts';

export async function acknowledge(db: Db, user: SessionUser, noticeId: string, now = new Date()) {
	if (user.role !== 'respondent' || !user.departmentId)
		throw new UserError(403, '受領確認は宛先部局の担当者が行います。');
	const departmentId = user.departmentId;
	return db.$transaction(async (tx) => {
		const notice = await tx.notice.findFirst({
			where: { AND: [{ id: noticeId }, visibleNotices(user)] },
			select: { status: true, currentVersionNumber: true }
		});
		if (!notice) throw notFound();
		if (notice.status !== 'published')
			throw new UserError(409, 'この通知は受付を終了しているため、受領確認できません。');
		const recipient = await tx.recipient.findUniqueOrThrow({
			where: { noticeId_departmentId: { noticeId, departmentId } },
			select: { id: true }
		});
		return recordReceipt(tx, {
			recipientId: recipient.id,
			versionNumber: notice.currentVersionNumber,
			userId: user.id,
			departmentId: user.departmentId,
			noticeId,
			now
		});
	});
}

/**
 * Receipt of a version, inside the caller's transaction: the one place an Acknowledgment is
 * written. An explicit 受領確認 calls it; so does saving or submitting an answer (`cause`),
 * since a department that answers has plainly received the notice — no screen may show
 * 「全項目提出済み」 beside 「受領未確認」. Confirming twice keeps the first confirmation.
 */
export async function recordReceipt(
	tx: Tx,
	receipt: {
		recipientId: string;
		versionNumber: number;
		userId: string;
		/** The user's department: the event joins its chain (audit/chain.ts), request or not. */
		departmentId: string | null;
		noticeId: string;
		now: Date;
		/** The action that implied receipt, when it was not an explicit confirmation. */
		cause?: 'response.save_draft' | 'response.submit';
	},
	/**
	 * Where to put the receipt's audit event when the caller records it together with its own
	 * (recordAll: one claim of the chain for both); otherwise it is recorded here.
	 */
	events?: AuditInput[]
) {
	const { recipientId, versionNumber, userId, departmentId, noticeId, now } = receipt;
	const key = { recipientId_versionNumber: { recipientId, versionNumber } };
	const existing = await tx.acknowledgment.findUnique({ where: key });
	if (existing) return existing;
	const created = await tx.acknowledgment.create({
		data: { recipientId, versionNumber, userId, createdAt: now }
	});
	// Confirming receipt implies having opened it.
	await tx.recipient.updateMany({
		where: { id: recipientId, firstViewedAt: null },
		data: { firstViewedAt: now, firstViewedById: userId }
	});
	const event: AuditInput = {
		...actor({ id: userId, departmentId }),
		action: 'acknowledgment.create',
		objectType: 'recipient',
		objectId: recipientId,
		after: { noticeId, versionNumber, ...(receipt.cause ? { impliedBy: receipt.cause } : {}) }
	};
	if (events) events.push(event);
	else await record(tx, event);
	// After the audit event (whose chain head orders writers) — see rollup.ts. An answer's save
	// counts the receipt with the answer (rollup.onAnswerSaved).
	if (!receipt.cause) await rollup.onReceipt(tx, recipientId);
	return created;
}

/**
 * Takes back the acknowledgment of the notice's current version (the one the delivery table
 * shows): the version comes from the notice, never from the form.
 */
export async function revokeAcknowledgment(
	db: Db,
	user: SessionUser,
	noticeId: string,
	recipientId: string
) {
	if (!recipientId) throw new UserError(400, '取り消す受領確認の指定が正しくありません。');
	await db.$transaction(async (tx) => {
		const notice = await tx.notice.findFirst({
			where: { AND: [{ id: noticeId }, managedNotices(user)] },
			select: { currentVersionNumber: true }
		});
		if (!notice) throw notFound();
		const versionNumber = notice.currentVersionNumber;
		const ack = await tx.acknowledgment.findFirst({
			where: { recipientId, versionNumber, recipient: { noticeId } },
			include: { user: { select: { name: true } } }
		});
		if (!ack) throw new UserError(404, '取り消す受領確認が見つかりません。');
		await tx.acknowledgment.delete({ where: { id: ack.id } });
		await record(tx, {
			...actor(user),
			action: 'acknowledgment.revoke',
			objectType: 'recipient',
			objectId: recipientId,
			before: { noticeId, versionNumber, by: ack.userId, at: ack.createdAt.toISOString() }
		});
		await rollup.onReceipt(tx, recipientId);
	});
}
