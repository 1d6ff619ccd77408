// The first handle of every request (hooks.server.ts): gives it an id — the proxy's X-Request-Id
// when it is a plausible one, else a new UUID — that every log line written while handling it
// carries and that the response returns; then logs one line for the request and times it for
// /metrics, by route id. Never the URL's path or query: a reset link's token is in its path.
import { randomUUID } from 'node:crypto';
import type { Handle } from '@sveltejs/kit/hooks';
import { logger, withRequestId } from '../log.ts';
import { UNMATCHED_ROUTE, observeRequest } from '../metrics/index.ts';

const PLAUSIBLE_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

export function requestIdOf(request: Request): string {
	const given = request.headers.get(REQUEST_ID_HEADER);
	return given && PLAUSIBLE_ID.test(given) ? given : randomUUID();
}

export const handleRequestContext: Handle = ({ event, resolve }) => {
	const requestId = requestIdOf(event.request);
	const started = performance.now();
	return withRequestId(requestId, async () => {
		let status = 500;
		try {
			const response = await resolve(event);
			status = response.status;
			try {
				response.headers.set(REQUEST_ID_HEADER, requestId);
			} catch {
				// A response with immutable headers (fetched from elsewhere) goes out without it.
			}
			return response;
		} finally {
			const seconds = (performance.now() - started) / 1000;
			const route = event.route.id ?? null;
			observeRequest(route, event.request.method, status, seconds);
			logger.info(
				{
					method: event.request.method,
					route: route ?? UNMATCHED_ROUTE,
					status,
					ms: Math.round(seconds * 10_000) / 10
				},
				'request'
			);
		}
	});
};
