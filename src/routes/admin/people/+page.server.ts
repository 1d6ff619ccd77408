import { fail } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import {
	PEOPLE_PAGE_SIZE,
	changePerson,
	departmentByName,
	disablePerson,
	enablePerson,
	listPeople,
	peopleFilter,
	requireAdmin
} from '#lib/server/people/manage.ts';
import { invite } from '#lib/server/people/invitations.ts';
import { applyPeopleImport, decodeCsv, planPeopleImport } from '#lib/server/people/csv.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { formOrNull } from '#lib/server/http/form.ts';
import { kickOutbox, mailOptions } from '#lib/server/mail/app.ts';
import { UserError } from '#lib/server/errors.ts';
import { m } from '#lib/paraglide/messages.js';
import type { SessionUser } from '#lib/server/auth/sessions.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(
		(async () => {
			// Admins only; anyone else (signed in or not) gets the 404 of a page that is not there.
			requireAdmin(locals.user);
			const filter = peopleFilter(url);
			const list = await listPeople(db, locals.user, filter);
			return { filter, pageSize: PEOPLE_PAGE_SIZE, ...list };
		})()
	);

const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** An admin's change: 404 for anyone else before the form is read. */
async function act<T extends object>(
	locals: App.Locals,
	request: Request,
	work: (admin: SessionUser, form: FormData) => Promise<T>
) {
	let admin: SessionUser;
	try {
		admin = requireAdmin(locals.user);
	} catch (e) {
		return userFailure(e);
	}
	const form = await formOrNull(request);
	if (!form) return fail(400, { message: m.form_malformed(), field: null });
	try {
		return await work(admin, form);
	} catch (e) {
		return userFailure(e);
	}
}

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

export const actions: Actions = {
	invite: ({ locals, request }) =>
		act(locals, request, async (admin, form) => {
			const departmentId = await departmentByName(
				db,
				text(form, 'organization'),
				text(form, 'department')
			);
			await invite(
				db,
				admin,
				{
					email: text(form, 'email'),
					name: text(form, 'name'),
					role: text(form, 'role'),
					departmentId,
					manager: text(form, 'manager') === 'on'
				},
				mailOptions()
			);
			kickOutbox();
			return { done: 'invited' };
		}),
	change: ({ locals, request }) =>
		act(locals, request, async (admin, form) => {
			const departmentId = await departmentByName(
				db,
				text(form, 'organization'),
				text(form, 'department')
			);
			await changePerson(db, admin, text(form, 'user'), {
				role: text(form, 'role'),
				departmentId,
				manager: text(form, 'manager') === 'on',
				prefectureAdmin: text(form, 'prefectureAdmin').trim() || null
			});
			return { done: 'changed' };
		}),
	disable: ({ locals, request }) =>
		act(locals, request, async (admin, form) => {
			await disablePerson(db, admin, text(form, 'user'));
			return { done: 'disabled' };
		}),
	enable: ({ locals, request }) =>
		act(locals, request, async (admin, form) => {
			await enablePerson(db, admin, text(form, 'user'));
			return { done: 'enabled' };
		}),
	/** The dry run: every change and problem by row; nothing is written. */
	importCheck: ({ locals, request }) =>
		act(locals, request, async (_admin, form) => {
			const file = form.get('file');
			if (!(file instanceof File) || file.size === 0)
				throw new UserError(400, 'ファイルを選んでください。 / Choose a file.', 'file');
			if (file.size > MAX_CSV_BYTES)
				throw new UserError(413, 'ファイルが大きすぎます（2MBまで）。 / File too large.', 'file');
			const csv = decodeCsv(new Uint8Array(await file.arrayBuffer()));
			const plan = await planPeopleImport(db, csv);
			return { plan: { rows: plan.rows, problems: plan.problems }, csv };
		}),
	/** Applies the checked file (carried back as text): all of it, or nothing. */
	importApply: ({ locals, request }) =>
		act(locals, request, async (admin, form) => {
			const csv = text(form, 'csv');
			if (!csv) throw new UserError(400, 'ファイルを選んでください。 / Choose a file.', 'file');
			const plan = await applyPeopleImport(db, admin, csv, mailOptions());
			kickOutbox();
			return { done: 'imported', count: plan.changes.length };
		})
};
