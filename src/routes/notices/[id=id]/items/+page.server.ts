import { addressableFunctions } from '#lib/server/directory/functions.ts';
import { error, fail } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { getNotice, referenceCandidates } from '#lib/server/notices/queries.ts';
import {
	ItemsRefused,
	copyItemsFrom,
	editableItems,
	saveItems,
	uploadItems
} from '#lib/server/notices/items.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readForm } from '#lib/server/http/form.ts';
import { applyEditorOperation, readItemsForm } from '#lib/domain/forms/editor-form.ts';
import { TEMPLATES, templateByName } from '#lib/domain/forms/templates/index.ts';
import { MAX_DEFINITION_JSON_LENGTH } from '#lib/domain/forms/index.ts';
import type { NoticeContent } from '#lib/domain/notices.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer'], url);
	const notice = await getNotice(db, user, params.id, 'editable');
	if (!notice || !notice.manages)
		error(404, '編集できる通知が見つかりません。 / Notice not found.');
	const { status, items, published } = await orHttpError(editableItems(db, user, params.id));
	return {
		notice: { id: notice.id, status, title: notice.version.title },
		items,
		publishedCount: published.length,
		paragraphs: (notice.version.items as NoticeContent['items']).map((p) => ({
			number: p.number,
			heading: p.heading
		})),
		templates: Object.values(TEMPLATES).map((t) => ({ name: t.name, label: t.label })),
		earlierNotices: await referenceCandidates(db, user, notice.id),
		functions: await addressableFunctions(db)
	};
};

/** Problems by the input they belong beside (items.0.fields.1.label → that input). */
function problemsByPath(e: ItemsRefused) {
	const out: Record<string, string> = {};
	for (const p of e.problems) {
		const at = p.path.replace(
			/^items\.(\d+)\.fields\.(\d+)\.choices\.\d+.*$/,
			'items.$1.fields.$2.choices'
		);
		out[at || 'form'] = out[at] ? `${out[at]} ${p.message}` : p.message;
	}
	return out;
}

export const actions: Actions = {
	/** Every button of the editor: structural ones rearrange what was typed; 保存 saves it. */
	edit: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const items = readItemsForm(form);
		const op = String(form.get('op') ?? 'save');
		if (op !== 'save') {
			const [name, arg] = op.split(':');
			const template =
				name === 'add-template'
					? templateByName(arg)?.build({ number: items.length + 1 })
					: undefined;
			applyEditorOperation(items, op, template);
			return { items, changed: true };
		}
		try {
			const saved = await saveItems(db, user, params.id, items);
			return { items: saved, saved: true };
		} catch (e) {
			if (e instanceof ItemsRefused)
				return fail(400, { items, errors: problemsByPath(e), problems: e.problems });
			return userFailure(e, { items });
		}
	},
	upload: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0)
			return fail(400, {
				uploadErrors: [{ path: '', message: 'ファイルを選んでください。 / Choose a file.' }]
			});
		if (file.size > MAX_DEFINITION_JSON_LENGTH * 4)
			return fail(413, { uploadErrors: [{ path: '', message: 'ファイルが大きすぎます。' }] });
		try {
			await uploadItems(db, user, params.id, await file.text());
		} catch (e) {
			if (e instanceof ItemsRefused) return fail(400, { uploadErrors: e.problems });
			return userFailure(e);
		}
		return { uploaded: true };
	},
	copy: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		try {
			await copyItemsFrom(db, user, params.id, String(form.get('copyFrom') ?? ''));
		} catch (e) {
			if (e instanceof ItemsRefused) return fail(400, { uploadErrors: e.problems });
			return userFailure(e);
		}
		return { copied: true };
	}
};
