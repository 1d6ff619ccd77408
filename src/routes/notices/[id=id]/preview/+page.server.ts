import { error } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { getNotice } from '#lib/server/notices/queries.ts';
import type { PageServerLoad } from './$types';

// The version being written, exactly as recipients will see it once published.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer'], url);
	const notice = await getNotice(db, user, params.id, 'editable');
	if (!notice) error(404, 'プレビューできる版がありません。 / Nothing to preview.');
	return { notice };
};
