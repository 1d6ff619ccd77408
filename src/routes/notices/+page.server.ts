import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { listNotices } from '#lib/server/notices/queries.ts';
import { todayInJapan } from '#lib/domain/dates.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	return { notices: await listNotices(db, user), today: todayInJapan(), role: user.role };
};
