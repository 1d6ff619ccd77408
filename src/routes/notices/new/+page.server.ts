import { addressableFunctions } from '#lib/server/directory/functions.ts';
import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { createDraft, issuingOffices } from '#lib/server/notices/drafts.ts';
import { referenceCandidates } from '#lib/server/notices/queries.ts';
import { addressableDepartments } from '#lib/server/recipients/addressees.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { echoNoticeForm, readNoticeForm, type EditorValues } from '#lib/domain/notice-form.ts';
import { todayInJapan } from '#lib/domain/dates.ts';
import { DEFAULT_ITEM_NUMBERING } from '#lib/domain/item-numbering.ts';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '#lib/server/http/form.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, ['issuer'], url);
	const offices = await issuingOffices(db);
	const values: EditorValues = {
		noticeType: 'administrative_liaison',
		title: '',
		documentNumber: null,
		issuedOn: todayInJapan(),
		deadline: '',
		addresseeLines: [],
		preamble: '',
		items: [],
		itemNumbering: DEFAULT_ITEM_NUMBERING.administrative_liaison,
		contacts: [],
		references: [],
		// The issuer's own office signs by default.
		issuerDepartmentIds: user.departmentId ? [user.departmentId] : [],
		rule: { bodyKinds: [], functions: [], include: [], exclude: [] },
		attachments: [],
		correctionReason: '',
		forwardable: false,
		externalQuestion: ''
	};
	return {
		values,
		offices,
		departments: await addressableDepartments(db),
		functions: await addressableFunctions(db),
		earlierNotices: await referenceCandidates(db, user)
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const parsed = readNoticeForm(form);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: echoNoticeForm(form) });
		let id: string;
		try {
			id = await createDraft(db, user, parsed.value);
		} catch (e) {
			return userFailure(e, {
				errors: { issuers: (e as Error).message },
				values: echoNoticeForm(form)
			});
		}
		redirect(303, `/notices/${id}/edit?created=1`);
	}
};
