import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { hashPassword } from './password.ts';
import {
	ABSOLUTE_TIMEOUT_MS,
	IDLE_TIMEOUT_MS,
	createSession,
	invalidateSession,
	validateSessionToken
} from './sessions.ts';
import { signIn } from './sign-in.ts';

let t: TestDatabase;
let userId: string;

beforeAll(async () => {
	t = await createTestDatabase();
	const user = await t.db.user.create({
		data: {
			email: 'someone@example.jp',
			name: 'テスト',
			role: 'viewer',
			passwordHash: await hashPassword('correct horse')
		}
	});
	userId = user.id;
}, 60_000);
afterAll(() => t.cleanup());

describe(`sessions (${TEST_PROVIDER})`, () => {
	test('a token validates; the database holds only the SHA-256 of its secret', async () => {
		const { token } = await createSession(t.db, userId);
		const [id, secret] = token.split('.');
		const session = await validateSessionToken(t.db, token);
		expect(session?.user.email).toBe('someone@example.jp');
		const row = await t.db.session.findUniqueOrThrow({ where: { id } });
		expect(Buffer.from(row.secretHash).toString('hex')).not.toContain(
			Buffer.from(secret).toString('hex')
		);
		expect(row.secretHash.byteLength).toBe(32);
	});

	test('a session carries its user as the app uses it: organization, roles, second factor', async () => {
		const org = await t.db.organization.create({
			data: { kind: 'prefecture', name: '神奈川県', nameKana: 'かながわけん', prefectureCode: '14' }
		});
		const dept = await t.db.department.create({
			data: { organizationId: org.id, name: '健康医療局', function: 'health' }
		});
		const enrolled = await t.db.user.create({
			data: {
				email: 'manager@example.jp',
				name: '管理者',
				role: 'respondent',
				locale: 'en',
				departmentId: dept.id,
				manager: true,
				prefectureAdmin: '14',
				totpKey: new Uint8Array(20),
				passwordHash: await hashPassword('pw-123456')
			}
		});
		const { token, expiresAt } = await createSession(t.db, enrolled.id);
		const s = await validateSessionToken(t.db, token);
		expect(s).toEqual({
			id: token.split('.')[0],
			expiresAt,
			extended: false,
			totpEnrolled: true,
			user: {
				id: enrolled.id,
				email: 'manager@example.jp',
				name: '管理者',
				role: 'respondent',
				locale: 'en',
				departmentId: dept.id,
				organizationId: org.id,
				manager: true,
				prefectureAdmin: '14'
			}
		});
		// No department, no second factor.
		const plain = await validateSessionToken(t.db, (await createSession(t.db, userId)).token);
		expect(plain?.totpEnrolled).toBe(false);
		expect(plain?.user).toMatchObject({ departmentId: null, organizationId: null, manager: false });
	});

	test('a wrong secret, a malformed token or an unknown id is refused', async () => {
		const { token } = await createSession(t.db, userId);
		const [id, secret] = token.split('.');
		const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
		expect(await validateSessionToken(t.db, `${id}.${flipped}`)).toBeNull();
		expect(await validateSessionToken(t.db, id)).toBeNull();
		expect(await validateSessionToken(t.db, `${id}.${secret}.x`)).toBeNull();
		expect(await validateSessionToken(t.db, `nosuchid.${secret}`)).toBeNull();
	});

	test('idle expiry slides forward with use, the absolute limit does not', async () => {
		const start = new Date('2026-01-05T09:00:00Z');
		const { token } = await createSession(t.db, userId, start);
		// Used after 50 minutes: still valid, and extended.
		const later = new Date(start.getTime() + 50 * 60_000);
		const s1 = await validateSessionToken(t.db, token, later);
		expect(s1?.expiresAt.getTime()).toBe(later.getTime() + IDLE_TIMEOUT_MS);
		expect(s1?.extended).toBe(true);
		// Used again within the minute: not extended (no write, no new cookie), same expiry.
		const s2 = await validateSessionToken(t.db, token, new Date(later.getTime() + 30_000));
		expect(s2).toMatchObject({ extended: false, expiresAt: s1!.expiresAt });
		// Idle for longer than the timeout after that: gone, and deleted.
		const idle = new Date(s1!.expiresAt.getTime() + 1);
		expect(await validateSessionToken(t.db, token, idle)).toBeNull();
		expect(await t.db.session.count({ where: { id: token.split('.')[0] } })).toBe(0);

		// Kept busy all day, it still ends at the absolute limit.
		const { token: busy } = await createSession(t.db, userId, start);
		let now = start.getTime();
		while (now < start.getTime() + ABSOLUTE_TIMEOUT_MS - 30 * 60_000) {
			now += 30 * 60_000;
			expect(await validateSessionToken(t.db, busy, new Date(now))).not.toBeNull();
		}
		expect(
			await validateSessionToken(t.db, busy, new Date(start.getTime() + ABSOLUTE_TIMEOUT_MS))
		).toBeNull();
	});

	test('sign-out invalidates the session; a disabled user is refused', async () => {
		const { token } = await createSession(t.db, userId);
		await invalidateSession(t.db, token.split('.')[0]);
		expect(await validateSessionToken(t.db, token)).toBeNull();

		const disabled = await t.db.user.create({
			data: {
				email: 'gone@example.jp',
				name: '無効',
				role: 'viewer',
				passwordHash: await hashPassword('pw-123456'),
				disabledAt: new Date()
			}
		});
		const s = await createSession(t.db, disabled.id);
		expect(await validateSessionToken(t.db, s.token)).toBeNull();
		expect(
			(await signIn(t.db, { email: 'gone@example.jp', password: 'pw-123456', ip: '192.0.2.1' }))
				.status
		).toBe('failed');
	});

	test('sign-in: the right password signs in (email case and spaces ignored); failures look alike', async () => {
		const ip = '192.0.2.1';
		const ok = await signIn(t.db, {
			email: '  SomeOne@Example.JP ',
			password: 'correct horse',
			ip
		});
		expect(ok.status).toBe('signed_in');
		const wrongPassword = await signIn(t.db, {
			email: 'someone@example.jp',
			password: 'wrong',
			ip
		});
		const unknownEmail = await signIn(t.db, {
			email: 'nobody@example.jp',
			password: 'correct horse',
			ip
		});
		expect(wrongPassword).toEqual({ status: 'failed' });
		expect(unknownEmail).toEqual({ status: 'failed' });
	});
});
