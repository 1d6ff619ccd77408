import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { getNotice, recordFirstView } from '#lib/server/notices/queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const notice = await getNotice(db, user, params.id);
	if (!notice) error(404, '通知が見つかりません。 / Notice not found.');
	await recordFirstView(db, user, notice.id);
	return { notice };
};
