// A prefecture administrator's share of the directory (issue 13), on a real database with the
// demo data: it adds a department to a 市・町・村 of its own prefecture and invites a person to
// it, and can do neither for another prefecture's bodies (nor for its 保健所設置市, nor for the
// prefecture itself — national addressees stay the admins'). Other roles: 404.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { addMunicipalDepartment, addableBodies } from './add-department.ts';
import { requireManagedDepartment } from './access.ts';
import { invite } from './invitations.ts';

let env: TestDatabase;
let db: Db;
const as = (email: string) => sessionUserFor(db, email);
const publicUrl = 'https://kairan.test';
const fields = (name: string, fn = 'child_welfare', emails = '') => ({
	name,
	function: fn,
	emails
});

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
	await env.cleanup();
});

describe(`a prefecture administrator adds its municipalities' departments (${TEST_PROVIDER})`, () => {
	test('tokyo.health adds a department to 武蔵野市 and invites its manager to it', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const id = await addMunicipalDepartment(
			db,
			tokyo,
			'132039',
			fields('子ども家庭部', 'child_welfare', 'Kodomo.132039@Example.jp')
		);
		const added = await db.department.findUniqueOrThrow({
			where: { id },
			include: { organization: true, emails: true }
		});
		expect(added).toMatchObject({
			name: '子ども家庭部',
			function: 'child_welfare',
			retiredAt: null
		});
		expect(added.organization.name).toBe('武蔵野市');
		expect(added.emails.map((e) => e.address)).toEqual(['kodomo.132039@example.jp']);
		const audit = await db.auditEvent.findFirstOrThrow({
			where: { action: 'department.add', objectId: id }
		});
		expect(audit.actorId).toBe(tokyo.id);

		// Within its reach from now on: its page opens, and a person is invited to it.
		await requireManagedDepartment(db, tokyo, id);
		await invite(
			db,
			tokyo,
			{
				email: 'musashino@example.jp',
				name: '武蔵野市 子ども家庭部 担当',
				role: 'respondent',
				departmentId: id,
				manager: true
			},
			{ publicUrl }
		);
		expect(
			await db.invitation.findFirstOrThrow({ where: { email: 'musashino@example.jp' } })
		).toMatchObject({ departmentId: id, role: 'respondent', manager: true });
	});

	test("kanagawa.health does the same for 鎌倉市, and invites to 鎌倉市's health department", async () => {
		const kanagawa = await as('kanagawa.health@example.jp');
		expect(
			await status(addMunicipalDepartment(db, kanagawa, '142042', fields('こども相談課')))
		).toBe('ok');
		const health = await db.department.findFirstOrThrow({
			where: { function: 'health', organization: { localGovernmentCode: '142042' } }
		});
		await invite(
			db,
			kanagawa,
			{
				email: 'kamakura.2@example.jp',
				name: '鎌倉市 担当2',
				role: 'respondent',
				departmentId: health.id,
				manager: false
			},
			{ publicUrl }
		);
		expect(await db.invitation.count({ where: { email: 'kamakura.2@example.jp' } })).toBe(1);
	});

	test('never beyond its prefecture, nor its 保健所設置市 or itself: 404, nothing written', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const before = await db.department.count();
		// 鎌倉市 (神奈川県), 町田市 (a 保健所設置市 of 東京都), 東京都 itself, a code that names nothing.
		for (const code of ['142042', '132098', '130001', '132040'])
			expect(await status(addMunicipalDepartment(db, tokyo, code, fields('越境課'))), code).toBe(
				404
			);
		// Nor invite into another prefecture's municipal department.
		const kamakura = await db.department.findFirstOrThrow({
			where: { function: 'health', organization: { localGovernmentCode: '142042' } }
		});
		expect(
			await status(
				invite(
					db,
					tokyo,
					{
						email: 'trespass@example.jp',
						name: 'x',
						role: 'respondent',
						departmentId: kamakura.id,
						manager: false
					},
					{ publicUrl }
				)
			)
		).toBe(404);
		expect(await db.department.count()).toBe(before);
		expect(await db.invitation.count({ where: { email: 'trespass@example.jp' } })).toBe(0);
	});

	test('its picker lists exactly its current 市・町・村', async () => {
		const kanagawa = await as('kanagawa.health@example.jp');
		const bodies = await addableBodies(db, kanagawa);
		// 神奈川県: 33 municipalities, 6 of which run a 保健所.
		expect(bodies).toHaveLength(27);
		expect(bodies.map((b) => b.name)).toContain('鎌倉市');
		expect(bodies.map((b) => b.name)).not.toContain('藤沢市');
		expect(bodies.every((b) => b.localGovernmentCode!.startsWith('14'))).toBe(true);
		expect(await addableBodies(db, await as('setagaya.health@example.jp'))).toEqual([]);
	});

	test('others are refused as if nothing were there; bad fields are 400, a clash 409', async () => {
		for (const email of [
			'setagaya.health@example.jp', // a department manager
			'kamakura.health@example.jp', // a municipal manager
			'mhlw.issuer@example.jp',
			'viewer@example.jp'
		])
			expect(
				await status(addMunicipalDepartment(db, await as(email), '132039', fields('課'))),
				email
			).toBe(404);
		const tokyo = await as('tokyo.health@example.jp');
		// A ministry office only issues; an unknown function; no name; no body chosen.
		expect(
			await status(addMunicipalDepartment(db, tokyo, '132039', fields('課', 'ministry_office')))
		).toBe(400);
		expect(await status(addMunicipalDepartment(db, tokyo, '132039', fields('課', 'nope')))).toBe(
			400
		);
		expect(await status(addMunicipalDepartment(db, tokyo, '132039', fields('')))).toBe(400);
		expect(await status(addMunicipalDepartment(db, tokyo, undefined, fields('課')))).toBe(400);
		// 武蔵野市 has its health department (the demo's): the same name and function again clashes.
		expect(
			await status(
				addMunicipalDepartment(db, tokyo, '132039', fields('衛生主管部（局）', 'health'))
			)
		).toBe(409);
		// An admin may add to any 市・町・村.
		expect(
			await status(
				addMunicipalDepartment(db, await as('admin@example.jp'), '142042', fields('管理者が追加'))
			)
		).toBe('ok');
	});
});
