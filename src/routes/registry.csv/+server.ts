import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { registryTable } from '#lib/server/reports/registry-table.ts';
import { registryFilter } from '#lib/server/reports/registry-filter.ts';
import { tableToCsv } from '#lib/server/reports/table-files.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUserApi(locals);
	const table = await registryTable(db, user, registryFilter(url));
	return new Response(tableToCsv(table), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': contentDisposition('attachment', `${table.title}.csv`),
			'Cache-Control': 'private, no-store'
		}
	});
};
