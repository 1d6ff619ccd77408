import { error, fail } from '@sveltejs/kit';
import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { getNotice } from '#lib/server/notices/queries.ts';
import { ownResponses, saveResponse } from '#lib/server/responses/own.ts';
import { registryFor } from '#lib/server/responses/registry.ts';
import { importResponseWorkbook, MAX_WORKBOOK_BYTES } from '#lib/server/workbook/import.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { listGrantLines } from '#lib/server/responses/grant-lines.ts';
import { echoable } from '#lib/domain/form-data.ts';
import { todayInJapan } from '#lib/domain/dates.ts';
import type { Actions, PageServerLoad } from './$types';
import { readForm, readNestedForm } from '#lib/server/http/form.ts';

// A department's own responses: only a respondent, only their own department (ownResponses and
// saveResponse scope every query by the session's department, never by anything in the URL).
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['respondent'], url);
	const notice = await getNotice(db, user, params.id);
	if (!notice) error(404, '通知が見つかりません。 / Notice not found.');
	const own = await orHttpError(ownResponses(db, user, params.id));
	// What the items' behaviours show beside their fields, loaded only when one asks for it.
	const asks = (behaviour: string) => own.items.some((i) => i.definition.behaviour === behaviour);
	const organizationId = user.organizationId;
	const registry = organizationId && asks('registry') ? await registryFor(db, organizationId) : [];
	const grantLines = asks('grant_share')
		? (await listGrantLines(db)).map((l) => ({
				fiscalYear: l.fiscalYear,
				code: l.code,
				name: l.name,
				subsidyRateNumerator: l.subsidyRateNumerator,
				subsidyRateDenominator: l.subsidyRateDenominator
			}))
		: [];
	return {
		notice: { id: notice.id, title: notice.version.title, status: notice.status },
		...own,
		registry,
		grantLines,
		today: todayInJapan()
	};
};

async function save(
	locals: App.Locals,
	noticeId: string,
	request: Request,
	mode: 'draft' | 'submit'
) {
	const user = requireRole(locals, ['respondent']);
	const { form, tree: data } = await readNestedForm(request, ['itemId', 'revision']);
	const itemId = String(form.get('itemId') ?? '');
	const revision = Number(form.get('revision') ?? 0);
	try {
		const result = await saveResponse(db, user, noticeId, {
			itemId,
			data,
			revision: Number.isInteger(revision) ? revision : -1,
			mode
		});
		if (!result.ok) return fail(400, { itemId, errors: result.errors, data: echoable(data) });
		return { itemId, saved: mode };
	} catch (e) {
		return userFailure(e, { itemId, data: echoable(data) });
	}
}

/** A filled-in 回答様式: every item submitted at once, or nothing and the list of problems. */
async function upload(locals: App.Locals, noticeId: string, request: Request) {
	const user = requireRole(locals, ['respondent']);
	const form = await readForm(request);
	const file = form.get('file');
	const problem = (message: string) => [{ sheet: '', row: null, column: null, message }];
	if (!(file instanceof File) || file.size === 0)
		return fail(400, { upload: true, uploadErrors: problem('ファイルを選んでください。') });
	if (file.size > MAX_WORKBOOK_BYTES)
		return fail(413, {
			upload: true,
			uploadErrors: problem('ファイルが大きすぎます。回答様式は 5 MB までです。')
		});
	try {
		const result = await importResponseWorkbook(
			db,
			user,
			noticeId,
			new Uint8Array(await file.arrayBuffer())
		);
		if (!result.ok) return fail(400, { upload: true, uploadErrors: result.errors });
		return { upload: true, submitted: result.submitted };
	} catch (e) {
		return userFailure(e, { upload: true });
	}
}

export const actions: Actions = {
	draft: ({ locals, params, request }) => save(locals, params.id, request, 'draft'),
	submit: ({ locals, params, request }) => save(locals, params.id, request, 'submit'),
	upload: ({ locals, params, request }) => upload(locals, params.id, request)
};
