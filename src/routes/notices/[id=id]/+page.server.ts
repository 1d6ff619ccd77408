import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { getNoticeWithHistory, recordFirstView } from '#lib/server/notices/queries.ts';
import { shownVersionPdfHash } from '#lib/server/notices/pdf/record.ts';
import { storage } from '#lib/server/storage/app.ts';
import { closeNotice, startCorrection, withdrawNotice } from '#lib/server/notices/publishing.ts';
import { acknowledge } from '#lib/server/recipients/acknowledgments.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { kickOutbox, mailOptions } from '#lib/server/mail/app.ts';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '#lib/server/http/form.ts';
import { noticeForwarding } from '#lib/server/forwarding/queries.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const read = await getNoticeWithHistory(db, user, params.id);
	if (!read) error(404, '通知が見つかりません。 / Notice not found.');
	const { notice, history } = read;
	// Links to notices are never preloaded (data-sveltekit-preload-data="off"), so this runs
	// only when a person actually opens the page; once the first view is on record (read with
	// the notice), later views write nothing and read nothing more.
	if (notice.mine && notice.mine.firstViewedAt === null) await recordFirstView(db, user, notice.id);
	return {
		notice,
		history,
		forwarding: await noticeForwarding(db, user, notice.id),
		// Streamed: the first reader of a version does not wait for its PDF to be made.
		pdfSha256: notice.version.pdfSha256 ?? shownVersionPdfHash(db, storage, notice)
	};
};

export const actions: Actions = {
	acknowledge: async ({ locals, params }) => {
		const user = requireUser(locals);
		try {
			await acknowledge(db, user, params.id);
		} catch (e) {
			return userFailure(e, { action: 'acknowledge' });
		}
		return { acknowledged: true };
	},
	correct: async ({ locals, params }) => {
		const user = requireUser(locals);
		try {
			await startCorrection(db, user, params.id);
		} catch (e) {
			return userFailure(e, { action: 'correct' });
		}
		redirect(303, `/notices/${params.id}/edit`);
	},
	withdraw: async ({ locals, params, request }) => {
		const user = requireUser(locals);
		const form = await readForm(request);
		try {
			await withdrawNotice(db, user, params.id, String(form.get('reason') ?? ''), mailOptions());
		} catch (e) {
			return userFailure(e, { action: 'withdraw' });
		}
		kickOutbox();
		return { withdrawn: true };
	},
	close: async ({ locals, params }) => {
		const user = requireUser(locals);
		try {
			await closeNotice(db, user, params.id);
		} catch (e) {
			return userFailure(e, { action: 'close' });
		}
		return { closed: true };
	}
};
