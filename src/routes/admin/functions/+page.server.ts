import { echo } from '#lib/server/http/echo.ts';
import { requireAdmin } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { addFunction, listFunctions, updateFunction } from '#lib/server/directory/functions.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals);
	return { functions: await listFunctions(db) };
};

async function fields(request: Request) {
	const form = await readTextFields(request);
	if (!form) error(400, 'フォームを読めません。');
	return form;
}

export const actions: Actions = {
	add: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = await fields(request);
		try {
			return { added: await addFunction(db, user, form) };
		} catch (e) {
			return userFailure(e, { values: echo(form, ['code', 'nameJa', 'nameEn']) });
		}
	},
	update: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = await fields(request);
		try {
			await updateFunction(db, user, form);
		} catch (e) {
			return userFailure(e, { code: String(form.code ?? '') });
		}
		return { updated: String(form.code) };
	}
};
