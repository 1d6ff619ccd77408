import type { Cookies } from '@sveltejs/kit';

/** Between the password and the code: `<id>.<secret>` of a SignInChallenge, for /login only. */
export const CHALLENGE_COOKIE = 'kairan_challenge';

export function setChallengeCookie(cookies: Cookies, token: string, expiresAt: Date) {
	cookies.set(CHALLENGE_COOKIE, token, {
		path: '/login',
		httpOnly: true,
		sameSite: 'lax',
		expires: expiresAt
	});
}

export function deleteChallengeCookie(cookies: Cookies) {
	cookies.delete(CHALLENGE_COOKIE, { path: '/login', httpOnly: true, sameSite: 'lax' });
}
