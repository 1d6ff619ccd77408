import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { openItems } from '#lib/server/recipients/open-items.ts';
import type { PageServerLoad } from './$types';

// A respondent's home is what its department still has to do; everyone else starts from the
// notice list.
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user) redirect(303, '/login');
	if (user.role !== 'respondent') redirect(303, '/notices');
	return await openItems(db, user);
};
