import { requireAdmin } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import {
	listGrantLines,
	openFiscalYear,
	updateGrantLine
} from '#lib/server/responses/grant-lines.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '#lib/server/http/form.ts';

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals);
	return { lines: await listGrantLines(db) };
};

export const actions: Actions = {
	update: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = Object.fromEntries(await readForm(request));
		try {
			await updateGrantLine(db, user, form);
		} catch (e) {
			return userFailure(e, { id: String(form.id ?? '') });
		}
		return { updated: String(form.id) };
	},
	openYear: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = await readForm(request);
		try {
			await openFiscalYear(db, user, Number(form.get('fiscalYear')));
		} catch (e) {
			return userFailure(e);
		}
		return { opened: true };
	}
};
