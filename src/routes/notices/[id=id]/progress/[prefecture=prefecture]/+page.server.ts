import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { prefectureDrilldown } from '#lib/server/reports/prefecture.ts';
import { pageOfList, readPage } from '#lib/domain/paging.ts';
import type { PageServerLoad } from './$types';

// A prefecture's bodies and their status; the reports module decides who may read the notice.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer', 'viewer', 'admin'], url);
	const drilldown = await orHttpError(prefectureDrilldown(db, user, params.id, params.prefecture));
	// A prefecture has up to a few hundred departments: listed a page at a time.
	const { rows, page } = pageOfList(
		drilldown.rows,
		readPage(url.searchParams),
		(r) => r.recipientId
	);
	return { ...drilldown, rows, page };
};
