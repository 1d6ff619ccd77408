import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { openItems } from '#lib/server/recipients/open-items.ts';
import { pageOfList, readPage } from '#lib/domain/paging.ts';
import type { PageServerLoad } from './$types';

// A respondent's home is what its department still has to do; everyone else starts from the
// notice list.
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) redirect(303, '/login');
	if (user.role !== 'respondent') redirect(303, '/notices');
	const open = await openItems(db, user);
	// Nearest deadline first, a page at a time (the order is decided in code: responses/due.ts).
	const { rows, page } = pageOfList(open.notices, readPage(url.searchParams), (n) => n.noticeId);
	return { ...open, notices: rows, page };
};
