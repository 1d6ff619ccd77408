// A forwarding's own attachments (the cover note's 別添): checked like a notice's (uploads/
// validate.ts), stored by their SHA-256 in the blob storage, and readable by the forwarding
// department's users, the notice's issuers and viewers (whoever may read the notice and is not
// a respondent) and the departments the forwarding reached — no one else.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import type { Storage } from '../storage/index.ts';
import { UserError } from '../errors.ts';
import { visibleNotices } from '../notices/access.ts';
import { validateAttachmentUpload } from '../uploads/validate.ts';
import { MAX_FORWARDING_ATTACHMENTS, type StoredForwardingAttachment } from './forward.ts';

/**
 * Checks every uploaded file first, then stores them: one bad file refuses the lot (nothing is
 * stored). Stored blobs are content-addressed and harmless if the forwarding then fails.
 */
export async function storeForwardingUploads(
	storage: Storage,
	files: { fileName: string; bytes: Uint8Array; title: string }[]
): Promise<StoredForwardingAttachment[]> {
	if (files.length > MAX_FORWARDING_ATTACHMENTS)
		throw new UserError(
			400,
			`添付資料は${MAX_FORWARDING_ATTACHMENTS}件までです。 / At most ${MAX_FORWARDING_ATTACHMENTS} attachments.`,
			'files'
		);
	const checked = [];
	for (const file of files) {
		const result = await validateAttachmentUpload({ fileName: file.fileName, bytes: file.bytes });
		if (!result.ok)
			throw new UserError(result.status, `${result.message.ja} / ${result.message.en}`, 'files');
		checked.push({ ...file, fileName: result.fileName, contentType: result.contentType });
	}
	const stored: StoredForwardingAttachment[] = [];
	for (const file of checked) {
		const { sha256, size } = await storage.put(file.bytes);
		stored.push({
			title: file.title.trim().slice(0, 200),
			fileName: file.fileName,
			contentType: file.contentType,
			size,
			sha256
		});
	}
	return stored;
}

/** The forwardings this user may read the cover note and attachments of, on a visible notice. */
export function readableForwardings(user: SessionUser): Prisma.ForwardingWhereInput {
	if (user.role !== 'respondent') return { notice: visibleNotices(user) };
	if (!user.departmentId) return { id: { in: [] } };
	return {
		notice: visibleNotices(user),
		OR: [
			{ recipient: { departmentId: user.departmentId } },
			{ recipients: { some: { departmentId: user.departmentId } } }
		]
	};
}

/** One attachment as the download route serves it, or null (404) when not readable. */
export async function findForwardingAttachment(
	db: Db,
	user: SessionUser,
	noticeId: string,
	forwardingId: string,
	position: number
) {
	const n = position;
	if (!Number.isSafeInteger(n) || n < 1) return null;
	const attachment = await db.forwardingAttachment.findFirst({
		where: {
			position: n,
			forwarding: { AND: [{ id: forwardingId, noticeId }, readableForwardings(user)] }
		},
		select: { position: true, title: true, fileName: true, contentType: true, sha256: true }
	});
	return attachment ? { ...attachment, label: `別添${attachment.position}` } : null;
}
