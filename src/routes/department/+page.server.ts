import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '#lib/server/db/index.ts';
import { requireUser } from '#lib/server/auth/guard.ts';
import { managedDepartments } from '#lib/server/people/department.ts';
import { departmentNotFound } from '#lib/server/people/access.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { UserError } from '#lib/server/errors.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { echo } from '#lib/server/http/echo.ts';
import { m } from '#lib/paraglide/messages.js';
import { addressableFunctions } from '#lib/server/directory/functions.ts';
import {
	addMunicipalDepartment,
	addableBodies,
	addsDepartments
} from '#lib/server/people/add-department.ts';
import type { Actions, PageServerLoad } from './$types';

const query = z.object({
	q: z.string().trim().max(100).optional(),
	page: z.coerce.number().int().min(1).max(10_000).default(1)
});

export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(
		(async () => {
			const user = requireUser(locals, url);
			// A department manager manages one department: its page.
			if (user.role === 'respondent' && !user.prefectureAdmin) {
				if (!user.manager || !user.departmentId) throw departmentNotFound();
				redirect(303, `/department/${user.departmentId}`);
			}
			const parsed = query.safeParse({
				q: url.searchParams.get('q') ?? undefined,
				page: url.searchParams.get('page') ?? undefined
			});
			if (!parsed.success)
				throw new UserError(400, '検索条件が正しくありません。 / Invalid filter.');
			const [list, bodies, functions] = await Promise.all([
				managedDepartments(db, user, parsed.data),
				addableBodies(db, user),
				addressableFunctions(db)
			]);
			return {
				...list,
				// The form to add a 市・町・村's department: a prefecture administrator's.
				bodies,
				functions: bodies.length ? functions : [],
				q: parsed.data.q ?? '',
				page: parsed.data.page,
				prefecture: user.prefectureAdmin ?? null,
				own: user.manager ? user.departmentId : null
			};
		})()
	);

export const actions: Actions = {
	/** A prefecture administrator adds a department to one of its 市・町・村, then invites to it. */
	add: async ({ locals, request }) => {
		const user = requireUser(locals);
		// Outside anyone's reach but theirs: 404 before the form is read.
		if (!addsDepartments(user)) return userFailure(departmentNotFound());
		const fields = await readTextFields(request);
		if (!fields) return fail(400, { message: m.form_malformed(), field: null });
		let id: string;
		try {
			id = await addMunicipalDepartment(db, user, fields.organization, fields);
		} catch (e) {
			return userFailure(e, {
				values: echo(fields, ['organization', 'name', 'function', 'emails'])
			});
		}
		redirect(303, `/department/${id}`);
	}
};
