import { listFunctions } from '#lib/server/directory/functions.ts';
import { error } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { getNotice } from '#lib/server/notices/queries.ts';
import { editableItems } from '#lib/server/notices/items.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import type { PageServerLoad } from './$types';

// The version being written, exactly as recipients will see it once published, with the items
// each kind of addressee will be asked to answer.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer'], url);
	const notice = await getNotice(db, user, params.id, 'editable');
	if (!notice) error(404, 'プレビューできる版がありません。 / Nothing to preview.');
	const { items } = await orHttpError(editableItems(db, user, params.id));
	return { notice, items, functions: await listFunctions(db) };
};
