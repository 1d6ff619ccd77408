import { requireAdmin } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { applyImport, dryRunImport } from '#lib/server/directory/import.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readForm } from '#lib/server/http/form.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals);
	return {};
};

export const actions: Actions = {
	// Writes nothing to the directory: stores the file (by its SHA-256) and shows its plan.
	dryRun: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = await readForm(request);
		const file = form.get('file');
		try {
			const bytes =
				file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
			return { plan: await dryRunImport(db, storage, user, bytes) };
		} catch (e) {
			return userFailure(e);
		}
	},
	apply: async ({ locals, request }) => {
		const user = requireAdmin(locals);
		const form = await readForm(request);
		try {
			const plan = await applyImport(
				db,
				storage,
				user,
				String(form.get('sha256') ?? ''),
				String(form.get('digest') ?? '')
			);
			return { applied: plan };
		} catch (e) {
			return userFailure(e);
		}
	}
};
