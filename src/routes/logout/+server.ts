import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { deleteSessionCookie } from '#lib/server/auth/sessions.ts';
import { signOut } from '#lib/server/auth/account.ts';
import type { RequestHandler } from './$types';

// A form POST: kit's CSRF check covers it, so a third-party page cannot sign a user out.
export const POST: RequestHandler = async ({ locals, cookies, getClientAddress }) => {
	if (locals.sessionId)
		await signOut(db, locals.sessionId, locals.user?.id ?? null, getClientAddress());
	deleteSessionCookie(cookies);
	redirect(303, '/login');
};
