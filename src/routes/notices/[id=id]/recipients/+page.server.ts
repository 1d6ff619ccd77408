import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import {
	deliveryPage,
	resendAllFailed,
	resendToRecipient
} from '#lib/server/recipients/delivery.ts';
import { revokeAcknowledgment } from '#lib/server/recipients/acknowledgments.ts';
import { getNotice } from '#lib/server/notices/queries.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { kickOutbox } from '#lib/server/mail/app.ts';
import { error } from '@sveltejs/kit';
import { previewReminder } from '#lib/server/recipients/reminders.ts';
import { remindAction } from '#lib/server/http/remind-action.ts';
import type { Actions, PageServerLoad } from './$types';
import { readForm } from '#lib/server/http/form.ts';
import { readPage } from '#lib/domain/paging.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer'], url);
	const notice = await getNotice(db, user, params.id);
	if (!notice || !notice.manages) error(404, '通知が見つかりません。 / Notice not found.');
	const {
		rows,
		page,
		totals,
		notice: delivered
	} = await deliveryPage(db, user, params.id, readPage(url.searchParams));
	// Who a reminder would reach now, per item and for any item: the count on each button is
	// the count that will be sent (sendManualReminder refuses if it changed meanwhile).
	const reminders = [
		{
			itemId: '',
			label: null,
			count: (await previewReminder(db, user, params.id)).length
		},
		...(await Promise.all(
			notice.responseItems.map(async (item) => ({
				itemId: item.id,
				label: `記${item.number} ${item.title}`,
				count: (await previewReminder(db, user, params.id, item.id)).length
			}))
		))
	];
	return {
		notice: {
			id: notice.id,
			title: notice.version.title,
			status: notice.status,
			versionNumber: notice.currentVersionNumber,
			/** No items (周知のみ): receipt is all it asks. */
			informationOnly: delivered.informationOnly
		},
		rows,
		page,
		totals,
		reminders,
		published: url.searchParams.has('published')
	};
};

export const actions: Actions = {
	resend: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		try {
			await resendToRecipient(db, user, params.id, String(form.get('recipient') ?? ''));
		} catch (e) {
			return userFailure(e);
		}
		kickOutbox();
		return { resent: 1 };
	},
	resendFailed: async ({ locals, params }) => {
		const user = requireRole(locals, ['issuer']);
		let count: number;
		try {
			count = await resendAllFailed(db, user, params.id);
		} catch (e) {
			return userFailure(e);
		}
		kickOutbox();
		return { resent: count };
	},
	remind: remindAction,
	revoke: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['issuer']);
		const form = await readForm(request);
		try {
			await revokeAcknowledgment(db, user, params.id, String(form.get('recipient') ?? ''));
		} catch (e) {
			return userFailure(e);
		}
		return { revoked: true };
	}
};
