import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { findResetToken, resetPassword } from '#lib/server/auth/reset.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { passwordProblemMessage } from '#lib/server/auth/messages.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is in the URL: keep the page out of caches and referrers.
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
	const row = params.token.length <= 200 ? await findResetToken(db, params.token) : null;
	return { valid: row !== null };
};

export const actions: Actions = {
	default: async ({ params, request, getClientAddress }) => {
		const data = await readTextFields(request);
		if (!data) return fail(400, { field: null, message: m.form_malformed() });
		const password = data.password ?? '';
		if (password !== (data.confirm ?? ''))
			return fail(400, { field: 'confirm', message: m.password_mismatch() });
		if (params.token.length > 200)
			return fail(400, { field: null, message: m.reset_link_invalid() });
		const result = await resetPassword(db, params.token, password, { ip: getClientAddress() });
		if (!result.ok) {
			if (result.problem === 'invalid_link')
				return fail(400, { field: null, message: m.reset_link_invalid() });
			return fail(400, { field: 'password', message: passwordProblemMessage(result.problem) });
		}
		redirect(303, '/login?notice=reset');
	}
};
