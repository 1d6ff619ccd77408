import { fail } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { requireUser } from '#lib/server/auth/guard.ts';
import { changePassword } from '#lib/server/auth/account.ts';
import { retryAfter } from '#lib/server/auth/form.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { passwordProblemMessage } from '#lib/server/auth/messages.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireUser(locals, url);
};

export const actions: Actions = {
	default: async ({ locals, url, request, getClientAddress, setHeaders }) => {
		const user = requireUser(locals, url);
		const data = await readTextFields(request);
		if (!data) return fail(400, { field: null, message: m.form_malformed() });
		const current = data.current ?? '';
		const next = data.password ?? '';
		if (current === '' || current.length > 1024)
			return fail(400, { field: 'current', message: m.password_current_required() });
		if (next !== (data.confirm ?? ''))
			return fail(400, { field: 'confirm', message: m.password_mismatch() });
		const result = await changePassword(db, {
			userId: user.id,
			sessionId: locals.sessionId,
			current,
			next,
			ip: getClientAddress()
		});
		if (result.ok) return { changed: true };
		if (result.problem === 'throttled') {
			const retry = retryAfter(result.retryAfterSeconds ?? 60);
			setHeaders(retry.header);
			return fail(429, {
				field: null,
				message: m.login_throttled({ minutes: retry.minutes, time: retry.time })
			});
		}
		if (result.problem === 'wrong_password')
			return fail(400, { field: 'current', message: m.password_current_wrong() });
		return fail(400, { field: 'password', message: passwordProblemMessage(result.problem) });
	}
};
