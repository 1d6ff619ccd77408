// The directory's people half on a real database (SQLite, or PostgreSQL with
// KAIRAN_TEST_DB=postgresql), with the demo data: who manages what, invitations from the mail to
// the account, disabling, a department's addresses and the marks of addresses that fail (through
// a real SMTP server in this process), and the people CSV (a file saved in CP932).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { createSession, validateSessionToken } from '../auth/sessions.ts';
import { drainOutbox } from '../mail/outbox-drain.ts';
import { createMailTransport } from '../mail/transport.ts';
import { manageableDepartments, requireManagedDepartment } from './access.ts';
import {
	INVITATION_TTL_MS,
	acceptInvitation,
	findInvitation,
	invite,
	resendInvitation,
	withdrawInvitation
} from './invitations.ts';
import { disablePerson, enablePerson, listPeople, peopleFilter } from './manage.ts';
import { managedDepartments } from './department.ts';
import { setDepartmentAddresses } from '../addresses/edit.ts';
import { addresseesWithoutWorkingAddress } from '../recipients/working-addresses.ts';
import { deliveryStatus } from '../recipients/delivery.ts';
import { applyPeopleImport, decodeCsv, exportPeopleCsv, planPeopleImport } from './csv.ts';

let env: TestDatabase;
let db: Db;
const as = (email: string) => sessionUserFor(db, email);
const publicUrl = 'https://kairan.test';
const PASSWORD = 'a long and unusual passphrase 42';

async function departmentOf(code: string, fn = 'health') {
	return db.department.findFirstOrThrow({
		where: { function: fn, organization: { localGovernmentCode: code } },
		select: { id: true }
	});
}

/** The link of the newest invitation mail to `email`, read from the outbox row. */
async function mailedToken(email: string) {
	const mail = await db.mail.findFirstOrThrow({
		where: { kind: 'invitation', toAddresses: email },
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }]
	});
	const link = /https:\/\/kairan\.test\/invitation\/(\S+)/.exec(mail.text ?? '')?.[1];
	expect(link).toBeTruthy();
	return link!;
}

async function status(work: Promise<unknown>) {
	try {
		await work;
		return 'ok';
	} catch (e) {
		if (e instanceof UserError) return e.status;
		throw e;
	}
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
}, 120_000);

afterAll(async () => {
	await env?.cleanup();
});

describe('who manages what', () => {
	test('a manager its own department; a prefecture administrator its prefecture; nothing beyond', async () => {
		const setagaya = await departmentOf('131121');
		const shinjuku = await departmentOf('131041');
		const yokohama = await departmentOf('141003');
		const tokyoPref = await departmentOf('130001');
		const manager = await as('setagaya.health@example.jp');
		const prefAdmin = await as('tokyo.health@example.jp');
		expect(manager.manager).toBe(true);
		expect(prefAdmin.prefectureAdmin).toBe('13');

		expect(await status(requireManagedDepartment(db, manager, setagaya.id))).toBe('ok');
		expect(await status(requireManagedDepartment(db, manager, shinjuku.id))).toBe(404);
		expect(await status(requireManagedDepartment(db, prefAdmin, shinjuku.id))).toBe('ok');
		expect(await status(requireManagedDepartment(db, prefAdmin, tokyoPref.id))).toBe('ok');
		// Another prefecture's municipality answers as a department that does not exist.
		expect(await status(requireManagedDepartment(db, prefAdmin, yokohama.id))).toBe(404);
		expect(await status(requireManagedDepartment(db, prefAdmin, 'no-such-department'))).toBe(404);
		for (const email of [
			'yokohama.health@example.jp',
			'mhlw.issuer@example.jp',
			'viewer@example.jp'
		])
			expect(manageableDepartments(await as(email))).toBeNull();
		const admin = await as('admin@example.jp');
		expect(await status(requireManagedDepartment(db, admin, yokohama.id))).toBe('ok');

		// The prefecture administrator's list holds Tokyo's bodies only.
		const list = await managedDepartments(db, prefAdmin, { page: 1 });
		expect(list.total).toBeGreaterThan(20);
		const inScope = await db.department.count({
			where: { organization: { prefectureCode: '13', kind: { not: 'ministry' } } }
		});
		expect(list.total).toBe(inScope);
		expect(await status(managedDepartments(db, await as('viewer@example.jp')))).toBe(404);
	});
});

describe('invitations', () => {
	test('a manager invites a colleague, who sets a password through the mailed link, once', async () => {
		const manager = await as('setagaya.health@example.jp');
		const setagaya = await departmentOf('131121');
		await invite(
			db,
			manager,
			{
				email: 'New.Colleague@Example.jp',
				name: '世田谷 新任',
				role: 'respondent',
				departmentId: setagaya.id
			},
			{ publicUrl }
		);
		const token = await mailedToken('new.colleague@example.jp');
		expect(await findInvitation(db, token)).not.toBeNull();
		// The stored row holds the hash of the secret, never the secret.
		const row = await db.invitation.findFirstOrThrow({
			where: { email: 'new.colleague@example.jp' }
		});
		expect(Buffer.from(row.secretHash).toString('utf8')).not.toContain(token.split('.')[1]);

		expect(await acceptInvitation(db, token, 'short', { ip: null })).toEqual({
			ok: false,
			problem: 'too_short'
		});
		const accepted = await acceptInvitation(db, token, PASSWORD, { ip: '192.0.2.1' });
		expect(accepted.ok).toBe(true);
		const user = await db.user.findUniqueOrThrow({ where: { email: 'new.colleague@example.jp' } });
		expect(user).toMatchObject({ role: 'respondent', departmentId: setagaya.id, manager: false });
		// Single use.
		expect(await acceptInvitation(db, token, PASSWORD, { ip: null })).toEqual({
			ok: false,
			problem: 'invalid_link'
		});
		const actions = await db.auditEvent.findMany({
			where: { objectId: row.id },
			select: { action: true }
		});
		expect(actions.map((a) => a.action)).toEqual(['invitation.send', 'invitation.accept']);
	});

	test('sending again replaces the link; withdrawing ends it; it expires after 7 days', async () => {
		const manager = await as('setagaya.health@example.jp');
		const setagaya = await departmentOf('131121');
		const id = await invite(
			db,
			manager,
			{ email: 'second@example.jp', name: '二人目', role: 'respondent', departmentId: setagaya.id },
			{ publicUrl, now: new Date(Date.now() - 1000) }
		);
		const first = await mailedToken('second@example.jp');
		await resendInvitation(db, manager, id, { publicUrl });
		const second = await mailedToken('second@example.jp');
		expect(second).not.toBe(first);
		expect(await findInvitation(db, first)).toBeNull();
		expect(await findInvitation(db, second)).not.toBeNull();
		expect(
			await findInvitation(db, second, new Date(Date.now() + INVITATION_TTL_MS + 60_000))
		).toBeNull();
		await withdrawInvitation(db, manager, id);
		expect(await findInvitation(db, second)).toBeNull();
		expect(await status(withdrawInvitation(db, manager, id))).toBe(404);
	});

	test('a manager invites respondents to its own department only, never a manager', async () => {
		const manager = await as('setagaya.health@example.jp');
		const shinjuku = await departmentOf('131041');
		const setagaya = await departmentOf('131121');
		const base = { email: 'x@example.jp', name: 'x', role: 'respondent' as const };
		expect(
			await status(invite(db, manager, { ...base, departmentId: shinjuku.id }, { publicUrl }))
		).toBe(404);
		expect(
			await status(
				invite(db, manager, { ...base, departmentId: setagaya.id, manager: true }, { publicUrl })
			)
		).toBe(403);
		expect(
			await status(
				invite(db, manager, { ...base, role: 'issuer', departmentId: setagaya.id }, { publicUrl })
			)
		).toBe(403);
		// An address with an account cannot be invited again.
		expect(
			await status(
				invite(
					db,
					manager,
					{ ...base, email: 'yokohama.health@example.jp', departmentId: setagaya.id },
					{ publicUrl }
				)
			)
		).toBe(409);
		expect(await db.invitation.count({ where: { email: 'x@example.jp' } })).toBe(0);
		// A prefecture administrator may make a manager in its prefecture.
		const prefAdmin = await as('tokyo.health@example.jp');
		expect(
			await status(
				invite(db, prefAdmin, { ...base, departmentId: shinjuku.id, manager: true }, { publicUrl })
			)
		).toBe('ok');
	});
});

describe('disabling', () => {
	test('ends every session at once; enabling lets the person sign in again; both audited', async () => {
		const manager = await as('setagaya.health@example.jp');
		const colleague = await db.user.findUniqueOrThrow({
			where: { email: 'new.colleague@example.jp' }
		});
		const { token } = await createSession(db, colleague.id);
		expect(await validateSessionToken(db, token)).not.toBeNull();
		// Someone outside the manager's department is out of reach.
		const yokohama = await db.user.findUniqueOrThrow({
			where: { email: 'yokohama.health@example.jp' }
		});
		expect(await status(disablePerson(db, manager, yokohama.id))).toBe(404);
		expect(await status(disablePerson(db, manager, manager.id))).toBe(409);

		await disablePerson(db, manager, colleague.id);
		expect(await validateSessionToken(db, token)).toBeNull();
		expect(await db.session.count({ where: { userId: colleague.id } })).toBe(0);
		const admin = await as('admin@example.jp');
		const disabled = await listPeople(
			db,
			admin,
			peopleFilter(new URL('https://x/admin/people?disabled=yes&q=new.colleague'))
		);
		expect(disabled.rows.map((r) => r.email)).toEqual(['new.colleague@example.jp']);
		await enablePerson(db, manager, colleague.id);
		expect(
			(await db.user.findUniqueOrThrow({ where: { id: colleague.id } })).disabledAt
		).toBeNull();
		const events = await db.auditEvent.findMany({
			where: {
				objectId: colleague.id,
				action: { in: ['user_disable', 'user.disable', 'user.enable'] }
			}
		});
		expect(events).toHaveLength(2);
	});

	test('the admin list filters by role, prefecture and text, in pages', async () => {
		const admin = await as('admin@example.jp');
		const page = await listPeople(
			db,
			admin,
			peopleFilter(new URL('https://x/admin/people?role=respondent&prefecture=13'))
		);
		expect(page.rows.length).toBeGreaterThan(0);
		expect(page.rows.every((r) => r.role === 'respondent')).toBe(true);
		expect(page.rows.map((r) => r.email)).toContain('setagaya.health@example.jp');
		expect(page.rows.map((r) => r.email)).not.toContain('yokohama.health@example.jp');
		expect(await status(listPeople(db, await as('tokyo.health@example.jp'), page as never))).toBe(
			404
		);
		expect(() => peopleFilter(new URL('https://x/admin/people?role=emperor'))).toThrow(UserError);
	});
});

describe('addresses and the marks of addresses that fail', () => {
	let server: SMTPServer;
	let port: number;
	const refused = new Set<string>();
	beforeAll(async () => {
		server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			disableReverseLookup: true,
			onRcptTo(address, _s, cb) {
				cb(
					refused.has(address.address)
						? Object.assign(new Error('5.1.1 mailbox unknown'), { responseCode: 550 })
						: null
				);
			},
			onData(stream, _s, cb) {
				stream.resume();
				stream.on('end', () => cb());
			}
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		port = (server.server.address() as AddressInfo).port;
	});
	afterAll(async () => {
		await new Promise<void>((r) => server.close(() => r()));
	});

	const drain = async () => {
		const transport = createMailTransport({
			smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
			outboxDir: env.dataDir
		});
		try {
			await drainOutbox(db, transport, { from: 'kairan@example.jp', batchSize: 500 });
		} finally {
			transport.close();
		}
	};
	const queue = (to: string, key: string) =>
		db.mail.create({
			data: {
				dedupeKey: key,
				toAddresses: to,
				subject: 's',
				text: 't',
				html: 'h',
				kind: 'reminder'
			}
		});

	test('a 5xx marks the address; the pre-publish count and delivery see it; a success clears it', async () => {
		await drain(); // whatever the demo and earlier tests queued
		const setagaya = await departmentOf('131121');
		const wards = { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] };
		const before = await addresseesWithoutWorkingAddress(db, wards as never);

		const address = 'health.131121@example.jp';
		refused.add(address);
		await queue(address, 'test:refused:1');
		await drain();
		const marked = await db.departmentEmail.findFirstOrThrow({
			where: { departmentId: setagaya.id, address }
		});
		expect(marked.failedAt).not.toBeNull();
		expect(marked.failure).toMatch(/550/);
		expect(await addresseesWithoutWorkingAddress(db, wards as never)).toBe(before + 1);
		// The issuer's delivery page marks it on Setagaya's row of the seed notice.
		const seed = await db.notice.findFirstOrThrow({
			where: { status: 'published' },
			orderBy: { publishedAt: 'asc' }
		});
		const delivery = await deliveryStatus(db, await as('mhlw.issuer@example.jp'), seed.id);
		const row = delivery.rows.find((r) => r.organization === '世田谷区' && r.function === 'health');
		expect(row?.failingAddresses).toEqual([address]);
		expect(delivery.rows.filter((r) => r.failingAddresses.length > 0)).toHaveLength(1);
		const prefAdmin = await as('tokyo.health@example.jp');
		const listed = await managedDepartments(db, prefAdmin, { q: '世田谷' });
		expect(listed.rows.find((r) => r.id === setagaya.id)?.failingAddresses).toBe(1);

		// The server accepts it again: the next successful send clears the mark.
		refused.delete(address);
		await queue(address, 'test:accepted:1');
		await drain();
		expect(
			(await db.departmentEmail.findFirstOrThrow({ where: { departmentId: setagaya.id, address } }))
				.failedAt
		).toBeNull();
		expect(await addresseesWithoutWorkingAddress(db, wards as never)).toBe(before);
	});

	test("the manager changes the department's address: validated, audited, and the next mail goes there", async () => {
		const manager = await as('setagaya.health@example.jp');
		const setagaya = await departmentOf('131121');
		await db.departmentEmail.updateMany({
			where: { departmentId: setagaya.id },
			data: { failedAt: new Date(), failure: '550 gone' }
		});
		expect(await status(setDepartmentAddresses(db, manager, setagaya.id, 'not an address'))).toBe(
			400
		);
		expect(await status(setDepartmentAddresses(db, manager, setagaya.id, ''))).toBe(400);
		const shinjuku = await departmentOf('131041');
		expect(await status(setDepartmentAddresses(db, manager, shinjuku.id, 'a@example.jp'))).toBe(
			404
		);

		await setDepartmentAddresses(db, manager, setagaya.id, 'Eisei@City.Setagaya.example.jp\n');
		const now = await db.departmentEmail.findMany({ where: { departmentId: setagaya.id } });
		// The edited address starts without a mark.
		expect(now.map((e) => [e.address, e.failedAt])).toEqual([
			['eisei@city.setagaya.example.jp', null]
		]);
		expect(
			await db.auditEvent.count({
				where: { action: 'department_email.update', objectId: setagaya.id }
			})
		).toBe(1);

		// The next notice mail to Setagaya goes to the new address.
		const { publishNotice } = await import('../notices/publishing.ts');
		const { createDraft } = await import('../notices/drafts.ts');
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, {
			noticeType: 'administrative_liaison',
			title: 'アドレス変更後の通知',
			documentNumber: null,
			issuedOn: '2026-12-02',
			deadline: null,
			addresseeLines: ['世田谷区衛生主管部（局）　御中'],
			preamble: '試験です。',
			items: [],
			itemNumbering: 'full_width',
			contacts: [],
			references: [],
			issuerDepartmentIds: [mhlw.departmentId!],
			correctionReason: null,
			rule: { bodyKinds: [], functions: [], include: [setagaya.id], exclude: [] }
		});
		await publishNotice(db, mhlw, id, { publicUrl });
		const mail = await db.mail.findFirstOrThrow({
			where: { recipient: { is: { noticeId: id, departmentId: setagaya.id } } }
		});
		expect(mail.toAddresses).toBe('eisei@city.setagaya.example.jp');
	});
});

describe('people CSV', () => {
	const fixture = path.resolve(import.meta.dirname, '../../../../tests/fixtures/people-cp932.csv');

	test('a CP932 file: the dry run lists every change and the bad row; nothing written until it is fixed', async () => {
		const admin = await as('admin@example.jp');
		const bytes = new Uint8Array(readFileSync(fixture));
		const text = decodeCsv(bytes);
		expect(text).toContain('世田谷区 新任 担当');
		const plan = await planPeopleImport(db, text);
		expect(plan.rows.map((r) => [r.line, r.action])).toEqual([
			[2, 'update'],
			[3, 'update'],
			[4, 'invalid']
		]);
		expect(plan.rows[0].changes).toEqual(['name: 世田谷 新任 → 世田谷区 新任 担当']);
		expect(plan.rows[1].changes).toEqual(['role: respondent → viewer']);
		expect(plan.rows[2].problems.join()).toMatch(/department/);
		// All or nothing.
		expect(await status(applyPeopleImport(db, admin, text, { publicUrl }))).toBe(400);
		expect(
			(await db.user.findUniqueOrThrow({ where: { email: 'yokohama.health@example.jp' } })).role
		).toBe('respondent');

		const fixed =
			text.replace(/\r?\nbad\.row.*\r?\n/, '\r\n') +
			'third@example.jp,三人目,respondent,131121,衛生主管部（局）,no,no\r\n';
		await applyPeopleImport(db, admin, fixed, { publicUrl });
		expect(
			(await db.user.findUniqueOrThrow({ where: { email: 'yokohama.health@example.jp' } })).role
		).toBe('viewer');
		// A new address is invited, not given an account with a password from a file.
		expect(await db.user.count({ where: { email: 'third@example.jp' } })).toBe(0);
		expect(await findInvitation(db, await mailedToken('third@example.jp'))).not.toBeNull();
	});

	test('the export reads back as a plan without changes (UTF-8 with BOM)', async () => {
		const admin = await as('admin@example.jp');
		const csv = await exportPeopleCsv(db, admin);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const bytes = new TextEncoder().encode(csv);
		const plan = await planPeopleImport(db, decodeCsv(bytes));
		expect(plan.problems).toBe(0);
		expect(plan.changes).toHaveLength(0);
		expect(await status(exportPeopleCsv(db, await as('tokyo.health@example.jp')))).toBe(404);
	});
});
