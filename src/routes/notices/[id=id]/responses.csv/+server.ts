import { error } from '@sveltejs/kit';
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import {
	nationalResponseStreams,
	nationalTableRowsStream,
	parseTableRef
} from '#lib/server/reports/responses-table.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { tableDownload } from '#lib/server/http/table-download.ts';
import type { RequestHandler } from './$types';

// The national table: issuers who manage the notice, viewers and admins (404 for anyone else).
// A CSV holds one table, so the rows of a table field come as their own file in long form:
// `?table=2.institutions` (記2's field `institutions`), one row per table row.
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUserApi(locals);
	const table = url.searchParams.get('table');
	if (table === null)
		return tableDownload(
			(await orHttpError(nationalResponseStreams(db, user, params.id))).main,
			'csv'
		);
	const ref = parseTableRef(table);
	if (!ref)
		error(400, 'table は「2.institutions」のように、記の番号と表の項目キーで指定してください。');
	return tableDownload(await orHttpError(nationalTableRowsStream(db, user, params.id, ref)), 'csv');
};
