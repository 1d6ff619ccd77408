import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { itemsFile } from '#lib/server/notices/items.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import type { RequestHandler } from './$types';

// The notice's response items as a `kairan.items/1` file: its issuers (a draft's too), its
// addressees once published; 404 for anyone else.
export const GET: RequestHandler = async ({ locals, params }) => {
	const text = await orHttpError(itemsFile(db, requireUserApi(locals), params.id));
	return new Response(text, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="items-${params.id}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
