// The directory on a real database (SQLite, or PostgreSQL with KAIRAN_TEST_DB=postgresql):
// functions as data, departments added / changed / merged / retired with their audit events,
// addressee rules over any catalogued function, and the CSV import's dry run and apply.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { SEED_FUNCTIONS } from '../../domain/departments.ts';
import { seedFunctions } from '../reference/load.ts';
import { resolveAddressees } from '../recipients/addressees.ts';
import { addFunction, listFunctions, updateFunction } from './functions.ts';
import {
	addDepartment,
	departmentFilter,
	listDepartments,
	mergeDepartment,
	retireDepartment,
	updateDepartment
} from './departments.ts';
import { applyImport, dryRunImport, planImport } from './import.ts';
import { departmentsCsvStream } from './export.ts';
import { decodeCsv } from './csv-format.ts';
import { createDraft } from '../notices/drafts.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';

let env: TestDatabase;
let db: Db;
let admin: SessionUser;
let issuer: SessionUser;
const fixture = (name: string) =>
	new Uint8Array(
		readFileSync(path.resolve(import.meta.dirname, '../../../../tests/fixtures/directory', name))
	);
const events = (action: string) =>
	db.auditEvent.findMany({ where: { action }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
// With ignoreBOM the text keeps its BOM, so the test sees the bytes a spreadsheet opens.
const text = async (stream: ReadableStream<Uint8Array>) =>
	new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	admin = await sessionUserFor(db, 'admin@example.jp');
	issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
}, 120_000);
afterAll(() => env?.cleanup());

describe('functions as data', () => {
	test('every database starts with the shipped catalogue, and a second seed changes nothing', async () => {
		const codes = (await listFunctions(db)).map((f) => f.code);
		expect(codes).toEqual(SEED_FUNCTIONS.map((f) => f.code));
		expect(await seedFunctions(db)).toBe(false);
		const fire = (await listFunctions(db)).find((f) => f.code === 'child_welfare');
		expect(fire?.nameJa).toBe('児童福祉主管部（局）');
	});

	test('an admin adds and renames a function, audited; a duplicate or a bad code is refused; others may not', async () => {
		await addFunction(db, admin, {
			code: 'elder_abuse',
			nameJa: '高齢者虐待防止主管部（局）',
			nameEn: 'Elder abuse prevention',
			addressable: 'on'
		});
		await expect(
			addFunction(db, admin, { code: 'elder_abuse', nameJa: '別名', nameEn: 'x' })
		).rejects.toThrow(/既に/);
		await expect(
			addFunction(db, admin, { code: 'Bad Code', nameJa: '別名', nameEn: 'x' })
		).rejects.toThrow(/コード/);
		await expect(
			addFunction(db, issuer, { code: 'other', nameJa: '別', nameEn: 'x' })
		).rejects.toThrow(/Not found/);
		await updateFunction(db, admin, {
			code: 'elder_abuse',
			nameJa: '高齢者虐待対応主管部（局）',
			nameEn: 'Elder abuse',
			addressable: 'on'
		});
		const row = await db.departmentFunction.findUniqueOrThrow({ where: { code: 'elder_abuse' } });
		expect(row.nameJa).toBe('高齢者虐待対応主管部（局）');
		expect((await events('department_function.add')).map((e) => e.objectId)).toEqual([
			'elder_abuse'
		]);
		expect(await events('department_function.update')).toHaveLength(1);
	});

	test('a notice may name any addressable function of the catalogue, and no other', async () => {
		const form = (functions: string[]): NoticeForm => ({
			noticeType: 'administrative_liaison',
			itemNumbering: 'full_width',
			correctionReason: null,
			title: '機能の試験',
			documentNumber: null,
			issuedOn: '2026-12-02',
			deadline: null,
			addresseeLines: ['各都道府県児童福祉主管部（局）　御中'],
			preamble: '試験です。',
			items: [{ number: 1, heading: '試験', text: '試験です。' }],
			contacts: [],
			references: [],
			issuerDepartmentIds: [issuer.departmentId!],
			rule: { bodyKinds: ['prefecture'], functions, include: [], exclude: [] }
		});
		await expect(createDraft(db, issuer, form(['ministry_office']))).rejects.toThrow(
			/宛先に選べない/
		);
		await expect(createDraft(db, issuer, form(['no_such_function']))).rejects.toThrow(/一覧にない/);
		expect(await createDraft(db, issuer, form(['child_welfare', 'elder_abuse']))).toMatch(
			/^[a-z0-9]+$/
		);
	});
});

describe('departments', () => {
	let added: string;
	test('an admin adds a department with addresses and a contact line; bad addresses and phones are refused', async () => {
		const fields = {
			name: 'こども家庭課',
			function: 'child_welfare',
			emails: 'a@city.example.jp\nB@City.example.jp',
			contactSection: '児童福祉係',
			contactPhone: '03-1234-5678（内線12）'
		};
		await expect(
			addDepartment(db, admin, '131016', { ...fields, emails: 'not-an-address' })
		).rejects.toThrow(/メールアドレス/);
		await expect(
			addDepartment(db, admin, '131016', { ...fields, contactPhone: '山田' })
		).rejects.toThrow(/電話番号/);
		await expect(
			addDepartment(db, admin, '131016', { ...fields, function: 'nope' })
		).rejects.toThrow(/一覧にない/);
		await expect(addDepartment(db, issuer, '131016', fields)).rejects.toThrow(/Not found/);
		added = await addDepartment(db, admin, '131016', fields);
		const d = await db.department.findUniqueOrThrow({
			where: { id: added },
			include: { emails: true }
		});
		expect(d.emails.map((e) => e.address).sort()).toEqual([
			'a@city.example.jp',
			'b@city.example.jp'
		]);
		expect(d.contactPhone).toBe('03-1234-5678（内線12）');
		expect((await events('department.add')).map((e) => e.objectId)).toEqual([added]);
	});

	test('an addressee rule over a catalogued function finds exactly its current departments', async () => {
		const rule = {
			bodyKinds: ['special_ward' as const],
			functions: ['child_welfare'],
			include: [],
			exclude: []
		};
		expect((await resolveAddressees(db, rule)).map((d) => d.id)).toEqual([added]);
		await updateDepartment(db, admin, added, {
			name: '子ども家庭課',
			function: 'child_welfare',
			emails: 'c@city.example.jp',
			contactSection: '',
			contactPhone: ''
		});
		const after = await db.department.findUniqueOrThrow({
			where: { id: added },
			include: { emails: true }
		});
		expect([after.name, after.emails.map((e) => e.address)]).toEqual([
			'子ども家庭課',
			['c@city.example.jp']
		]);
		expect(await events('department.update')).toHaveLength(1);
	});

	test('merging retires the department, points it to its successor and moves its addresses; neither is addressed twice', async () => {
		const other = await addDepartment(db, admin, '131016', {
			name: '子育て支援課',
			function: 'child_welfare',
			emails: 'd@city.example.jp'
		});
		await mergeDepartment(db, admin, added, other);
		const merged = await db.department.findUniqueOrThrow({ where: { id: added } });
		expect(merged.retiredAt).not.toBeNull();
		expect(merged.successorId).toBe(other);
		const succ = await db.departmentEmail.findMany({
			where: { departmentId: other },
			orderBy: { address: 'asc' }
		});
		expect(succ.map((e) => e.address)).toEqual(['c@city.example.jp', 'd@city.example.jp']);
		const rule = {
			bodyKinds: ['special_ward' as const],
			functions: ['child_welfare'],
			include: [added],
			exclude: []
		};
		expect((await resolveAddressees(db, rule)).map((d) => d.id)).toEqual([other]);
		await expect(mergeDepartment(db, admin, other, added)).rejects.toThrow(/廃止/);
		await retireDepartment(db, admin, other);
		expect(await resolveAddressees(db, rule)).toEqual([]);
		expect((await events('department.merge')).map((e) => e.objectId)).toEqual([added]);
		expect((await events('department.retire')).map((e) => e.objectId)).toEqual([other]);
	});

	test('the list pages and filters by prefecture, kind, function, status and name', async () => {
		const url = (q: string) => new URL(`https://kairan.test/admin/departments?${q}`);
		const page1 = await listDepartments(db, admin, departmentFilter(url('')));
		expect(page1.rows).toHaveLength(50);
		expect(page1.total).toBe(await db.department.count({ where: { retiredAt: null } }));
		const page2 = await listDepartments(db, admin, departmentFilter(url('page=2')));
		expect(page2.rows[0].id).not.toBe(page1.rows[0].id);
		const tokyoHealth = await listDepartments(
			db,
			admin,
			departmentFilter(url('prefecture=13&kind=prefecture&function=health'))
		);
		expect(tokyoHealth.rows.map((d) => d.organization.name)).toEqual(['東京都']);
		const retired = await listDepartments(
			db,
			admin,
			departmentFilter(url('status=retired&q=千代田'))
		);
		expect(retired.rows.map((d) => d.name).sort()).toEqual(['子ども家庭課', '子育て支援課']);
	});
});

describe('CSV import and export', () => {
	test('a CP932 file is detected and decoded; a UTF-8 one with a BOM too', () => {
		const cp932 = decodeCsv(fixture('child-welfare.cp932.csv'));
		expect(cp932.encoding).toBe('shift_jis');
		expect(cp932.text).toContain('児童福祉係（髙橋ビル２Ｆ）');
		const utf8 = decodeCsv(new TextEncoder().encode('\ufeffa,b\r\n'));
		expect(utf8).toEqual({ text: 'a,b\r\n', encoding: 'utf-8' });
	});

	test('the dry run names the bad row and writes nothing; apply refuses while problems remain', async () => {
		const before = await db.department.count();
		const plan = await dryRunImport(db, env.storage, admin, fixture('child-welfare-bad.cp932.csv'));
		expect(plan.problems).toEqual([{ line: 5, message: expect.stringMatching(/メールアドレス/) }]);
		expect(plan.changes.filter((c) => c.action === 'add')).toHaveLength(9);
		expect(await db.department.count()).toBe(before);
		await expect(applyImport(db, env.storage, admin, plan.sha256, plan.digest)).rejects.toThrow(
			/問題/
		);
		expect(await db.department.count()).toBe(before);
	});

	test('the fixed file imports all ten, audited once; an issuer addressing the function sees exactly them', async () => {
		const plan = await dryRunImport(db, env.storage, admin, fixture('child-welfare.cp932.csv'));
		expect(plan.problems).toEqual([]);
		await expect(applyImport(db, env.storage, admin, plan.sha256, 'f'.repeat(64))).rejects.toThrow(
			/もう一度/
		);
		const applied = await applyImport(db, env.storage, admin, plan.sha256, plan.digest);
		expect(applied.changes.map((c) => c.action)).toEqual(Array(10).fill('add'));
		const rule = {
			bodyKinds: ['city' as const, 'town' as const, 'village' as const],
			functions: ['child_welfare'],
			include: [],
			exclude: []
		};
		const addressed = await resolveAddressees(db, rule);
		expect(addressed.map((d) => d.organization.localGovernmentCode)).toEqual([
			'012050',
			'016357',
			'054348',
			'093424',
			'124419',
			'192091',
			'222208',
			'272191',
			'322091',
			'393070'
		]);
		const muroran = await db.department.findFirstOrThrow({
			where: { organization: { localGovernmentCode: '012050' }, function: 'child_welfare' },
			include: { emails: true }
		});
		expect(muroran.emails.map((e) => e.address)).toEqual(['kodomo.012050@example.jp']);
		const [event] = await events('department.import');
		expect(event.after).toMatchObject({ file: plan.sha256, added: 10, updated: 0, retired: 0 });
		// The same file again changes nothing.
		const again = await planImport(db, fixture('child-welfare.cp932.csv'));
		expect([again.changes.length, again.unchanged]).toEqual([0, 10]);
	});

	test('the export re-imports as no change; an edited row updates, a marked row retires, an unknown function is a problem', async () => {
		const csv = await text(departmentsCsvStream(db, admin));
		expect(
			csv.startsWith('\ufeffid,organization_code,organization_name,department,function,emails')
		).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines.length - 1).toBe(await db.department.count());
		const same = await planImport(db, new TextEncoder().encode(csv));
		expect([same.problems, same.changes]).toEqual([[], []]);
		const header = lines[0];
		const muroran = lines.find((l) => l.includes(',012050,') && l.includes('こども家庭課'))!;
		const shinotoku = lines.find((l) => l.includes(',016357,'))!;
		const edited = [
			header,
			muroran.replace('kodomo.012050@example.jp', 'kodomo@muroran.example.jp'),
			shinotoku.replace(/,$/, ',1'),
			'"",012050,室蘭市,防災対策課,no_such_function,,,,'
		].join('\r\n');
		const plan = await planImport(db, new TextEncoder().encode(edited));
		expect(plan.changes.map((c) => [c.line, c.action])).toEqual([
			[2, 'update'],
			[3, 'retire']
		]);
		expect(plan.problems).toEqual([
			{ line: 4, message: expect.stringMatching(/no_such_function.*一覧にありません/) }
		]);
		expect(() => departmentsCsvStream(db, issuer)).toThrow(/Not found/);
	});
});
