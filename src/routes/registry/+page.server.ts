import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { registryPage } from '#lib/server/reports/registry-table.ts';
import { readPage, withoutPage } from '#lib/domain/paging.ts';
import { registryFilter } from '#lib/server/reports/registry-filter.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const filter = registryFilter(url);
	return {
		filter,
		table: await registryPage(db, user, filter, readPage(url.searchParams)),
		prefectures: await db.organization.findMany({
			where: { kind: 'prefecture' },
			orderBy: { prefectureCode: 'asc' },
			select: { prefectureCode: true, name: true }
		}),
		// The downloads take the filters, never the page: they hold every row.
		query: `?${withoutPage(url.searchParams)}`
	};
};
