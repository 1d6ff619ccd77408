import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { registryTable } from '#lib/server/reports/registry-table.ts';
import { registryFilter } from '#lib/server/reports/registry-filter.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const filter = registryFilter(url);
	return {
		filter,
		table: await registryTable(db, user, filter),
		prefectures: await db.organization.findMany({
			where: { kind: 'prefecture' },
			orderBy: { prefectureCode: 'asc' },
			select: { prefectureCode: true, name: true }
		}),
		query: url.search
	};
};
