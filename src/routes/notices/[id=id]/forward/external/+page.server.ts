// A prefecture department forwards the notice to registry institutions of its own prefecture
// (issue 13), and sees whom it reached: 未確認 / 受領済み / 回答済み and their answers. The issuer
// managing the notice reads the same list for every prefecture. Anyone else: 404.
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { readForm } from '#lib/server/http/form.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { kickOutbox } from '#lib/server/mail/app.ts';
import {
	DEFAULT_EXPIRY_DAYS,
	MAX_EXPIRY_DAYS,
	MAX_INSTITUTIONS_PER_SEND,
	externalReaderScope,
	externalRecipientPage,
	forwardToExternal,
	institutionPage
} from '#lib/server/forwarding/external.ts';
import { forwardingDepartment } from '#lib/server/forwarding/access.ts';
import { readPage } from '#lib/domain/paging.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

const NOT_FOUND = '通知が見つかりません。 / Notice not found.';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	// A prefecture department addressed by the notice has the page whatever the notice's state
	// (it explains when forwarding is not possible, and keeps the list of whom it reached).
	const forwarder = await forwardingDepartment(db, user, params.id);
	const scope = forwarder
		? { prefectureCode: forwarder.prefectureCode }
		: await externalReaderScope(db, user, params.id);
	if (!scope) error(404, NOT_FOUND);
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: params.id },
		select: {
			externalQuestion: true,
			currentVersionNumber: true,
			versions: { orderBy: { number: 'desc' }, take: 1, where: { publishedAt: { not: null } } }
		}
	});
	// Only a forwarder chooses; everyone in scope sees the list of institutions reached.
	const view = forwarder && url.searchParams.get('view') !== 'sent' ? 'choose' : 'sent';
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const request = readPage(url.searchParams);
	return {
		noticeId: params.id,
		title: notice.versions[0]?.title ?? '',
		question: notice.externalQuestion,
		forwarder: forwarder && {
			prefecture: forwarder.prefectureName,
			mayForward: forwarder.mayForward
		},
		view,
		q,
		defaultExpiry: DEFAULT_EXPIRY_DAYS,
		maxExpiry: MAX_EXPIRY_DAYS,
		institutions:
			view === 'choose' && forwarder
				? await institutionPage(db, forwarder.prefectureCode, params.id, { q }, request)
				: null,
		recipients: view === 'sent' ? await externalRecipientPage(db, params.id, scope, request) : null
	};
};

const optionalText = (max: number) =>
	z
		.string()
		.max(max)
		.transform((s) => s.trim() || null);

const forwardForm = z.object({
	institutionIds: z.array(z.string().max(64)).max(MAX_INSTITUTIONS_PER_SEND),
	documentNumber: optionalText(100),
	issuedOn: optionalText(10),
	coverNote: z.string().max(4000),
	expiresInDays: z.coerce.number().int().min(1).max(MAX_EXPIRY_DAYS),
	// Messages are read per request (the request's language), not when the module loads.
	confirm: z.literal('on', { error: () => m.external_confirm_required() })
});

export const actions: Actions = {
	forward: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		// Who asks comes first: a notice the user may not forward answers as a missing one.
		if (!(await forwardingDepartment(db, user, params.id))) error(404, NOT_FOUND);
		const form = await readForm(request);
		const text = (name: string) => {
			const v = form.get(name);
			return typeof v === 'string' ? v : '';
		};
		const parsed = forwardForm.safeParse({
			institutionIds: form.getAll('institution').filter((v) => typeof v === 'string'),
			documentNumber: text('documentNumber'),
			issuedOn: text('issuedOn'),
			coverNote: text('coverNote'),
			expiresInDays: text('expiresInDays') || String(DEFAULT_EXPIRY_DAYS),
			confirm: form.get('confirm') ?? undefined
		});
		if (!parsed.success)
			return fail(400, {
				message: parsed.error.issues[0]?.message ?? m.form_malformed(),
				field: String(parsed.error.issues[0]?.path[0] ?? '') || null
			});
		try {
			const result = await forwardToExternal(db, user, params.id, parsed.data);
			kickOutbox();
			return { sent: result.count };
		} catch (e) {
			return userFailure(e);
		}
	}
};
