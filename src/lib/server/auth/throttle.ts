// Slows password (and second-factor) guessing with counters kept in the database, so they hold
// across restarts and across instances, on SQLite and PostgreSQL alike. Three counters:
//
// - pair (account × address): consecutive failures of this account from this address. After
//   PAIR_FREE_FAILURES the address waits 30 s, then twice as long after each further failure
//   (at most an hour). Only a full sign-in from that address clears it. An attacker hammering
//   account X from address A therefore never slows the real user of X at address B.
// - address: failures from one address in a fixed window, for spraying many accounts. A success
//   does NOT reset it (an attacker with an account of their own could otherwise spray, sign in,
//   and spray again).
// - account: failures of one account from all addresses in a window, for guessing spread over
//   many addresses.
//
// When the address or account counter is over its limit, only *known* pairs may still try: an
// account that completed a sign-in from this address in the last 30 days. So a colleague behind
// the same proxy as an attacker, or the real user at their usual address during a distributed
// attack, still gets in; a first sign-in from a new address waits. (Behind a proxy, configure
// ADDRESS_HEADER/XFF_DEPTH so the address is the client's: README, "Configuration".)
//
// Every attempt is counted before the password is checked (reserveSignInAttempt), so parallel
// requests cannot all slip through one check; a right password gives its provisional count back
// (settleSignInSuccess). Keys are SHA-256 hashes: people type passwords into the email field.
//
// Why not rate-limiter-flexible: its Prisma store counts points per key in fixed windows, which
// covers the address and account counters but not the exponential per-pair back-off, the
// "known pair" exemption or the give-back of a provisional count; its SQLite and PostgreSQL
// stores would need a second connection beside Prisma's and tables outside our migrations.
// One small table in our own schema, updated with compare-and-set, does all of it.
import { isIP } from 'node:net';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from '../db/client.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const THROTTLE = {
	PAIR_FREE_FAILURES: 5,
	PAIR_FIRST_BLOCK_MS: 30_000,
	PAIR_MAX_BLOCK_MS: HOUR,
	ADDRESS_MAX_FAILURES: 100,
	ADDRESS_WINDOW_MS: HOUR,
	ACCOUNT_MAX_FAILURES: 50,
	ACCOUNT_WINDOW_MS: HOUR,
	KNOWN_PAIR_MS: 30 * DAY
} as const;

export type ThrottleScope = 'pair' | 'address' | 'account';
export type ThrottleRefusal = {
	allowed: false;
	scope: ThrottleScope;
	retryAfterSeconds: number;
	/** When the refusing counter's block or window ends: identifies the window. */
	until: Date;
	/** The refusing counter's key. */
	counter: string;
};
export type ThrottleDecision = { allowed: true } | ThrottleRefusal;

type Row = {
	key: string;
	failures: number;
	windowStartsAt: Date;
	blockedUntil: Date | null;
	lastSuccessAt: Date | null;
	updatedAt: Date;
};
type State = Pick<Row, 'failures' | 'windowStartsAt' | 'blockedUntil' | 'lastSuccessAt'>;

/**
 * The address a counter is kept for: IPv4 as is (an IPv4-mapped IPv6 address as IPv4), IPv6 by
 * its /64 prefix — one subscriber usually holds a whole /64 and could rotate through it.
 */
export function addressKey(ip: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
	if (mapped) return mapped[1];
	if (isIP(ip) !== 6) return ip;
	const [head, tail = ''] = ip.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = ip.includes('::')
		? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
		: left;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, '').toLowerCase())
		.join(':')}::/64`;
}

const hash = (text: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(text)));

function keysFor(email: string, ip: string) {
	const address = addressKey(ip);
	const account = email.trim().toLowerCase();
	return {
		pair: hash(`pair:${account}|${address}`),
		address: hash(`ip:${address}`),
		account: hash(`account:${account}`)
	};
}

const isUniqueViolation = (e: unknown) =>
	typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';

/**
 * Changes one counter atomically: read, compute, write only if nobody wrote in between
 * (compare-and-set on updatedAt and failures), else read again. `next` returning null writes
 * nothing.
 */
async function change(
	db: Db,
	key: string,
	now: Date,
	next: (row: Row | null) => State | null
): Promise<void> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const row = await db.signInThrottle.findUnique({ where: { key } });
		const state = next(row);
		if (!state) return;
		// A strictly later updatedAt, so the compare-and-set sees every write.
		const updatedAt = new Date(Math.max(now.getTime(), (row?.updatedAt.getTime() ?? 0) + 1));
		if (!row) {
			try {
				await db.signInThrottle.create({ data: { key, ...state, updatedAt } });
				return;
			} catch (e) {
				if (isUniqueViolation(e)) continue;
				throw e;
			}
		}
		const { count } = await db.signInThrottle.updateMany({
			where: { key, updatedAt: row.updatedAt, failures: row.failures },
			data: { ...state, updatedAt }
		});
		if (count === 1) return;
	}
	throw new Error('sign-in throttle: too much contention on one counter');
}

const windowEnd = (row: Row, windowMs: number) => row.windowStartsAt.getTime() + windowMs;

/** A windowed counter's failures now (0 once its window has passed). */
function windowed(row: Row | null, windowMs: number, now: Date): number {
	return row && windowEnd(row, windowMs) > now.getTime() ? row.failures : 0;
}

function isKnown(pair: Row | null, now: Date): boolean {
	return (
		!!pair?.lastSuccessAt && now.getTime() - pair.lastSuccessAt.getTime() < THROTTLE.KNOWN_PAIR_MS
	);
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function refusal(scope: ThrottleScope, row: Row, until: number, now: Date): ThrottleRefusal {
	return {
		allowed: false,
		scope,
		retryAfterSeconds: seconds(until - now.getTime()),
		until: new Date(until),
		counter: row.key
	};
}

function decide(
	rows: { pair: Row | null; address: Row | null; account: Row | null },
	now: Date
): ThrottleDecision {
	const { pair, address, account } = rows;
	if (pair?.blockedUntil && pair.blockedUntil > now)
		return refusal('pair', pair, pair.blockedUntil.getTime(), now);
	if (isKnown(pair, now)) return { allowed: true };
	if (windowed(address, THROTTLE.ADDRESS_WINDOW_MS, now) >= THROTTLE.ADDRESS_MAX_FAILURES)
		return refusal('address', address!, windowEnd(address!, THROTTLE.ADDRESS_WINDOW_MS), now);
	if (windowed(account, THROTTLE.ACCOUNT_WINDOW_MS, now) >= THROTTLE.ACCOUNT_MAX_FAILURES)
		return refusal('account', account!, windowEnd(account!, THROTTLE.ACCOUNT_WINDOW_MS), now);
	return { allowed: true };
}

async function read(db: Db, keys: ReturnType<typeof keysFor>) {
	const rows = await db.signInThrottle.findMany({
		where: { key: { in: [keys.pair, keys.address, keys.account] } }
	});
	const by = (key: string) => rows.find((r) => r.key === key) ?? null;
	return { pair: by(keys.pair), address: by(keys.address), account: by(keys.account) };
}

function pairBlock(failures: number, now: Date): Date | null {
	if (failures < THROTTLE.PAIR_FREE_FAILURES) return null;
	const ms = Math.min(
		THROTTLE.PAIR_FIRST_BLOCK_MS * 2 ** (failures - THROTTLE.PAIR_FREE_FAILURES),
		THROTTLE.PAIR_MAX_BLOCK_MS
	);
	return new Date(now.getTime() + ms);
}

function addFailure(windowMs: number, now: Date) {
	return (row: Row | null): State => {
		const current = windowed(row, windowMs, now);
		return {
			failures: current + 1,
			windowStartsAt: current === 0 ? now : row!.windowStartsAt,
			blockedUntil: null,
			lastSuccessAt: row?.lastSuccessAt ?? null
		};
	};
}

/**
 * Whether this attempt may go ahead; if so it is counted as a failure until
 * settleSignInSuccess gives it back. Call before checking a password or a code.
 */
export async function reserveSignInAttempt(
	db: Db,
	email: string,
	ip: string,
	now = new Date()
): Promise<ThrottleDecision> {
	const keys = keysFor(email, ip);
	const decision = decide(await read(db, keys), now);
	if (!decision.allowed) return decision;
	await change(db, keys.pair, now, (row) => {
		const failures = (row?.failures ?? 0) + 1;
		return {
			failures,
			windowStartsAt: row?.windowStartsAt ?? now,
			blockedUntil: pairBlock(failures, now),
			lastSuccessAt: row?.lastSuccessAt ?? null
		};
	});
	await change(db, keys.address, now, addFailure(THROTTLE.ADDRESS_WINDOW_MS, now));
	await change(db, keys.account, now, addFailure(THROTTLE.ACCOUNT_WINDOW_MS, now));
	return { allowed: true };
}

/**
 * The reserved attempt was right. `complete`: the person is now signed in (password and, where
 * enrolled, the second factor), so the pair's back-off ends and the pair becomes known. The
 * address and account counters only get this attempt back: earlier failures stay counted.
 */
export async function settleSignInSuccess(
	db: Db,
	email: string,
	ip: string,
	options: { complete: boolean },
	now = new Date()
): Promise<void> {
	const keys = keysFor(email, ip);
	const giveBack = (windowMs: number) => (row: Row | null) => {
		const current = windowed(row, windowMs, now);
		return current === 0 ? null : { ...row!, failures: current - 1 };
	};
	await change(db, keys.address, now, giveBack(THROTTLE.ADDRESS_WINDOW_MS));
	await change(db, keys.account, now, giveBack(THROTTLE.ACCOUNT_WINDOW_MS));
	await change(db, keys.pair, now, (row) =>
		options.complete
			? { failures: 0, windowStartsAt: now, blockedUntil: null, lastSuccessAt: now }
			: row && row.failures > 0
				? {
						failures: row.failures - 1,
						windowStartsAt: row.windowStartsAt,
						blockedUntil: row.blockedUntil,
						lastSuccessAt: row.lastSuccessAt
					}
				: null
	);
}

/**
 * A plain windowed limit on one action from one address (password-reset requests): counted
 * and checked in one step.
 */
export async function reserveWindowed(
	db: Db,
	name: string,
	ip: string,
	limit: { max: number; windowMs: number },
	now = new Date()
): Promise<ThrottleDecision> {
	const key = hash(`${name}:${addressKey(ip)}`);
	let decision: ThrottleDecision = { allowed: true };
	await change(db, key, now, (row) => {
		const current = windowed(row, limit.windowMs, now);
		if (current >= limit.max) {
			decision = refusal('address', row!, windowEnd(row!, limit.windowMs), now);
			return null;
		}
		decision = { allowed: true };
		return addFailure(limit.windowMs, now)(row);
	});
	return decision;
}

/**
 * Counts one refused attempt against the window (or block) of the counter that refused it and
 * returns how many refusals that window has had, 1 for the first. The throttle does not depend
 * on this count — every attempt over a limit is refused, exactly — it only lets the caller
 * record the first refusal of a window in the audit trail (and then the 10th, 100th, …, each
 * with the count so far: shouldAuditRefusal) rather than every one, so that hammering a throttled
 * account or address cannot fill the trail. The count is one more row of this table, keyed by
 * the refusing counter and the end of its window, and is pruned with it.
 */
export async function countRefusal(db: Db, refused: ThrottleRefusal, now = new Date()) {
	const key = hash(`refused:${refused.counter}:${refused.until.getTime()}`);
	let count = 0;
	await change(db, key, now, (row) => {
		count = (row?.failures ?? 0) + 1;
		return {
			failures: count,
			windowStartsAt: row?.windowStartsAt ?? now,
			blockedUntil: refused.until,
			lastSuccessAt: null
		};
	});
	return count;
}

/** Which refusals of one window are recorded: the 1st, 10th, 100th, 1000th, … */
export function shouldAuditRefusal(count: number): boolean {
	return count === 1 || (count >= 10 && /^10*$/.test(String(count)));
}

/** Forgets counters nobody has touched for a day, and known pairs after their 30 days. */
export async function pruneSignInThrottle(db: Db, now = new Date()) {
	await db.signInThrottle.deleteMany({
		where: {
			OR: [
				{ lastSuccessAt: null, updatedAt: { lt: new Date(now.getTime() - DAY) } },
				{ updatedAt: { lt: new Date(now.getTime() - THROTTLE.KNOWN_PAIR_MS - DAY) } }
			]
		}
	});
}
