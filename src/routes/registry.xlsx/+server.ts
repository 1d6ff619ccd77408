import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { registryTable } from '#lib/server/reports/registry-table.ts';
import { registryFilter } from '#lib/server/reports/registry-filter.ts';
import { tableToXlsx } from '#lib/server/reports/table-files.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUserApi(locals);
	const table = await registryTable(db, user, registryFilter(url));
	return new Response(new Uint8Array(await tableToXlsx(table)), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': contentDisposition('attachment', `${table.title}.xlsx`),
			'Cache-Control': 'private, no-store'
		}
	});
};
