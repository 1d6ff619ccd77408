// The server's log: one JSON object per line on stdout (pino), for a log collector to parse.
// Every line written while a request is handled carries that request's id (`reqId`, also sent
// back as the X-Request-Id header), so all that one request did can be found together; lines of
// the mail worker and start-up have none. Level from KAIRAN_LOG_LEVEL (default info).
//
// Plain Node (no kit imports): scripts/start.ts uses it too.
//
// Never log a request's URL path or query (a password-reset link's token is in its path) nor
// bodies: the route id names the page.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';
import { LOG_LEVELS } from './log-levels.ts';

const requestIds = new AsyncLocalStorage<string>();

export const logger = pino({
	level: (LOG_LEVELS as readonly string[]).includes(process.env.KAIRAN_LOG_LEVEL ?? '')
		? process.env.KAIRAN_LOG_LEVEL
		: 'info',
	base: { service: 'kairan' },
	timestamp: pino.stdTimeFunctions.isoTime,
	// `"level":"error"` rather than pino's number: readable without a lookup table.
	formatters: { level: (label) => ({ level: label }) },
	mixin: () => {
		const reqId = requestIds.getStore();
		return reqId ? { reqId } : {};
	}
});

/** Runs one request's handling with its id attached to every log line written meanwhile. */
export function withRequestId<T>(requestId: string, run: () => T): T {
	return requestIds.run(requestId, run);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
	return requestIds.getStore();
}
