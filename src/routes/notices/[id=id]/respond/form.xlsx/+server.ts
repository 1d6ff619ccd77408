import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { buildResponseWorkbook } from '#lib/server/workbook/export.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { XLSX_TYPE } from '#lib/server/http/table-download.ts';
import type { RequestHandler } from './$types';

// The 回答様式 of the signed-in respondent's own department (buildResponseWorkbook scopes by the
// session's department and 404s for anyone else), its current responses filled in.
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	const { fileName, bytes } = await orHttpError(buildResponseWorkbook(db, user, params.id));
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': XLSX_TYPE,
			'Content-Disposition': contentDisposition('attachment', fileName),
			'Cache-Control': 'private, no-store'
		}
	});
};
