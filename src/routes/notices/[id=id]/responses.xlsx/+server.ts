import { error } from '@sveltejs/kit';
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { nationalResponseTable } from '#lib/server/reports/responses-table.ts';
import { tableToXlsx } from '#lib/server/reports/table-files.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import { UserError } from '#lib/server/errors.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	const table = await nationalResponseTable(db, user, params.id).catch((e: unknown) => {
		if (e instanceof UserError) error(e.status, e.message);
		throw e;
	});
	return new Response(new Uint8Array(await tableToXlsx(table)), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': contentDisposition('attachment', `${table.title}.xlsx`),
			'Cache-Control': 'private, no-store'
		}
	});
};
