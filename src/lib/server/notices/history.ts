// The published versions of a notice, each with what it changed from the one before.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { visibleNotices } from './access.ts';
import { diffAttachments, diffContent, type AttachmentRef } from '../../domain/notice-diff.ts';
import { versionContent } from '../../domain/notices.ts';

type PublishedVersion = Parameters<typeof versionContent>[0] & {
	number: number;
	publishedAt: Date | null;
	correctionReason: string | null;
	attachments: AttachmentRef[];
};

export async function noticeHistory(db: Db, user: SessionUser, noticeId: string) {
	const visible = await db.notice.count({
		where: { AND: [{ id: noticeId }, visibleNotices(user)] }
	});
	if (visible !== 1) return [];
	const versions = await db.noticeVersion.findMany({
		where: { noticeId, publishedAt: { not: null } },
		orderBy: { number: 'asc' },
		include: {
			attachments: {
				orderBy: { position: 'asc' },
				select: { label: true, title: true, sha256: true }
			}
		}
	});
	return versionHistory(versions);
}

/** The history of versions already read: published ones only, in number order. */
export function versionHistory(versions: PublishedVersion[]) {
	const refs = (v: PublishedVersion): AttachmentRef[] =>
		v.attachments.map(({ label, title, sha256 }) => ({ label, title, sha256 }));
	return versions.map((v, i) => {
		const content = versionContent(v);
		const previous = i > 0 ? versions[i - 1] : null;
		return {
			number: v.number,
			publishedAt: v.publishedAt!,
			correctionReason: v.correctionReason,
			changes: previous ? diffContent(versionContent(previous), content) : [],
			attachmentChanges: previous ? diffAttachments(refs(previous), refs(v)) : []
		};
	});
}
