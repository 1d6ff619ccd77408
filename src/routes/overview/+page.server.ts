import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { PREFECTURE_SCOPES, openDashboards } from '#lib/server/reports/progress.ts';
import { z } from 'zod';
import { TILE_MEASURES } from '#lib/domain/tile-map.ts';
import { readSecondLayers, secondLayerTotals } from '#lib/server/reports/forwarding.ts';
import type { PageServerLoad } from './$types';

// National overview: every open notice with its totals, charts and prefecture tile map, read
// from the dashboards' rollup in a constant number of statements (at most 20 notices).
// Issuers see the notices they manage; viewers and admins every published one.
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, ['issuer', 'viewer', 'admin'], url);
	const now = new Date();
	const scope = z.enum(PREFECTURE_SCOPES).catch('all').parse(url.searchParams.get('scope'));
	const measure = z.enum(TILE_MEASURES).catch('complete').parse(url.searchParams.get('measure'));
	const dashboards = await openDashboards(db, user, now, scope, 20);
	// The second layer of the forwardable ones: one grouped read for the page's notices.
	const layers = await readSecondLayers(
		db,
		dashboards.filter((d) => d.notice.forwardable).map((d) => d.notice.id)
	);
	return {
		asOf: now.toISOString(),
		scope,
		measure,
		notices: dashboards.map((d) => ({
			id: d.notice.id,
			title: d.notice.title,
			deadline: d.notice.deadline,
			...d,
			secondLayer: layers.has(d.notice.id) ? secondLayerTotals(layers.get(d.notice.id)!) : null
		}))
	};
};
