import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { listNotices } from '#lib/server/notices/queries.ts';
import { noticeProgress, prefectureProgress } from '#lib/server/reports/progress.ts';
import type { PageServerLoad } from './$types';

// National overview: every open notice with its numbers, as tables (charts come later).
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, ['issuer', 'viewer', 'admin'], url);
	const open = (await listNotices(db, user, { status: 'published' })).slice(0, 20);
	return {
		notices: await Promise.all(
			open.map(async (n) => ({
				id: n.id,
				title: n.title,
				deadline: n.deadline,
				progress: await noticeProgress(db, user, n.id),
				prefectures: await prefectureProgress(db, user, n.id)
			}))
		)
	};
};
