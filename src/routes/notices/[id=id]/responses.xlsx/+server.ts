import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { nationalResponseTable } from '#lib/server/reports/responses-table.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { tableDownload } from '#lib/server/http/table-download.ts';
import type { RequestHandler } from './$types';

// The national table: issuers who manage the notice, viewers and admins (404 for anyone else).
export const GET: RequestHandler = async ({ locals, params }) =>
	tableDownload(
		await orHttpError(nationalResponseTable(db, requireUserApi(locals), params.id)),
		'xlsx'
	);
