import { redirect } from '@sveltejs/kit';
import { getLocale } from '#lib/paraglide/runtime.js';
import { safeRedirectPath } from '#lib/server/auth/redirect.ts';
import type { RequestHandler } from './$types';
import { readForm } from '#lib/server/http/form.ts';

/** Switches between Japanese and English without JavaScript (the cookie Paraglide reads). */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await readForm(request);
	const next = getLocale() === 'ja' ? 'en' : 'ja';
	cookies.set('kairan_locale', next, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		maxAge: 60 * 60 * 24 * 400
	});
	redirect(303, safeRedirectPath(String(form.get('redirectTo') ?? ''), '/'));
};
