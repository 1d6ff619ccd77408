import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '#lib/server/db/index.ts';
import { signIn } from '#lib/server/auth/sign-in.ts';
import { invalidateSession, setSessionCookie } from '#lib/server/auth/sessions.ts';
import { pruneSignInThrottle } from '#lib/server/auth/throttle.ts';
import { safeRedirectPath } from '#lib/server/auth/redirect.ts';
import { retryAfter } from '#lib/server/auth/form.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { CHALLENGE_COOKIE, setChallengeCookie } from '#lib/server/auth/challenge-cookie.ts';
import { m } from '#lib/paraglide/messages.js';
import { logger } from '#lib/server/log.ts';
import type { Actions, PageServerLoad } from './$types';

const form = z.object({
	email: z.string().trim().min(1).max(254),
	password: z.string().min(1).max(1024)
});

let lastPrune = 0;

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
	const notice = url.searchParams.get('notice');
	return {
		notice:
			notice === 'reset'
				? m.reset_done()
				: notice === 'invited'
					? m.invitation_done()
					: notice === 'expired'
						? m.code_expired()
						: null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url, getClientAddress, setHeaders }) => {
		const data = await readTextFields(request);
		if (!data) return fail(400, { email: '', message: m.form_malformed() });
		const parsed = form.safeParse(data);
		const email = typeof data.email === 'string' ? data.email.slice(0, 254) : '';
		if (!parsed.success) return fail(400, { email, message: m.login_invalid() });

		const ip = getClientAddress();
		if (Date.now() - lastPrune > 60 * 60_000) {
			lastPrune = Date.now();
			void pruneSignInThrottle(db).catch((e) =>
				logger.error({ err: e }, 'pruning the sign-in throttle failed')
			);
		}
		const result = await signIn(db, { ...parsed.data, ip });
		if (result.status === 'throttled') {
			const retry = retryAfter(result.retryAfterSeconds);
			setHeaders(retry.header);
			return fail(429, {
				email,
				message: m.login_throttled({ minutes: retry.minutes, time: retry.time })
			});
		}
		if (result.status === 'failed') return fail(400, { email, message: m.login_failed() });
		// Rotation: a session that existed before sign-in is never carried over.
		if (locals.sessionId) await invalidateSession(db, locals.sessionId);
		const back = safeRedirectPath(url.searchParams.get('redirectTo'));
		if (result.status === 'second_factor') {
			setChallengeCookie(cookies, result.challenge, result.expiresAt);
			redirect(303, `/login/code?redirectTo=${encodeURIComponent(back)}`);
		}
		cookies.delete(CHALLENGE_COOKIE, { path: '/login' });
		setSessionCookie(cookies, result.token, result.expiresAt);
		redirect(303, back);
	}
};
