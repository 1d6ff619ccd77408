import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { listNotices } from '#lib/server/notices/queries.ts';
import { PREFECTURE_SCOPES, noticeDashboard } from '#lib/server/reports/progress.ts';
import { z } from 'zod';
import { TILE_MEASURES } from '#lib/domain/tile-map.ts';
import type { PageServerLoad } from './$types';

// National overview: every open notice with its totals, charts and prefecture tile map.
// Issuers see the notices they manage; viewers and admins every published one.
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, ['issuer', 'viewer', 'admin'], url);
	const open = (await listNotices(db, user, { status: 'published' })).slice(0, 20);
	const now = new Date();
	const scope = z.enum(PREFECTURE_SCOPES).catch('all').parse(url.searchParams.get('scope'));
	const measure = z.enum(TILE_MEASURES).catch('complete').parse(url.searchParams.get('measure'));
	return {
		asOf: now.toISOString(),
		scope,
		measure,
		notices: await Promise.all(
			open.map(async (n) => ({
				id: n.id,
				title: n.title,
				deadline: n.deadline,
				...(await noticeDashboard(db, user, n.id, now, scope))
			}))
		)
	};
};
