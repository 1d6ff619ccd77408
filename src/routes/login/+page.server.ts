import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '#lib/server/db/index.ts';
import { normalizeEmail, signIn } from '#lib/server/auth/sign-in.ts';
import { invalidateSession, setSessionCookie } from '#lib/server/auth/sessions.ts';
import { signInThrottle } from '#lib/server/auth/throttle.ts';
import { safeRedirectPath } from '#lib/server/auth/redirect.ts';
import { record } from '#lib/server/audit/index.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '#lib/server/http/form.ts';

const form = z.object({
	email: z.string().trim().min(1).max(254),
	password: z.string().min(1).max(1024)
});

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url, getClientAddress }) => {
		const data = Object.fromEntries(await readForm(request));
		const parsed = form.safeParse(data);
		const email = typeof data.email === 'string' ? data.email : '';
		if (!parsed.success) return fail(400, { email, message: m.login_invalid() });

		const ip = getClientAddress();
		const keys = [`email:${normalizeEmail(parsed.data.email)}`, `ip:${ip}`];
		if (signInThrottle.isBlocked(keys)) return fail(429, { email, message: m.login_failed() });

		const result = await signIn(db, parsed.data.email, parsed.data.password);
		if (!result.ok) {
			signInThrottle.fail(keys);
			return fail(400, { email, message: m.login_failed() });
		}
		signInThrottle.succeed(keys);
		// Rotation: a session that existed before sign-in is never carried over.
		if (locals.sessionId) await invalidateSession(db, locals.sessionId);
		setSessionCookie(cookies, result.token, result.expiresAt);
		await record(db, {
			actorId: result.userId,
			action: 'sign_in',
			objectType: 'user',
			objectId: result.userId,
			ip
		});
		redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
	}
};
