import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { disableUser, changePassword, signOut, signOutEverywhere } from './account.ts';
import { hashPassword, verifyPassword, type PasswordVerifier } from './password.ts';
import { findResetToken, requestPasswordReset, resetPassword, RESET_TTL_MS } from './reset.ts';
import { createSession, listOwnSessions, validateSessionToken } from './sessions.ts';
import { completeSecondFactor, signIn, CHALLENGE_MAX_ATTEMPTS } from './sign-in.ts';
import { confirmEnrolment, startEnrolment, timeStep } from './totp.ts';

let t: TestDatabase;
const PASSWORD = 'correct horse battery';
const PUBLIC_URL = 'https://kairan.example.go.jp';
const ids: Record<string, string> = {};

async function makeUser(email: string, role: string, passwordHash: string) {
	const u = await t.db.user.create({
		data: { email, name: email.split('@')[0], role, passwordHash }
	});
	ids[email] = u.id;
	return u.id;
}

/** A verifier that counts what it is asked to verify. */
function countingVerifier() {
	const calls: string[] = [];
	const verify: PasswordVerifier = async (hash, password) => {
		calls.push(hash);
		return verifyPassword(hash, password);
	};
	return { calls, verify };
}

const keyOf = (secret: string) => decodeBase32IgnorePadding(secret.replace(/\s/g, ''));
const codeAt = (secret: string, now: Date, offset = 0) =>
	generateHOTP(keyOf(secret), BigInt(timeStep(now) + offset), 6);

beforeAll(async () => {
	t = await createTestDatabase();
	const hash = await hashPassword(PASSWORD);
	await makeUser('issuer@example.jp', 'issuer', hash);
	await makeUser('staff.nopassword@example.jp', 'respondent', '');
	await makeUser('broken@example.jp', 'respondent', 'not-a-hash');
	await makeUser('disabled@example.jp', 'respondent', hash);
	await makeUser('reset@example.jp', 'respondent', hash);
	await makeUser('changer@example.jp', 'viewer', hash);
	await t.db.user.update({
		where: { id: ids['disabled@example.jp'] },
		data: { disabledAt: new Date() }
	});
}, 60_000);
afterAll(() => t.cleanup());

describe(`sign-in costs (${TEST_PROVIDER})`, () => {
	test('every failure path costs exactly one argon2 verification, as does success', async () => {
		const cases: [string, string, string][] = [
			['unknown email', 'nobody@example.jp', PASSWORD],
			['password-less account', 'staff.nopassword@example.jp', PASSWORD],
			['malformed stored hash', 'broken@example.jp', PASSWORD],
			['disabled account, right password', 'disabled@example.jp', PASSWORD],
			['wrong password', 'issuer@example.jp', 'wrong password'],
			['empty password for a password-less account', 'staff.nopassword@example.jp', '']
		];
		for (const [label, email, password] of cases) {
			const { calls, verify } = countingVerifier();
			const r = await signIn(t.db, { email, password, ip: `192.0.2.${cases.length}` }, { verify });
			expect(r.status, label).toBe('failed');
			expect(calls.length, label).toBe(1);
			// A real argon2id hash each time, never the empty or broken stored value.
			expect(calls[0], label).toMatch(/^\$argon2id\$/);
		}
		const { calls, verify } = countingVerifier();
		const ok = await signIn(
			t.db,
			{ email: 'issuer@example.jp', password: PASSWORD, ip: '192.0.2.9' },
			{ verify }
		);
		expect(ok.status).toBe('signed_in');
		expect(calls.length).toBe(1);
	});
});

describe(`TOTP (${TEST_PROVIDER})`, () => {
	let secret = '';
	let recovery: string[] = [];
	const now = new Date('2026-12-01T09:00:10Z');

	test('enrolment: the same secret until confirmed, a QR code as SVG, a wrong code refused', async () => {
		const id = ids['issuer@example.jp'];
		const first = await startEnrolment(t.db, id);
		const again = await startEnrolment(t.db, id);
		expect(again.secret).toBe(first.secret);
		expect(first.secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
		expect(first.uri).toMatch(/^otpauth:\/\/totp\/Kairan:issuer%40example\.jp\?/);
		// Version 4 or larger for a URI this long, drawn as unit squares only.
		expect(first.qr.size).toBeGreaterThanOrEqual(33);
		expect(first.qr.path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
		secret = first.secret;
		const wrong = String((Number(codeAt(secret, now)) + 1) % 1_000_000).padStart(6, '0');
		expect(await confirmEnrolment(t.db, id, wrong, { ip: null, now })).toBeNull();
		expect((await t.db.user.findUniqueOrThrow({ where: { id } })).totpKey).toBeNull();
		recovery = (await confirmEnrolment(t.db, id, codeAt(secret, now), { ip: null, now }))!;
		expect(recovery).toHaveLength(10);
		expect(new Set(recovery).size).toBe(10);
		const rows = await t.db.recoveryCode.findMany({ where: { userId: id } });
		// Stored hashed: no row holds a code's text.
		const stored = JSON.stringify(rows.map((r) => Buffer.from(r.codeHash).toString('latin1')));
		for (const code of recovery) expect(stored).not.toContain(code.replace(/-/g, ''));
		const events = await t.db.auditEvent.findMany({ where: { action: 'totp.enrol' } });
		expect(events).toHaveLength(1);
		expect(JSON.stringify(events)).not.toContain(secret.replace(/\s/g, ''));
	});

	async function passwordStep(ip: string, at: Date) {
		const r = await signIn(
			t.db,
			{ email: 'issuer@example.jp', password: PASSWORD, ip },
			{ now: at }
		);
		expect(r.status).toBe('second_factor');
		if (r.status !== 'second_factor') throw new Error('unreachable');
		return r.challenge;
	}

	test('an enrolled user needs the code after the password; a code works once', async () => {
		const at = new Date(now.getTime() + 60_000); // a later step than enrolment used
		const challenge = await passwordStep('192.0.2.20', at);
		const code = codeAt(secret, at);
		const ok = await completeSecondFactor(t.db, { challenge, code, ip: '192.0.2.20' }, { now: at });
		expect(ok).toMatchObject({ status: 'signed_in', factor: 'totp' });
		// The same code again, within its 30 seconds, from another sign-in: refused.
		const second = await passwordStep('192.0.2.21', at);
		const replay = await completeSecondFactor(
			t.db,
			{ challenge: second, code, ip: '192.0.2.21' },
			{ now: at }
		);
		expect(replay).toEqual({ status: 'failed', attemptsLeft: CHALLENGE_MAX_ATTEMPTS - 1 });
		// As is an older one (the previous step, otherwise within the grace window).
		const older = codeAt(secret, at, -1);
		expect(
			await completeSecondFactor(
				t.db,
				{ challenge: second, code: older, ip: '192.0.2.21' },
				{ now: at }
			)
		).toMatchObject({ status: 'failed' });
		// The next step's code is fine.
		const next = codeAt(secret, at, 1);
		expect(
			await completeSecondFactor(
				t.db,
				{ challenge: second, code: next, ip: '192.0.2.21' },
				{ now: at }
			)
		).toMatchObject({ status: 'signed_in' });
		// A challenge is spent once signed in.
		expect(
			await completeSecondFactor(
				t.db,
				{ challenge: second, code: next, ip: '192.0.2.21' },
				{ now: at }
			)
		).toEqual({ status: 'expired' });
	});

	test('two requests racing with one code: only one signs in', async () => {
		const at = new Date(now.getTime() + 5 * 60_000);
		const a = await passwordStep('192.0.2.30', at);
		const b = await passwordStep('192.0.2.31', at);
		const code = codeAt(secret, at);
		const results = await Promise.all([
			completeSecondFactor(t.db, { challenge: a, code, ip: '192.0.2.30' }, { now: at }),
			completeSecondFactor(t.db, { challenge: b, code, ip: '192.0.2.31' }, { now: at })
		]);
		expect(results.filter((r) => r.status === 'signed_in')).toHaveLength(1);
	});

	test('a recovery code signs in once, in any spelling', async () => {
		const at = new Date(now.getTime() + 10 * 60_000);
		const c1 = await passwordStep('192.0.2.40', at);
		const typed = recovery[0].toLowerCase().replace(/-/g, ' ');
		const ok = await completeSecondFactor(
			t.db,
			{ challenge: c1, code: typed, ip: '192.0.2.40' },
			{ now: at }
		);
		expect(ok).toMatchObject({ status: 'signed_in', factor: 'recovery_code' });
		const c2 = await passwordStep('192.0.2.40', at);
		const again = await completeSecondFactor(
			t.db,
			{ challenge: c2, code: recovery[0], ip: '192.0.2.40' },
			{ now: at }
		);
		expect(again).toMatchObject({ status: 'failed' });
		const used = await t.db.auditEvent.findMany({ where: { action: 'recovery_code.use' } });
		expect(used).toHaveLength(1);
		expect(used[0].after).toEqual({ remainingRecoveryCodes: 9 });
		expect(JSON.stringify(used)).not.toContain(recovery[0]);
	});

	test('five wrong codes end the challenge: the password is needed again', async () => {
		const at = new Date(now.getTime() + 20 * 60_000);
		const c = await passwordStep('192.0.2.50', at);
		const results = [];
		for (let i = 0; i < CHALLENGE_MAX_ATTEMPTS; i++)
			results.push(
				await completeSecondFactor(
					t.db,
					{ challenge: c, code: '000000', ip: '192.0.2.50' },
					{ now: at }
				)
			);
		expect(results.at(-1)).toEqual({ status: 'failed', attemptsLeft: 0 });
		expect(
			await completeSecondFactor(
				t.db,
				{ challenge: c, code: codeAt(secret, at), ip: '192.0.2.50' },
				{ now: at }
			)
		).toEqual({ status: 'expired' });
		// The wrong codes count on the same throttle as wrong passwords: the address now waits.
		const after = await signIn(
			t.db,
			{ email: 'issuer@example.jp', password: PASSWORD, ip: '192.0.2.50' },
			{ now: at }
		);
		expect(after).toMatchObject({ status: 'throttled', scope: 'pair' });
	});

	test('an expired challenge is refused', async () => {
		const at = new Date(now.getTime() + 30 * 60_000);
		const c = await passwordStep('192.0.2.60', at);
		const late = new Date(at.getTime() + 6 * 60_000);
		expect(
			await completeSecondFactor(
				t.db,
				{ challenge: c, code: codeAt(secret, late), ip: '192.0.2.60' },
				{ now: late }
			)
		).toEqual({ status: 'expired' });
	});
});

describe(`password reset (${TEST_PROVIDER})`, () => {
	const now = new Date('2026-12-01T10:00:00Z');

	async function mailedToken(since: Date) {
		const mail = await t.db.mail.findFirstOrThrow({
			where: { kind: 'password_reset', createdAt: { gte: since } },
			orderBy: { createdAt: 'desc' }
		});
		const token = /\/login\/reset\/([a-z0-9]+\.[a-z0-9]+)/.exec(mail.text ?? '')?.[1];
		expect(token).toBeTruthy();
		expect(mail.html).toContain(`/login/reset/${token}`);
		return { mail, token: token! };
	}

	test('a known address gets a mail with a link; an unknown one gets nothing, and the rows never hold the secret', async () => {
		const before = await t.db.mail.count();
		expect(
			await requestPasswordReset(t.db, 'nobody@example.jp', {
				publicUrl: PUBLIC_URL,
				ip: null,
				now
			})
		).toBe(false);
		expect(await t.db.mail.count()).toBe(before);
		expect(
			await requestPasswordReset(t.db, ' Reset@Example.JP', {
				publicUrl: PUBLIC_URL,
				ip: null,
				now
			})
		).toBe(true);
		const { mail, token } = await mailedToken(now);
		expect(mail.toAddresses).toBe('reset@example.jp');
		expect(mail.status).toBe('queued');
		expect(mail.text).toContain(`${PUBLIC_URL}/login/reset/`);
		const secret = token.split('.')[1];
		const row = await t.db.passwordResetToken.findUniqueOrThrow({
			where: { id: token.split('.')[0] }
		});
		expect(Buffer.from(row.secretHash).toString('hex')).not.toContain(
			Buffer.from(secret).toString('hex')
		);
		expect(JSON.stringify(await t.db.auditEvent.findMany())).not.toContain(secret);
	});

	test('the link works once, sets a password that follows the rules, and ends every session', async () => {
		const at = new Date(now.getTime() + 60_000);
		await requestPasswordReset(t.db, 'reset@example.jp', {
			publicUrl: PUBLIC_URL,
			ip: null,
			now: at
		});
		const { token } = await mailedToken(at);
		const session = await createSession(t.db, ids['reset@example.jp']);
		expect(await resetPassword(t.db, token, 'password1234', { ip: null, now: at })).toEqual({
			ok: false,
			problem: 'common'
		});
		expect(await resetPassword(t.db, token, 'short', { ip: null, now: at })).toEqual({
			ok: false,
			problem: 'too_short'
		});
		expect(
			await resetPassword(t.db, token, 'a fresh long passphrase', { ip: null, now: at })
		).toMatchObject({ ok: true });
		expect(await validateSessionToken(t.db, session.token)).toBeNull();
		expect(
			await resetPassword(t.db, token, 'another long passphrase', { ip: null, now: at })
		).toEqual({
			ok: false,
			problem: 'invalid_link'
		});
		const r = await signIn(t.db, {
			email: 'reset@example.jp',
			password: 'a fresh long passphrase',
			ip: '192.0.2.70'
		});
		expect(r.status).toBe('signed_in');
		// The other link of that hour (the first test's) no longer works either.
		const open = await t.db.passwordResetToken.count({
			where: { userId: ids['reset@example.jp'], usedAt: null }
		});
		expect(open).toBe(0);
	});

	test('a link expires after 30 minutes; a wrong secret is refused', async () => {
		const at = new Date(now.getTime() + 2 * 3600_000);
		await requestPasswordReset(t.db, 'reset@example.jp', {
			publicUrl: PUBLIC_URL,
			ip: null,
			now: at
		});
		const { token } = await mailedToken(at);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(await findResetToken(t.db, `${id}.${flipped}`, at)).toBeNull();
		expect(
			await findResetToken(t.db, token, new Date(at.getTime() + RESET_TTL_MS - 1000))
		).not.toBeNull();
		const late = new Date(at.getTime() + RESET_TTL_MS);
		expect(
			await resetPassword(t.db, token, 'a later long passphrase', { ip: null, now: late })
		).toEqual({
			ok: false,
			problem: 'invalid_link'
		});
	});

	test('at most three links an hour per account (no mailbox flooding); the answer stays the same', async () => {
		const at = new Date(now.getTime() + 5 * 3600_000);
		const results = [];
		for (let i = 0; i < 5; i++)
			results.push(
				await requestPasswordReset(t.db, 'reset@example.jp', {
					publicUrl: PUBLIC_URL,
					ip: null,
					now: at
				})
			);
		expect(results).toEqual([true, true, true, false, false]);
	});
});

describe(`account (${TEST_PROVIDER})`, () => {
	test('changing the password needs the current one, follows the rules and ends the other sessions', async () => {
		const userId = ids['changer@example.jp'];
		const keep = await createSession(t.db, userId);
		const other = await createSession(t.db, userId);
		const sessionId = keep.token.split('.')[0];
		const base = { userId, sessionId, ip: '192.0.2.80' };
		expect(
			await changePassword(t.db, { ...base, current: 'wrong', next: 'a brand new passphrase' })
		).toEqual({
			ok: false,
			problem: 'wrong_password'
		});
		expect(
			await changePassword(t.db, { ...base, current: PASSWORD, next: 'changerchanger' })
		).toEqual({
			ok: false,
			problem: 'common'
		});
		expect(
			await changePassword(t.db, { ...base, current: PASSWORD, next: 'a brand new passphrase' })
		).toEqual({ ok: true });
		expect(await validateSessionToken(t.db, keep.token)).not.toBeNull();
		expect(await validateSessionToken(t.db, other.token)).toBeNull();
		const actions = (await t.db.auditEvent.findMany({ where: { objectId: userId } })).map(
			(e) => e.action
		);
		expect(actions).toEqual(expect.arrayContaining(['password.change_failed', 'password.change']));
	});

	test('signing out ends that session only and is recorded once', async () => {
		const userId = ids['changer@example.jp'];
		const a = await createSession(t.db, userId);
		const b = await createSession(t.db, userId);
		await signOut(t.db, a.token.split('.')[0], userId, '192.0.2.81');
		await signOut(t.db, a.token.split('.')[0], userId, '192.0.2.81');
		expect(await validateSessionToken(t.db, a.token)).toBeNull();
		expect(await validateSessionToken(t.db, b.token)).not.toBeNull();
		const events = await t.db.auditEvent.findMany({
			where: { action: 'session.sign_out', objectId: userId }
		});
		expect(events).toHaveLength(1);
		expect(events[0].ip).toBe('192.0.2.81');
		expect(JSON.stringify(events)).not.toContain(a.token.split('.')[1]);
	});

	test('the list of own sessions holds times only; sign out everywhere ends them all', async () => {
		const userId = ids['changer@example.jp'];
		const a = await createSession(t.db, userId);
		await createSession(t.db, userId);
		const list = await listOwnSessions(t.db, userId, a.token.split('.')[0]);
		expect(list.total).toBeGreaterThanOrEqual(2);
		expect(list.sessions.filter((s) => s.current)).toHaveLength(1);
		expect(Object.keys(list.sessions[0]).sort()).toEqual([
			'createdAt',
			'current',
			'expiresAt',
			'lastUsedAt'
		]);
		await signOutEverywhere(t.db, userId, '192.0.2.80');
		expect(await validateSessionToken(t.db, a.token)).toBeNull();
		expect((await listOwnSessions(t.db, userId, null)).total).toBe(0);
		expect(
			await t.db.auditEvent.count({
				where: { action: 'session.sign_out_everywhere', objectId: userId }
			})
		).toBe(1);
	});

	test('disabling a user ends every session at once; none validates afterwards', async () => {
		const userId = ids['issuer@example.jp'];
		const sessions = await Promise.all([1, 2, 3].map(() => createSession(t.db, userId)));
		await disableUser(t.db, userId, { actorId: null, ip: null });
		expect(await t.db.session.count({ where: { userId } })).toBe(0);
		for (const s of sessions) expect(await validateSessionToken(t.db, s.token)).toBeNull();
		// And validation refuses a disabled user's session even if one were left behind.
		const leftover = await createSession(t.db, userId);
		expect(await validateSessionToken(t.db, leftover.token)).toBeNull();
		expect(await t.db.session.count({ where: { userId } })).toBe(0);
	});
});
