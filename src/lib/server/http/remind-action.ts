// The "remind those who have not answered" form action, shared by the delivery page and the
// progress page: same fields (itemId, expectedCount), same rule (only a managing issuer; the
// count shown must still be the count sent), same answer.
import type { RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../auth/guard.ts';
import { db } from '../db/index.ts';
import { kickOutbox, mailOptions } from '../mail/app.ts';
import { sendManualReminder } from '../recipients/reminders.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { userFailure } from './actions.ts';
import { UserError } from '../errors.ts';
import { readForm } from './form.ts';

export async function remindAction({
	locals,
	params,
	request
}: Pick<RequestEvent<{ id: string }>, 'locals' | 'params' | 'request'>) {
	const user = requireRole(locals, ['issuer']);
	const form = await readForm(request);
	const expectedCount = Number(form.get('expectedCount'));
	let count: number;
	try {
		// The count comes from the page the issuer saw; without it nothing can be confirmed.
		if (!Number.isSafeInteger(expectedCount) || expectedCount < 0)
			throw new UserError(400, '督促の対象数が読めません。画面を読み込み直してください。');
		count = await sendManualReminder(db, user, {
			noticeId: params.id,
			itemId: String(form.get('itemId') ?? '') || null,
			expectedCount,
			...mailOptions(),
			today: todayInJapan()
		});
	} catch (e) {
		return userFailure(e);
	}
	kickOutbox();
	return { reminded: count };
}
