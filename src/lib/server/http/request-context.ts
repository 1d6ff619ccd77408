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

/**
 * A request answered without reading its body (a refusal before the form is read: wrong role,
 * second factor not set up, a 404) would leave that body paused and unread on the connection:
 * SvelteKit's request stream pauses the socket once its buffer is full, and Node then neither
 * reads nor discards the rest, so the keep-alive connection breaks (the client sees
 * ECONNRESET). The rest is read and thrown away while the answer goes out, as Node does itself
 * for bodies nobody started to read.
 */
function discardUnreadBody(request: Request) {
	if (!request.body || request.bodyUsed) return;
	void request.body.pipeTo(new WritableStream()).catch(() => {
		// A body that breaks off or is too large: the connection closes, which is right then.
	});
}

export const handleRequestContext: Handle = ({ event, resolve }) => {
	const requestId = requestIdOf(event.request);
	const started = performance.now();
	return withRequestId(requestId, async () => {
		let status = 500;
		try {
			const response = await resolve(event);
			status = response.status;
			discardUnreadBody(event.request);
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
