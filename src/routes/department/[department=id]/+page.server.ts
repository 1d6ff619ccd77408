import { fail } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { requireUser } from '#lib/server/auth/guard.ts';
import { departmentOverview } from '#lib/server/people/department.ts';
import { invite, resendInvitation, withdrawInvitation } from '#lib/server/people/invitations.ts';
import { disablePerson } from '#lib/server/people/manage.ts';
import { setDepartmentAddresses } from '#lib/server/addresses/edit.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { kickOutbox, mailOptions } from '#lib/server/mail/app.ts';
import { m } from '#lib/paraglide/messages.js';
import { requireManagedDepartment } from '#lib/server/people/access.ts';
import type { SessionUser } from '#lib/server/auth/sessions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) =>
	orHttpError(
		(async () => {
			const user = requireUser(locals, url);
			const page = Math.min(Math.max(1, Number(url.searchParams.get('page')) || 1), 10_000);
			const overview = await departmentOverview(db, user, params.department, page);
			return {
				...overview,
				page,
				// Who may be invited with which rights: the form offers only those.
				canChooseRole: user.role === 'admin',
				canMakeManager: user.role === 'admin' || Boolean(user.prefectureAdmin),
				self: user.id
			};
		})()
	);

/**
 * Runs a change on the department for the signed-in user: a department outside their reach is a
 * 404 before the form is read; a UserError is shown beside the form.
 */
async function act(
	locals: App.Locals,
	departmentId: string,
	request: Request,
	work: (user: SessionUser, fields: Record<string, string>) => Promise<unknown>
) {
	const user = requireUser(locals);
	try {
		await requireManagedDepartment(db, user, departmentId);
	} catch (e) {
		return userFailure(e);
	}
	const fields = await readTextFields(request);
	if (!fields) return fail(400, { message: m.form_malformed(), field: null });
	try {
		await work(user, fields);
	} catch (e) {
		return userFailure(e);
	}
	return null;
}

export const actions: Actions = {
	invite: async ({ locals, params, request }) => {
		const failed = await act(locals, params.department, request, (user, f) =>
			invite(
				db,
				user,
				{
					email: f.email ?? '',
					name: f.name ?? '',
					role: user.role === 'admin' ? (f.role ?? 'respondent') : 'respondent',
					departmentId: params.department,
					manager: f.manager === 'on'
				},
				mailOptions()
			)
		);
		if (failed) return failed;
		kickOutbox();
		return { done: 'invited' };
	},
	resend: async ({ locals, params, request }) => {
		const failed = await act(locals, params.department, request, (user, f) =>
			resendInvitation(db, user, f.invitation ?? '', mailOptions())
		);
		if (failed) return failed;
		kickOutbox();
		return { done: 'resent' };
	},
	withdraw: async ({ locals, params, request }) =>
		(await act(locals, params.department, request, (user, f) =>
			withdrawInvitation(db, user, f.invitation ?? '')
		)) ?? { done: 'withdrawn' },
	remove: async ({ locals, params, request }) =>
		(await act(locals, params.department, request, (user, f) =>
			disablePerson(db, user, f.user ?? '')
		)) ?? { done: 'removed' },
	addresses: async ({ locals, params, request }) =>
		(await act(locals, params.department, request, (user, f) =>
			setDepartmentAddresses(db, user, params.department, f.addresses ?? '')
		)) ?? { done: 'addresses' }
};
