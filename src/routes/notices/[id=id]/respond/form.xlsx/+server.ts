import { error } from '@sveltejs/kit';
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { buildResponseWorkbook } from '#lib/server/responses/workbook.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import { UserError } from '#lib/server/errors.ts';
import type { RequestHandler } from './$types';

// The 回答様式 of the signed-in respondent's own department (buildResponseWorkbook scopes by the
// session's department and 404s for anyone else), its current answers filled in.
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	const { fileName, bytes } = await buildResponseWorkbook(db, user, params.id).catch(
		(e: unknown) => {
			if (e instanceof UserError) error(e.status, e.message);
			throw e;
		}
	);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': contentDisposition('attachment', fileName),
			'Cache-Control': 'private, no-store'
		}
	});
};
