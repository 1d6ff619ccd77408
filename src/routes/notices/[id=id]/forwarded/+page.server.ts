import { z } from 'zod';
import { requireRole, requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { userFailure } from '#lib/server/http/actions.ts';
import { readForm } from '#lib/server/http/form.ts';
import { UserError } from '#lib/server/errors.ts';
import { kickOutbox, mailOptions } from '#lib/server/mail/app.ts';
import {
	forwardedAccess,
	forwardedNotice,
	forwardedPage,
	type ForwardedScope
} from '#lib/server/reports/forwarding.ts';
import {
	forwardingReminderCount,
	sendForwardingReminder
} from '#lib/server/reports/forwarding-reminders.ts';
import { FORWARDED_FILTERS } from '#lib/domain/second-layer.ts';
import { readPage } from '#lib/domain/paging.ts';
import { todayInJapan } from '#lib/domain/dates.ts';
import type { Actions, PageServerLoad } from './$types';

// The recipients a notice was forwarded to: a forwarding prefecture department sees its own
// (and may remind them); the notice's issuers, viewers and admins see every prefecture's,
// read-only, narrowed to one prefecture by `prefecture=`. Anyone else: 404 (forwarding.ts).
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const access = await orHttpError(forwardedAccess(db, user, params.id));
	// Like every filter in the address bar, an unknown value is ignored.
	const filter = z
		.enum(FORWARDED_FILTERS)
		.nullable()
		.catch(null)
		.parse(url.searchParams.get('status'));
	const prefecture = z
		.string()
		.regex(/^\d{2}$/)
		.nullable()
		.catch(null)
		.parse(url.searchParams.get('prefecture'));
	const scope: ForwardedScope =
		access.mode === 'forwarder'
			? { forwardedBy: access.recipientId }
			: prefecture
				? { prefectureCode: prefecture }
				: { all: true };
	const [notice, list] = await Promise.all([
		forwardedNotice(db, params.id),
		forwardedPage(db, params.id, scope, filter, readPage(url.searchParams))
	]);
	const canRemind = access.mode === 'forwarder' && notice.status === 'published';
	return {
		notice,
		access,
		filter,
		prefecture: access.mode === 'reader' ? prefecture : null,
		...list,
		canRemind,
		remindCount: canRemind ? await forwardingReminderCount(db, params.id, access.recipientId) : 0
	};
};

export const actions: Actions = {
	remind: async ({ locals, params, request }) => {
		const user = requireRole(locals, ['respondent']);
		const form = await readForm(request);
		const expectedCount = Number(form.get('expectedCount'));
		let count: number;
		try {
			// The count comes from the page the person saw; without it nothing can be confirmed.
			if (!Number.isSafeInteger(expectedCount) || expectedCount < 0)
				throw new UserError(400, '督促の対象数が読めません。画面を読み込み直してください。');
			count = await sendForwardingReminder(db, user, {
				noticeId: params.id,
				expectedCount,
				publicUrl: mailOptions().publicUrl,
				today: todayInJapan()
			});
		} catch (e) {
			return userFailure(e);
		}
		kickOutbox();
		return { reminded: count };
	}
};
