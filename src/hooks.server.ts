import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/env';
import {
	KAIRAN_DATA_DIR,
	KAIRAN_DEMO_PASSWORD,
	KAIRAN_MFA_REQUIRED_ROLES,
	KAIRAN_MODE
} from '$app/env/private';
import { db, dbTarget } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { prepareDatabase } from '#lib/server/startup.ts';
import { startMailWorker } from '#lib/server/mail/app.ts';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '#lib/server/auth/sessions.ts';
import { allowedBeforeEnrolment, mustEnrol } from '#lib/server/auth/totp.ts';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { applySecurityHeaders } from '#lib/server/http/security-headers.ts';
import { withAuditContext } from '#lib/server/audit/index.ts';
import { handleRequestContext } from '#lib/server/http/request-context.ts';
import { logger } from '#lib/server/log.ts';
import { bindMetricsDatabase } from '#lib/server/metrics/database.ts';

export const init: ServerInit = async () => {
	if (building) return;
	await prepareDatabase({
		db,
		target: dbTarget,
		storage,
		dataDir: KAIRAN_DATA_DIR,
		mode: KAIRAN_MODE,
		demoPassword: KAIRAN_DEMO_PASSWORD
	});
	// After migrations: the worker reads the outbox table. Mail queued before a restart is
	// picked up here, where it stopped.
	startMailWorker(db).kick();
	// /metrics reads the outbox and the connection pool from here.
	bindMetricsDatabase(db);
};

const handleLocale: Handle = ({ event, resolve }) =>
	// No URL strategy is configured, so the request passes through unchanged.
	paraglideMiddleware(event.request, ({ locale }) =>
		resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		})
	);

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSessionToken(db, token);
		if (session) {
			event.locals.user = session.user;
			event.locals.sessionId = session.id;
			// Only when the expiry moved (once a minute at most, sessions.ts): otherwise the
			// browser's cookie is this one already, and every page would carry a Set-Cookie.
			if (session.extended) setSessionCookie(event.cookies, token, session.expiresAt);
			// A role that needs a second factor does nothing (no notice, no publishing, no export)
			// until it has one: every request of such a session is checked here, in one place.
			const path = event.url.pathname;
			if (
				mustEnrol(session.user.role, session.totpEnrolled, KAIRAN_MFA_REQUIRED_ROLES) &&
				!allowedBeforeEnrolment(path)
			) {
				if (event.request.method !== 'GET' && event.request.method !== 'HEAD')
					return new Response(
						'先に二段階認証を設定してください。 / Set up two-step verification first.',
						{ status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }
					);
				const back = encodeURIComponent(path + event.url.search);
				return new Response(null, {
					status: 303,
					headers: { location: `/account/totp?redirectTo=${back}` }
				});
			}
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	// Every audit event this request records carries its address and the actor's department.
	return withAuditContext(
		{ ip: clientAddress(event), departmentId: event.locals.user?.departmentId ?? null },
		() => resolve(event)
	);
};

/** adapter-node's client address (ADDRESS_HEADER/XFF_DEPTH behind a proxy); null if unknown. */
function clientAddress(event: { getClientAddress(): string }): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	applySecurityHeaders(response.headers, {
		url: event.url,
		signedIn: event.locals.user !== null
	});
	return response;
};

// First: the request id (on every log line), the request's log line and its timing.
export const handle = sequence(
	handleRequestContext,
	handleLocale,
	handleSession,
	handleSecurityHeaders
);

export const handleError: HandleServerError = (caught) => {
	// `error(status, message)` from our own code ('app'), SvelteKit's own errors such as 404s
	// ('framework') and invalid remote-function arguments ('validation') are expected: they keep
	// their status and message. Anything else ('unknown') is a bug: it is logged here and shown
	// to the user without its details.
	if (caught.kind !== 'unknown') return { message: caught.error.message };
	// The route id, not the path (a reset link's token is in its path); the request id is added
	// by the logger.
	logger.error(
		{ err: caught.error, method: caught.event.request.method, route: caught.event.route.id },
		'internal error'
	);
	return { message: 'システムエラーが発生しました。 / An internal error occurred.' };
};
