import { fail } from '@sveltejs/kit';
import { KAIRAN_MFA_REQUIRED_ROLES } from '$app/env/private';
import { db } from '#lib/server/db/index.ts';
import { requireUser } from '#lib/server/auth/guard.ts';
import { safeRedirectPath } from '#lib/server/auth/redirect.ts';
import { readTextFields } from '#lib/server/http/form.ts';
import { confirmEnrolment, remainingRecoveryCodes, startEnrolment } from '#lib/server/auth/totp.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	// The page shows a secret: never cached.
	setHeaders({ 'Cache-Control': 'no-store' });
	const account = await db.user.findUniqueOrThrow({
		where: { id: user.id },
		select: { totpEnrolledAt: true }
	});
	const required = KAIRAN_MFA_REQUIRED_ROLES.includes(user.role);
	const next = safeRedirectPath(url.searchParams.get('redirectTo'));
	if (account.totpEnrolledAt)
		return {
			enrolled: true as const,
			enrolledAt: account.totpEnrolledAt,
			recoveryCodesLeft: await remainingRecoveryCodes(db, user.id),
			required,
			next
		};
	return { enrolled: false as const, ...(await startEnrolment(db, user.id)), required, next };
};

export const actions: Actions = {
	default: async ({ locals, url, request, getClientAddress }) => {
		const user = requireUser(locals, url);
		const data = await readTextFields(request);
		if (!data) return fail(400, { message: m.form_malformed() });
		const code = (data.code ?? '').slice(0, 64);
		const codes = await confirmEnrolment(db, user.id, code, { ip: getClientAddress() });
		if (!codes) return fail(400, { message: m.totp_code_wrong() });
		return { recoveryCodes: codes };
	}
};
