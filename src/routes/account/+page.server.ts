import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { requireUser } from '#lib/server/auth/guard.ts';
import { deleteSessionCookie, listOwnSessions } from '#lib/server/auth/sessions.ts';
import { signOutEverywhere } from '#lib/server/auth/account.ts';
import { remainingRecoveryCodes } from '#lib/server/auth/totp.ts';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const pageParam = url.searchParams.get('page');
	const page = pageParam && /^[1-9]\d{0,4}$/.test(pageParam) ? Number(pageParam) : 1;
	const [{ sessions, total }, account] = await Promise.all([
		listOwnSessions(db, user.id, locals.sessionId, {
			take: PAGE_SIZE,
			skip: (page - 1) * PAGE_SIZE
		}),
		db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnrolledAt: true } })
	]);
	return {
		sessions,
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
		totpEnrolledAt: account.totpEnrolledAt,
		recoveryCodesLeft: account.totpEnrolledAt ? await remainingRecoveryCodes(db, user.id) : null
	};
};

export const actions: Actions = {
	signOutEverywhere: async ({ locals, cookies, url, getClientAddress }) => {
		const user = requireUser(locals, url);
		await signOutEverywhere(db, user.id, getClientAddress());
		deleteSessionCookie(cookies);
		redirect(303, '/login');
	}
};
