import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { deleteSessionCookie, invalidateSession } from '#lib/server/auth/sessions.ts';
import type { RequestHandler } from './$types';

// A form POST: kit's CSRF check covers it, so a third-party page cannot sign a user out.
export const POST: RequestHandler = async ({ locals, cookies }) => {
	if (locals.sessionId) await invalidateSession(db, locals.sessionId);
	deleteSessionCookie(cookies);
	redirect(303, '/login');
};
