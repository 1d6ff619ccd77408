import { addressableFunctions } from '#lib/server/directory/functions.ts';
import { error, fail, redirect } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { getNotice, referenceCandidates } from '#lib/server/notices/queries.ts';
import { editableItems } from '#lib/server/notices/items.ts';
import {
	addAttachment,
	deleteDraft,
	issuingOffices,
	moveAttachment,
	removeAttachment,
	saveDraft
} from '#lib/server/notices/drafts.ts';
import {
	discardCorrection,
	publishCorrection,
	publishNotice
} from '#lib/server/notices/publishing.ts';
import { addressableDepartments, resolveAddressees } from '#lib/server/recipients/addressees.ts';
import { addresseesWithoutWorkingAddress } from '#lib/server/recipients/working-addresses.ts';
import {
	ALLOWED_ATTACHMENT_EXTENSIONS,
	MAX_ATTACHMENT_BYTES
} from '#lib/server/uploads/validate.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { kickOutbox, mailOptions } from '#lib/server/mail/app.ts';
import { addresseeRuleSchema } from '#lib/domain/addressees.ts';
import {
	echoNoticeForm,
	readAttachmentEdits,
	readNoticeForm,
	type EditorValues
} from '#lib/domain/notice-form.ts';
import type { SessionUser } from '#lib/server/auth/sessions.ts';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '#lib/server/http/form.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer'], url);
	const notice = await getNotice(db, user, params.id, 'editable');
	if (!notice || !notice.manages)
		error(404, '編集できる通知が見つかりません。 / Notice not found.');
	const v = notice.version;
	const rule = addresseeRuleSchema.parse(v.addresseeRule);
	const correction = notice.status !== 'draft';
	const values: EditorValues = {
		...v,
		deadline: v.deadline ?? '',
		// A correction's reason as saved so far; a draft has none.
		correctionReason: correction ? (v.correctionReason ?? '') : '',
		forwardable: notice.forwardable,
		externalQuestion: notice.externalQuestion ?? '',
		issuerDepartmentIds: notice.issuers.map((i) => i.departmentId),
		rule,
		attachments: v.attachments
	};
	const addressees = correction ? [] : await resolveAddressees(db, rule);
	// Before publishing: how many of them no mail would reach (no working address).
	const withoutWorkingAddress = correction ? 0 : await addresseesWithoutWorkingAddress(db, rule);
	return {
		notice: {
			id: notice.id,
			status: notice.status,
			versionNumber: v.number,
			recipientCount: notice.recipientCount
		},
		correction,
		values,
		attachments: v.attachments,
		offices: await issuingOffices(db),
		departments: correction ? [] : await addressableDepartments(db),
		withoutWorkingAddress,
		functions: await addressableFunctions(db),
		addressees: addressees.map((d) => ({
			id: d.id,
			name: `${d.organization.name} ${d.name}`
		})),
		maxUploadMb: Math.floor(MAX_ATTACHMENT_BYTES / 1024 / 1024),
		uploadAccept: ALLOWED_ATTACHMENT_EXTENSIONS.join(','),
		earlierNotices: await referenceCandidates(db, user, notice.id),
		itemCount: (await editableItems(db, user, notice.id)).items.length,
		created: url.searchParams.has('created')
	};
};

/** A refusal shown beside the field it concerns, with what was typed, so nothing is lost. */
const failWith = (form: FormData, e: unknown) =>
	userFailure(e, {
		errors: { [(e as { field?: string }).field ?? 'form']: (e as Error).message },
		values: echoNoticeForm(form)
	});

/**
 * Every button of the editor saves what was typed first, so nothing is lost to an upload or a
 * reorder. Returns a failure to show beside the form, or null when saved.
 */
async function saveSubmitted(user: SessionUser, id: string, form: FormData) {
	const notice = await getNotice(db, user, id, 'editable');
	if (!notice || !notice.manages) error(404, '編集できる通知が見つかりません。');
	const parsed = readNoticeForm(form, { correction: notice.status !== 'draft' });
	if (!parsed.ok) return fail(400, { errors: parsed.errors, values: echoNoticeForm(form) });
	try {
		await saveDraft(db, user, id, parsed.value, readAttachmentEdits(form));
	} catch (e) {
		return failWith(form, e);
	}
	return null;
}

function attachmentPosition(form: FormData) {
	const n = Number(form.get('attachment'));
	return Number.isInteger(n) && n > 0 ? n : null;
}

export const actions: Actions = {
	save: async ({ locals, params, request, url }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const failed = await saveSubmitted(user, params.id, form);
		if (failed) return failed;
		if (url.searchParams.has('preview')) redirect(303, `/notices/${params.id}/preview`);
		return { saved: true };
	},
	upload: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const failed = await saveSubmitted(user, params.id, form);
		if (failed) return failed;
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				errors: { file: 'ファイルを選んでください。 / Choose a file.' },
				values: echoNoticeForm(form)
			});
		try {
			await addAttachment(db, storage, user, params.id, {
				fileName: file.name,
				bytes: new Uint8Array(await file.arrayBuffer()),
				title: String(form.get('uploadTitle') ?? '')
					.trim()
					.slice(0, 200)
			});
		} catch (e) {
			return failWith(form, e);
		}
		return { saved: true, attached: true };
	},
	moveUp: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const failed = await saveSubmitted(user, params.id, form);
		if (failed) return failed;
		const n = attachmentPosition(form);
		try {
			if (n) await moveAttachment(db, user, params.id, n, 'up');
		} catch (e) {
			return failWith(form, e);
		}
		return { saved: true };
	},
	moveDown: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const failed = await saveSubmitted(user, params.id, form);
		if (failed) return failed;
		const n = attachmentPosition(form);
		try {
			if (n) await moveAttachment(db, user, params.id, n, 'down');
		} catch (e) {
			return failWith(form, e);
		}
		return { saved: true };
	},
	removeAttachment: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const failed = await saveSubmitted(user, params.id, form);
		if (failed) return failed;
		const n = attachmentPosition(form);
		try {
			if (n) await removeAttachment(db, user, params.id, n);
		} catch (e) {
			return failWith(form, e);
		}
		return { saved: true };
	},
	publish: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const failed = await saveSubmitted(user, params.id, form);
		if (failed) return failed;
		const notice = await getNotice(db, user, params.id, 'editable');
		try {
			if (notice?.status === 'draft') {
				await publishNotice(db, user, params.id, mailOptions());
			} else {
				await publishCorrection(
					db,
					user,
					params.id,
					String(form.get('correctionReason') ?? ''),
					mailOptions()
				);
			}
		} catch (e) {
			return failWith(form, e);
		}
		kickOutbox();
		redirect(303, `/notices/${params.id}/recipients?published=1`);
	},
	discard: async ({ locals, params }) => {
		const user = requireRole(locals, ['issuer']);
		try {
			await discardCorrection(db, user, params.id);
		} catch (e) {
			return userFailure(e);
		}
		redirect(303, `/notices/${params.id}`);
	},
	deleteDraft: async ({ locals, params }) => {
		const user = requireRole(locals, ['issuer']);
		try {
			await deleteDraft(db, user, params.id);
		} catch (e) {
			return userFailure(e);
		}
		redirect(303, '/notices');
	}
};
