import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { KAIRAN_PUBLIC_URL } from '$app/env/private';
import { db } from '#lib/server/db/index.ts';
import { requestPasswordReset } from '#lib/server/auth/reset.ts';
import { reserveWindowed } from '#lib/server/auth/throttle.ts';
import { retryAfter } from '#lib/server/auth/form.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { kickOutbox } from '#lib/server/mail/app.ts';
import { m } from '#lib/paraglide/messages.js';
import { logger } from '#lib/server/log.ts';
import type { Actions } from './$types';

const form = z.object({ email: z.email().max(254) });

export const actions: Actions = {
	default: async ({ request, getClientAddress, setHeaders }) => {
		const data = await readTextFields(request);
		if (!data) return fail(400, { email: '', message: m.form_malformed() });
		const email = (data.email ?? '').trim().slice(0, 254);
		const parsed = form.safeParse({ email });
		if (!parsed.success) return fail(400, { email, message: m.reset_email_invalid() });

		const ip = getClientAddress();
		// Per address only (the same for every email typed): a mailbox is protected by the
		// per-account limit inside requestPasswordReset, which answers nothing different.
		const decision = await reserveWindowed(db, 'reset', ip, { max: 20, windowMs: 60 * 60_000 });
		if (!decision.allowed) {
			const retry = retryAfter(decision.retryAfterSeconds);
			setHeaders(retry.header);
			return fail(429, {
				email,
				message: m.login_throttled({ minutes: retry.minutes, time: retry.time })
			});
		}
		// Not awaited: the answer leaves before the work for a known address begins, so its
		// timing is that of an unknown one.
		void requestPasswordReset(db, parsed.data.email, { publicUrl: KAIRAN_PUBLIC_URL, ip })
			.then((queued) => queued && kickOutbox())
			.catch((e) => logger.error({ err: e }, 'password reset request failed'));
		return { sent: true, email: '' };
	}
};
