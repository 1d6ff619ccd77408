import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { openDb } from '../db/client.ts';
import { hashPassword } from './password.ts';
import { signIn } from './sign-in.ts';
import {
	THROTTLE,
	addressKey,
	pruneSignInThrottle,
	reserveSignInAttempt,
	settleSignInSuccess
} from './throttle.ts';

let t: TestDatabase;
const PASSWORD = 'correct horse battery';
// A verifier as fast as a comparison, so hundreds of attempts take no time; the stored hash is
// `plain:<password>` for these accounts (sign-in passes it whatever is stored).
const fastVerify = async (hash: string, password: string) =>
	hash === `$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$${Buffer.from(password).toString('base64')}`;
const fakeHash = (password: string) =>
	`$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$${Buffer.from(password).toString('base64')}`;

let clock = new Date('2026-12-01T09:00:00Z');
const at = (ms: number) => (clock = new Date(clock.getTime() + ms));
const attempt = (email: string, password: string, ip: string) =>
	signIn(t.db, { email, password, ip }, { verify: fastVerify, now: clock });

beforeAll(async () => {
	t = await createTestDatabase();
	const users = [
		'x',
		'colleague',
		'attacker',
		'hammered',
		...Array.from({ length: 120 }, (_, i) => `v${i}`)
	];
	await t.db.user.createMany({
		data: users.map((u) => ({
			email: `${u}@example.jp`,
			name: u,
			role: 'respondent',
			passwordHash: fakeHash(PASSWORD)
		}))
	});
	// One real hash, to show the fake ones change nothing about the rules.
	await t.db.user.create({
		data: {
			email: 'real@example.jp',
			name: 'real',
			role: 'viewer',
			passwordHash: await hashPassword(PASSWORD)
		}
	});
}, 60_000);
afterAll(() => t.cleanup());

describe(`sign-in throttle (${TEST_PROVIDER})`, () => {
	test('addresses: IPv4 as is, IPv4-mapped as IPv4, IPv6 by its /64', () => {
		expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
		expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(addressKey('2001:db8:0:1::5')).toBe('2001:db8:0:1::/64');
		expect(addressKey('2001:0db8:0000:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
	});

	test('hammering account X from address A backs A off exponentially; the real user at B signs in', async () => {
		for (let i = 0; i < THROTTLE.PAIR_FREE_FAILURES; i++)
			expect((await attempt('x@example.jp', `guess-${i}`, '198.51.100.1')).status).toBe('failed');
		const blocked = await attempt('x@example.jp', PASSWORD, '198.51.100.1');
		expect(blocked).toEqual({ status: 'throttled', scope: 'pair', retryAfterSeconds: 30 });
		// Twice as long after the next failure.
		at(31_000);
		expect((await attempt('x@example.jp', 'guess-again', '198.51.100.1')).status).toBe('failed');
		const longer = await attempt('x@example.jp', PASSWORD, '198.51.100.1');
		expect(longer).toMatchObject({ status: 'throttled', scope: 'pair', retryAfterSeconds: 60 });

		// Meanwhile the real user, elsewhere, is not slowed at all.
		expect((await attempt('x@example.jp', PASSWORD, '192.0.2.50')).status).toBe('signed_in');
		// And the attacker's address is still held back: another user's success there resets nothing.
		expect((await attempt('x@example.jp', PASSWORD, '198.51.100.1')).status).toBe('throttled');
	});

	test('the counts are in the database: a second instance (another client) sees them', async () => {
		const other = openDb(t.target);
		try {
			const decision = await reserveSignInAttempt(other, 'x@example.jp', '198.51.100.1', clock);
			expect(decision).toMatchObject({ allowed: false, scope: 'pair' });
		} finally {
			await other.$disconnect();
		}
	});

	test('"spray 9, sign in, repeat" does not work: a success does not reset the address counter', async () => {
		const ip = '203.0.113.9';
		let sprayed = 0;
		let refusedAt = -1;
		for (let round = 0; round < 20 && refusedAt < 0; round++) {
			for (let i = 0; i < 9; i++) {
				const r = await attempt(`v${(round * 9 + i) % 120}@example.jp`, `spray-${round}`, ip);
				if (r.status === 'throttled') {
					expect(r.scope).toBe('address');
					refusedAt = sprayed;
					break;
				}
				expect(r.status).toBe('failed');
				sprayed++;
			}
			// The attacker's own account: signs in fine every time…
			expect((await attempt('attacker@example.jp', PASSWORD, ip)).status).toBe('signed_in');
		}
		// …but the spraying stops at the address limit all the same.
		expect(refusedAt).toBe(THROTTLE.ADDRESS_MAX_FAILURES);
		const next = await attempt('v1@example.jp', 'spray-more', ip);
		expect(next).toMatchObject({ status: 'throttled', scope: 'address' });
		expect(next.status === 'throttled' && next.retryAfterSeconds).toBeGreaterThan(0);
		expect(next.status === 'throttled' && next.retryAfterSeconds).toBeLessThanOrEqual(3600);
	});

	test('behind one shared proxy, an attacker does not lock out colleagues who signed in from it before', async () => {
		const proxy = '203.0.113.9'; // the address the previous test exhausted
		// The attacker's own account was known there: still fine.
		expect((await attempt('attacker@example.jp', PASSWORD, proxy)).status).toBe('signed_in');
		// A colleague who signed in from the proxy last week…
		const colleagueIp = '203.0.113.10';
		clock = new Date(clock.getTime());
		await settleSignInSuccess(t.db, 'colleague@example.jp', colleagueIp, { complete: true }, clock);
		// …signs in at a proxy that an attacker has driven over its limit, typo first.
		const hammered = '203.0.113.10';
		for (let i = 0; i < THROTTLE.ADDRESS_MAX_FAILURES; i++)
			await reserveSignInAttempt(t.db, `v${i % 120}@example.jp`, hammered, clock);
		expect(await reserveSignInAttempt(t.db, 'v7@example.jp', hammered, clock)).toMatchObject({
			allowed: false,
			scope: 'address'
		});
		expect((await attempt('colleague@example.jp', 'typo', hammered)).status).toBe('failed');
		expect((await attempt('colleague@example.jp', PASSWORD, hammered)).status).toBe('signed_in');
		// A person never seen at that address waits for the window (or for ADDRESS_HEADER to be set).
		expect((await attempt('v5@example.jp', PASSWORD, hammered)).status).toBe('throttled');
		// After the window, everyone may try again.
		at(THROTTLE.ADDRESS_WINDOW_MS + 1000);
		expect((await attempt('v5@example.jp', PASSWORD, hammered)).status).toBe('signed_in');
	});

	test('the same typos from colleagues behind one address do not add up to a lockout', async () => {
		at(2 * THROTTLE.ADDRESS_WINDOW_MS);
		const proxy = '198.51.100.200';
		for (let i = 0; i < 40; i++) {
			expect((await attempt(`v${i}@example.jp`, 'typo', proxy)).status).toBe('failed');
			expect((await attempt(`v${i}@example.jp`, PASSWORD, proxy)).status).toBe('signed_in');
		}
	});

	test('guessing one account from many addresses: the account limit holds, its known address still works', async () => {
		at(2 * THROTTLE.ADDRESS_WINDOW_MS);
		await settleSignInSuccess(t.db, 'real@example.jp', '192.0.2.99', { complete: true }, clock);
		for (let i = 0; i < THROTTLE.ACCOUNT_MAX_FAILURES; i++) {
			const r = await signIn(
				t.db,
				{
					email: 'real@example.jp',
					password: `g${i}`,
					ip: `10.0.${Math.floor(i / 200)}.${i % 200}`
				},
				{ verify: async () => false, now: clock }
			);
			expect(r.status).toBe('failed');
		}
		const r = await attempt('real@example.jp', PASSWORD, '10.9.9.9');
		expect(r).toMatchObject({ status: 'throttled', scope: 'account' });
		const home = await signIn(
			t.db,
			{ email: 'real@example.jp', password: PASSWORD, ip: '192.0.2.99' },
			{ now: clock }
		);
		expect(home.status).toBe('signed_in');
	});

	test('concurrent attempts are all counted', async () => {
		at(2 * THROTTLE.ADDRESS_WINDOW_MS);
		const ip = '198.51.100.77';
		const results = await Promise.all(
			Array.from({ length: 12 }, () => reserveSignInAttempt(t.db, 'x@example.jp', ip, clock))
		);
		expect(results.filter((r) => r.allowed).length).toBeGreaterThan(0);
		const rows = await t.db.signInThrottle.findMany({ where: { failures: 12 } });
		// The pair, the address and the account counters each saw all twelve.
		expect(rows.length).toBeGreaterThanOrEqual(2);
	});

	test('throttled and failed sign-ins are audit events, without the typed text', async () => {
		const events = await t.db.auditEvent.findMany({
			where: { action: { in: ['session.sign_in_failed', 'session.sign_in_throttled'] } }
		});
		expect(events.some((e) => e.action === 'session.sign_in_throttled')).toBe(true);
		expect(events.some((e) => e.action === 'session.sign_in_failed')).toBe(true);
		const text = JSON.stringify(events);
		expect(text).not.toContain('guess-');
		expect(text).not.toContain('spray-');
		expect(text).not.toContain(PASSWORD);
	});

	test('a throttled pair is refused every time, but its refusals are recorded once per window (then at 10, 100, …)', async () => {
		at(2 * THROTTLE.ADDRESS_WINDOW_MS);
		const ip = '203.0.113.200';
		const email = 'hammered@example.jp';
		const user = await t.db.user.findUniqueOrThrow({ where: { email } });
		const throttledEvents = () =>
			t.db.auditEvent.findMany({
				where: { action: 'session.sign_in_throttled', objectId: user.id },
				orderBy: [{ at: 'asc' }, { id: 'asc' }]
			});
		for (let i = 0; i < THROTTLE.PAIR_FREE_FAILURES; i++)
			expect((await attempt(email, `guess-${i}`, ip)).status).toBe('failed');

		// 120 attempts in the first 30 s block: every one refused, the right password too.
		const results = [];
		for (let i = 0; i < 120; i++) results.push(await attempt(email, i % 2 ? PASSWORD : 'no', ip));
		expect(results.every((r) => r.status === 'throttled' && r.scope === 'pair')).toBe(true);
		let events = await throttledEvents();
		expect(events.map((e) => (e.after as { refusals: number }).refusals)).toEqual([1, 10, 100]);
		const first = events[0].after as { scope: string; until: string };
		expect(first.scope).toBe('pair');

		// The next block is a new window: its first refusal is recorded again, with its own count.
		at(31_000);
		expect((await attempt(email, 'guess-again', ip)).status).toBe('failed');
		for (let i = 0; i < 5; i++)
			expect((await attempt(email, PASSWORD, ip)).status).toBe('throttled');
		events = await throttledEvents();
		expect(events.map((e) => (e.after as { refusals: number }).refusals)).toEqual([1, 10, 100, 1]);
		expect((events[3].after as { until: string }).until).not.toBe(first.until);

		// Failures are still one event each (they are bounded by the throttle itself).
		const failed = await t.db.auditEvent.count({
			where: { action: 'session.sign_in_failed', objectId: user.id }
		});
		expect(failed).toBe(THROTTLE.PAIR_FREE_FAILURES + 1);
	});

	test('spraying many accounts from one throttled address: one event per address window', async () => {
		at(2 * THROTTLE.ADDRESS_WINDOW_MS);
		const ip = '203.0.113.201';
		for (let i = 0; i < THROTTLE.ADDRESS_MAX_FAILURES; i++)
			await attempt(`v${i % 120}@example.jp`, `spray2-${i}`, ip);
		const since = await t.db.auditEvent.count();
		const refused = [];
		for (let i = 0; i < 40; i++) refused.push(await attempt(`v${i}@example.jp`, 'spray-more', ip));
		expect(refused.every((r) => r.status === 'throttled' && r.scope === 'address')).toBe(true);
		const recorded = await t.db.auditEvent.findMany({
			where: { action: 'session.sign_in_throttled', ip },
			orderBy: [{ at: 'asc' }, { id: 'asc' }]
		});
		expect(recorded.map((e) => (e.after as { refusals: number }).refusals)).toEqual([1, 10]);
		expect((await t.db.auditEvent.count()) - since).toBe(2);
	});

	test('old counters are pruned', async () => {
		const before = await t.db.signInThrottle.count();
		await pruneSignInThrottle(t.db, new Date(clock.getTime() + 2 * 24 * 3600_000));
		const after = await t.db.signInThrottle.count();
		expect(after).toBeLessThan(before);
		// Known pairs stay for their 30 days.
		expect(after).toBeGreaterThan(0);
	});
});
