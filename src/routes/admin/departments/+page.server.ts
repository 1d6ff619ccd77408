import { echo } from '#lib/server/http/echo.ts';
import { error, redirect } from '@sveltejs/kit';
import { requireAdmin } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { listFunctions } from '#lib/server/directory/functions.ts';
import {
	addDepartment,
	departmentFilter,
	listDepartments,
	PAGE_SIZE
} from '#lib/server/directory/departments.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireAdmin(locals);
	const filter = departmentFilter(url);
	return {
		filter,
		pageSize: PAGE_SIZE,
		list: await listDepartments(db, user, filter),
		functions: await listFunctions(db)
	};
};

export const actions: Actions = {
	add: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = await readTextFields(request);
		if (!form) error(400, 'フォームを読めません。');
		let id: string;
		try {
			id = await addDepartment(db, user, String(form.organization ?? ''), form);
		} catch (e) {
			return userFailure(e, {
				values: echo(form, [
					'organization',
					'name',
					'function',
					'emails',
					'contactSection',
					'contactPhone'
				])
			});
		}
		redirect(303, `/admin/departments/${id}?saved=1`);
	}
};
