// /metrics as a scraper sees it: the endpoint's text after real actions on a real database
// (SQLite, or PostgreSQL with KAIRAN_TEST_DB=postgresql) — queued and sent mail, a failed send,
// failed and throttled sign-ins, a request through the request handle — and its refusal
// without the token.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { drainOutbox } from '../mail/outbox-drain.ts';
import { outboxRow } from '../mail/outbox.ts';
import { MailSendError, type MailTransport } from '../mail/transport.ts';
import { signIn } from '../auth/sign-in.ts';
import { THROTTLE } from '../auth/throttle.ts';
import { currentRequestId } from '../log.ts';
import { handleRequestContext } from '../http/request-context.ts';
import { bindMetricsDatabase } from './database.ts';
import { metricsResponse } from './endpoint.ts';

const TOKEN = 'metrics-token-for-the-test-0123456789';
let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
	bindMetricsDatabase(t.db);
});
afterAll(async () => {
	bindMetricsDatabase(null);
	await t?.cleanup();
});

const scrapeRequest = (authorization?: string) =>
	new Request('http://kairan.test/metrics', {
		headers: authorization ? { authorization } : {}
	});

async function scrape(): Promise<string> {
	const response = await metricsResponse(scrapeRequest(`Bearer ${TOKEN}`), TOKEN);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/plain');
	return response.text();
}

/** The value of one sample (`name{labels} value`), or undefined when it is not exposed. */
function sample(
	text: string,
	name: string,
	labels: Record<string, string> = {}
): number | undefined {
	for (const line of text.split('\n')) {
		if (line.startsWith('#')) continue;
		const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
		if (!m || m[1] !== name) continue;
		const have = Object.fromEntries(
			[...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]])
		);
		if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
	}
	return undefined;
}

let seq = 0;
function queueMail(createdAt: Date) {
	seq++;
	return t.db.mail.create({
		data: outboxRow(
			{
				dedupeKey: `metrics-test:${seq}`,
				recipientId: null,
				kind: 'publication',
				versionNumber: 1,
				to: [`m${seq}@example.jp`],
				subject: `metrics ${seq}`,
				text: 'text',
				html: '<p>html</p>'
			},
			createdAt
		)
	});
}

const sent: string[] = [];
const transport = (fail: boolean): MailTransport => ({
	kind: 'smtp',
	async send(message) {
		if (fail)
			throw new MailSendError(
				Object.assign(new Error('550 no such mailbox'), { responseCode: 550 })
			);
		sent.push(message.messageId);
		return { messageId: message.messageId, response: '250 ok', rejected: [] };
	},
	close() {}
});

describe(`/metrics (${TEST_PROVIDER})`, () => {
	test('without the configured token it is a 404, whatever is sent', async () => {
		for (const [authorization, token] of [
			[undefined, TOKEN],
			['Bearer wrong-token-0123456789012345', TOKEN],
			[`Basic ${TOKEN}`, TOKEN],
			[`Bearer ${TOKEN}x`, TOKEN],
			// No token configured: nobody, not even with a header, gets the metrics.
			[`Bearer ${TOKEN}`, undefined],
			['Bearer ', '']
		] as const) {
			const response = await metricsResponse(scrapeRequest(authorization), token);
			expect(response.status, `${authorization} / ${token}`).toBe(404);
			expect(await response.text()).not.toContain('kairan_');
		}
	});

	test('outbox depth and oldest age follow the queue; sent and failed mails are counted', async () => {
		let text = await scrape();
		expect(sample(text, 'kairan_outbox_depth')).toBe(0);
		expect(sample(text, 'kairan_outbox_oldest_age_seconds')).toBe(0);
		const sentBefore = sample(text, 'kairan_mails_sent_total') ?? 0;
		const failedBefore = sample(text, 'kairan_mails_failed_total', { outcome: 'failed' }) ?? 0;

		await queueMail(new Date(Date.now() - 120_000));
		await queueMail(new Date());
		text = await scrape();
		expect(sample(text, 'kairan_outbox_depth')).toBe(2);
		expect(sample(text, 'kairan_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(120);
		expect(sample(text, 'kairan_outbox_oldest_age_seconds')).toBeLessThan(180);

		const r = await drainOutbox(t.db, transport(false), { from: 'k@example.jp' });
		expect(r.sent).toBe(2);
		text = await scrape();
		expect(sample(text, 'kairan_outbox_depth')).toBe(0);
		expect(sample(text, 'kairan_outbox_oldest_age_seconds')).toBe(0);
		expect(sample(text, 'kairan_mails_sent_total')).toBe(sentBefore + 2);

		await queueMail(new Date());
		const f = await drainOutbox(t.db, transport(true), { from: 'k@example.jp' });
		expect(f.failed).toBe(1);
		text = await scrape();
		expect(sample(text, 'kairan_mails_failed_total', { outcome: 'failed' })).toBe(failedBefore + 1);
		expect(sample(text, 'kairan_outbox_failed')).toBe(1);
		expect(sample(text, 'kairan_outbox_depth')).toBe(0);
	});

	test('failed and throttled sign-ins are counted, every throttled one', async () => {
		const before = await scrape();
		const failures = sample(before, 'kairan_sign_in_failures_total', { step: 'password' }) ?? 0;
		const throttled = sample(before, 'kairan_sign_in_throttled_total', { scope: 'pair' }) ?? 0;
		const attempt = () =>
			signIn(
				t.db,
				{ email: 'nobody@example.jp', password: 'wrong', ip: '198.51.100.9' },
				{ verify: async () => false }
			);
		for (let i = 0; i < THROTTLE.PAIR_FREE_FAILURES; i++)
			expect((await attempt()).status).toBe('failed');
		for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe('throttled');
		const after = await scrape();
		expect(sample(after, 'kairan_sign_in_failures_total', { step: 'password' })).toBe(
			failures + THROTTLE.PAIR_FREE_FAILURES
		);
		expect(sample(after, 'kairan_sign_in_throttled_total', { scope: 'pair' })).toBe(throttled + 3);
	});

	test('a request is timed under its route id, never its URL, and carries its request id', async () => {
		const route = '/notices/[id=id]';
		const before = await scrape();
		const count = (text: string) =>
			sample(text, 'kairan_http_request_duration_seconds_count', {
				route,
				method: 'GET',
				status: '200'
			}) ?? 0;
		let seen: string | undefined;
		const event = {
			request: new Request('http://kairan.test/notices/cm0secret0id', {
				headers: { 'x-request-id': 'proxy-given-id-42' }
			}),
			route: { id: route },
			url: new URL('http://kairan.test/notices/cm0secret0id')
		} as unknown as RequestEvent;
		const response = await handleRequestContext({
			event,
			resolve: async () => {
				seen = currentRequestId();
				return new Response('ok');
			}
		});
		expect(seen).toBe('proxy-given-id-42');
		expect(response.headers.get('x-request-id')).toBe('proxy-given-id-42');
		const after = await scrape();
		expect(count(after)).toBe(count(before) + 1);
		expect(after).not.toContain('cm0secret0id');

		// An implausible id from outside is replaced by a fresh one.
		const other = await handleRequestContext({
			event: {
				...event,
				request: new Request('http://kairan.test/', { headers: { 'x-request-id': 'a b <script>' } })
			} as RequestEvent,
			resolve: async () => new Response('ok')
		});
		expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('a body the route did not read is read to its end and discarded, not left on the connection', async () => {
		let pulled = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled++ < 5) controller.enqueue(new Uint8Array(64 * 1024));
				else controller.close();
			}
		});
		const request = new Request('http://kairan.test/notices/new', {
			method: 'POST',
			body,
			duplex: 'half'
		} as RequestInit);
		const response = await handleRequestContext({
			event: { request, route: { id: '/notices/new' } } as unknown as RequestEvent,
			// A refusal that never looks at the form.
			resolve: async () => new Response('Forbidden', { status: 403 })
		});
		expect(response.status).toBe(403);
		await expect.poll(() => pulled).toBe(6);
		expect(request.bodyUsed).toBe(true);
	});

	test('database pool use: PostgreSQL exposes the pool, SQLite has none', async () => {
		await t.db.user.count();
		const text = await scrape();
		const total = sample(text, 'kairan_db_pool_connections', { state: 'total' });
		if (TEST_PROVIDER === 'postgresql') {
			expect(total).toBeGreaterThanOrEqual(1);
			expect(sample(text, 'kairan_db_pool_connections', { state: 'waiting' })).toBe(0);
		} else expect(total).toBeUndefined();
		// And the process's own standard metrics.
		expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
	});
});
