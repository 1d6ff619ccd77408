// What operators scrape from /metrics (Prometheus text format, prom-client): one registry for the
// process, and named metrics any server module may import and count with. The gauges read from
// the database (outbox depth, pool use) are computed at scrape time: database.ts.
//
// Names follow Prometheus conventions: `kairan_` prefix, base units (seconds), `_total` for
// counters. Labels are kept few and bounded (route ids, never raw URLs or user input).
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
// Process CPU, memory, event-loop lag, GC and handles (prom-client's standard set).
collectDefaultMetrics({ register: registry });

/** Time from a request's arrival to its response, by route id (`/notices/[id=id]`). */
export const httpRequestDuration = new Histogram({
	name: 'kairan_http_request_duration_seconds',
	help: 'Time to answer an HTTP request, by route id (not raw URL), method and status code.',
	labelNames: ['route', 'method', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

/** Mails the outbox worker handed to the mail server (or wrote to the outbox directory). */
export const mailsSent = new Counter({
	name: 'kairan_mails_sent_total',
	help: 'Mails accepted by the mail server (or written to the outbox directory).',
	registers: [registry]
});

/** Failed sending attempts: `retrying` (will be tried again) or `failed` (given up). */
export const mailsFailed = new Counter({
	name: 'kairan_mails_failed_total',
	help: 'Failed mail sending attempts, by outcome: retrying (tried again later) or failed (given up).',
	labelNames: ['outcome'] as const,
	registers: [registry]
});

/** Wrong password or code (step: password | code). */
export const signInFailures = new Counter({
	name: 'kairan_sign_in_failures_total',
	help: 'Failed sign-in attempts (wrong or unknown account, password or second-factor code), by step.',
	labelNames: ['step'] as const,
	registers: [registry]
});

/** Attempts refused by the throttle, every one (the audit trail records one per window). */
export const signInThrottled = new Counter({
	name: 'kairan_sign_in_throttled_total',
	help: 'Sign-in attempts refused by the throttle, by the counter that refused: pair, address or account.',
	labelNames: ['scope'] as const,
	registers: [registry]
});

/** Label for a request that matched no route (a 404): never its URL, which anyone can vary. */
export const UNMATCHED_ROUTE = '(unmatched)';

export function observeRequest(
	route: string | null,
	method: string,
	status: number,
	seconds: number
) {
	httpRequestDuration.observe(
		{ route: route ?? UNMATCHED_ROUTE, method: boundedMethod(method), status: String(status) },
		seconds
	);
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** A client may send any method name: anything unusual is counted as OTHER. */
const boundedMethod = (method: string) => (METHODS.has(method) ? method : 'OTHER');
