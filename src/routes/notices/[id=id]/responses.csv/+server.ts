import { error } from '@sveltejs/kit';
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { nationalResponseTable } from '#lib/server/reports/responses-table.ts';
import { tableToCsv } from '#lib/server/reports/table-files.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import { UserError } from '#lib/server/errors.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	const table = await nationalResponseTable(db, user, params.id).catch((e: unknown) => {
		if (e instanceof UserError) error(e.status, e.message);
		throw e;
	});
	return new Response(tableToCsv(table), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': contentDisposition('attachment', `${table.title}.csv`),
			'Cache-Control': 'private, no-store'
		}
	});
};
