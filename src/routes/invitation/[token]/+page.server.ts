import { fail, redirect } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { acceptInvitation, findInvitation } from '#lib/server/people/invitations.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { passwordProblemMessage } from '#lib/server/auth/messages.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is in the URL: keep the page out of caches and referrers.
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
	const row = params.token.length <= 200 ? await findInvitation(db, params.token) : null;
	return {
		invitation: row && {
			email: row.email,
			name: row.name,
			department: row.department
				? `${row.department.organization.name} ${row.department.name}`
				: null
		}
	};
};

export const actions: Actions = {
	default: async ({ params, request, getClientAddress }) => {
		const data = await readTextFields(request);
		if (!data) return fail(400, { field: null, message: m.form_malformed() });
		const password = data.password ?? '';
		if (password !== (data.confirm ?? ''))
			return fail(400, { field: 'confirm', message: m.password_mismatch() });
		if (params.token.length > 200)
			return fail(400, { field: null, message: m.invitation_invalid() });
		const result = await acceptInvitation(db, params.token, password, { ip: getClientAddress() });
		if (!result.ok) {
			if (result.problem === 'invalid_link')
				return fail(400, { field: null, message: m.invitation_invalid() });
			if (result.problem === 'taken')
				return fail(409, { field: null, message: m.invitation_taken() });
			return fail(400, { field: 'password', message: passwordProblemMessage(result.problem) });
		}
		redirect(303, '/login?notice=invited');
	}
};
