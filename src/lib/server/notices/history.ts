// The published versions of a notice, each with what it changed from the one before.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { visibleNotices } from './access.ts';
import { diffAttachments, diffContent } from '../../domain/notice-diff.ts';
import { versionContent } from '../../domain/notices.ts';

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
	return versions.map((v, i) => {
		const content = versionContent(v);
		const previous = i > 0 ? versions[i - 1] : null;
		return {
			number: v.number,
			publishedAt: v.publishedAt!,
			correctionReason: v.correctionReason,
			changes: previous ? diffContent(versionContent(previous), content) : [],
			attachmentChanges: previous ? diffAttachments(previous.attachments, v.attachments) : []
		};
	});
}
