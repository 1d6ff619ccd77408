import { echo } from '#lib/server/http/echo.ts';
import { error } from '@sveltejs/kit';
import { requireAdmin } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { listFunctions } from '#lib/server/directory/functions.ts';
import {
	getDepartment,
	mergeCandidates,
	mergeDepartment,
	retireDepartment,
	updateDepartment
} from '#lib/server/directory/departments.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireAdmin(locals);
	const department = await orHttpError(getDepartment(db, user, params.id));
	return {
		department,
		functions: await listFunctions(db),
		candidates: department.retiredAt ? [] : await mergeCandidates(db, department),
		saved: url.searchParams.has('saved')
	};
};

async function fields(request: Request) {
	const form = await readTextFields(request);
	if (!form) error(400, 'フォームを読めません。');
	return form;
}

export const actions: Actions = {
	update: async ({ locals, params, request }) => {
		const user = requireAdmin(locals);
		const form = await fields(request);
		try {
			await updateDepartment(db, user, params.id, form);
		} catch (e) {
			return userFailure(e, {
				values: echo(form, ['name', 'function', 'emails', 'contactSection', 'contactPhone'])
			});
		}
		return { done: 'saved' };
	},
	merge: async ({ locals, params, request }) => {
		const user = requireAdmin(locals);
		const form = await fields(request);
		try {
			await mergeDepartment(db, user, params.id, String(form.successorId ?? ''));
		} catch (e) {
			return userFailure(e);
		}
		return { done: 'merged' };
	},
	retire: async ({ locals, params }) => {
		const user = requireAdmin(locals);
		try {
			await retireDepartment(db, user, params.id);
		} catch (e) {
			return userFailure(e);
		}
		return { done: 'retired' };
	}
};
