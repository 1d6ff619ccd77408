import { redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { deleteSessionCookie, invalidateSession } from '#lib/server/auth/sessions.ts';
import { record } from '#lib/server/audit/index.ts';
import type { RequestHandler } from './$types';

// A form POST: kit's CSRF check covers it, so a third-party page cannot sign a user out.
export const POST: RequestHandler = async ({ locals, cookies, getClientAddress }) => {
	if (locals.sessionId) {
		await invalidateSession(db, locals.sessionId);
		if (locals.user)
			await record(db, {
				actorId: locals.user.id,
				action: 'sign_out',
				objectType: 'user',
				objectId: locals.user.id,
				ip: getClientAddress()
			});
	}
	deleteSessionCookie(cookies);
	redirect(303, '/login');
};
