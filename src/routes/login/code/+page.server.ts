import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { completeSecondFactor } from '#lib/server/auth/sign-in.ts';
import { setSessionCookie } from '#lib/server/auth/sessions.ts';
import { safeRedirectPath } from '#lib/server/auth/redirect.ts';
import { retryAfter } from '#lib/server/auth/form.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { CHALLENGE_COOKIE, deleteChallengeCookie } from '#lib/server/auth/challenge-cookie.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

const backTo = (url: URL) => safeRedirectPath(url.searchParams.get('redirectTo'));
const restart = (url: URL) => `/login?notice=expired&redirectTo=${encodeURIComponent(backTo(url))}`;

export const load: PageServerLoad = ({ cookies, locals, url }) => {
	if (locals.user) redirect(303, backTo(url));
	if (!cookies.get(CHALLENGE_COOKIE)) redirect(303, restart(url));
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress, setHeaders }) => {
		const challenge = cookies.get(CHALLENGE_COOKIE);
		if (!challenge) redirect(303, restart(url));
		const data = await readTextFields(request);
		if (!data) return fail(400, { message: m.form_malformed() });
		const code = (data.code ?? '').trim();
		if (code === '' || code.length > 64) return fail(400, { message: m.code_required() });

		const result = await completeSecondFactor(db, { challenge, code, ip: getClientAddress() });
		if (result.status === 'expired') {
			deleteChallengeCookie(cookies);
			redirect(303, restart(url));
		}
		if (result.status === 'throttled') {
			const retry = retryAfter(result.retryAfterSeconds);
			setHeaders(retry.header);
			return fail(429, {
				message: m.login_throttled({ minutes: retry.minutes, time: retry.time })
			});
		}
		if (result.status === 'failed') {
			if (result.attemptsLeft === 0) {
				deleteChallengeCookie(cookies);
				redirect(303, restart(url));
			}
			return fail(400, { message: m.code_wrong({ left: result.attemptsLeft }) });
		}
		deleteChallengeCookie(cookies);
		setSessionCookie(cookies, result.token, result.expiresAt);
		redirect(303, backTo(url));
	}
};
