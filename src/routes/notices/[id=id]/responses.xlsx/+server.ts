import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { nationalResponseStreams } from '#lib/server/reports/responses-table.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { tableDownload } from '#lib/server/http/table-download.ts';
import type { RequestHandler } from './$types';

// The national table: issuers who manage the notice, viewers and admins (404 for anyone else).
// The first sheet has a row per department; each table field's rows follow on a sheet of its
// own, in long form.
export const GET: RequestHandler = async ({ locals, params }) => {
	const { main, rows } = await orHttpError(
		nationalResponseStreams(db, requireUserApi(locals), params.id)
	);
	return tableDownload([main, ...rows], 'xlsx');
};
