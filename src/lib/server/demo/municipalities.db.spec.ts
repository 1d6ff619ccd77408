// The demo's municipal departments and its two forwarding accounts (issue 13), on a real
// database: every 市・町・村 that runs no 保健所 has one health department with its example
// address; the seed notice still reaches its 204 departments only; a demo database made before
// them gains them (and the accounts) at its next start, and a further start adds nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { prepareDatabase } from '../startup.ts';
import { verifyPassword } from '../auth/password.ts';
import { MUNICIPAL_HEALTH_NAME } from './municipalities.ts';

let env: TestDatabase;
const municipal = { kind: { in: ['city', 'town', 'village'] } };

beforeAll(async () => {
	env = await createDemoDatabase();
}, 120_000);
afterAll(async () => {
	await env.cleanup();
});

const restart = () =>
	prepareDatabase({
		db: env.db,
		target: env.target,
		storage: env.storage,
		mode: 'demo',
		demoPassword: 'test-password',
		log: () => {}
	});

describe(`the demo's municipal departments (${TEST_PROVIDER})`, () => {
	test('every 市・町・村 has exactly one health department, with health.<code>@example.jp', async () => {
		const { db } = env;
		expect(await db.organization.count({ where: municipal })).toBe(1631);
		const departments = await db.department.findMany({
			where: { organization: municipal },
			select: {
				name: true,
				function: true,
				retiredAt: true,
				organizationId: true,
				organization: { select: { localGovernmentCode: true } },
				emails: { select: { address: true } }
			}
		});
		expect(departments).toHaveLength(1631);
		expect(new Set(departments.map((d) => d.organizationId)).size).toBe(1631);
		for (const d of departments) {
			expect(d).toMatchObject({ name: MUNICIPAL_HEALTH_NAME, function: 'health', retiredAt: null });
			expect(d.emails.map((e) => e.address)).toEqual([
				`health.${d.organization.localGovernmentCode}@example.jp`
			]);
		}
		expect(MUNICIPAL_HEALTH_NAME).toBe('衛生主管部（局）');
		// The bodies that run a 保健所 keep exactly their reference departments.
		expect(
			await db.department.count({
				where: { function: 'health', organization: { kind: { notIn: municipal.kind.in } } }
			})
		).toBe(157);
	});

	test('the seed notice still goes to its 204 departments, none of them a 市・町・村 of this kind', async () => {
		const { db } = env;
		expect(await db.recipient.count()).toBe(204);
		expect(await db.recipient.count({ where: { department: { organization: municipal } } })).toBe(
			0
		);
	});

	test('kanagawa.health administers 神奈川県; kamakura.health manages 鎌倉市 health', async () => {
		const { db } = env;
		const kanagawa = await db.user.findUniqueOrThrow({
			where: { email: 'kanagawa.health@example.jp' },
			include: { department: { include: { organization: true } } }
		});
		expect(kanagawa).toMatchObject({ role: 'respondent', prefectureAdmin: '14', manager: false });
		expect(kanagawa.department?.function).toBe('health');
		expect(kanagawa.department?.organization).toMatchObject({
			localGovernmentCode: '140007',
			name: '神奈川県',
			kind: 'prefecture'
		});
		expect(await verifyPassword(kanagawa.passwordHash, 'test-password')).toBe(true);

		const kamakura = await db.user.findUniqueOrThrow({
			where: { email: 'kamakura.health@example.jp' },
			include: { department: { include: { organization: true, emails: true } } }
		});
		expect(kamakura).toMatchObject({ role: 'respondent', prefectureAdmin: null, manager: true });
		expect(kamakura.department?.organization).toMatchObject({
			localGovernmentCode: '142042',
			name: '鎌倉市',
			kind: 'city',
			prefectureCode: '14'
		});
		expect(kamakura.department?.emails.map((e) => e.address)).toEqual(['health.142042@example.jp']);
		expect(await verifyPassword(kamakura.passwordHash, 'test-password')).toBe(true);
		// 神奈川県's department keeps the seed notice's generated progress (a staff account's).
		const seen = await db.recipient.findFirstOrThrow({
			where: { departmentId: kanagawa.departmentId! }
		});
		expect(seen.firstViewedAt).not.toBeNull();
	});

	test('a demo database from before them gains them at its next start; later starts add nothing', async () => {
		const { db } = env;
		// What an earlier release made: no municipal departments, no forwarding accounts, and one
		// town that has since merged (retired) must not gain a department.
		await db.user.deleteMany({
			where: { email: { in: ['kanagawa.health@example.jp', 'kamakura.health@example.jp'] } }
		});
		await db.departmentEmail.deleteMany({ where: { department: { organization: municipal } } });
		await db.department.deleteMany({ where: { organization: municipal } });
		const merged = await db.organization.update({
			where: { localGovernmentCode: '144029' }, // 清川村
			data: { retiredAt: new Date('2026-04-01T00:00:00Z') }
		});
		// A body whose health department an administrator retired keeps it retired, alone.
		const kept = await db.organization.findUniqueOrThrow({
			where: { localGovernmentCode: '142034' } // 平塚市
		});
		const retired = await db.department.create({
			data: {
				organizationId: kept.id,
				function: 'health',
				name: '健康課',
				retiredAt: new Date('2026-01-01T00:00:00Z')
			}
		});
		const users = await db.user.count();

		await restart();
		// 1,631 bodies less the merged one, each with one department (平塚市's the retired one).
		expect(await db.department.count({ where: { organization: municipal } })).toBe(1630);
		expect(await db.department.count({ where: { organizationId: merged.id } })).toBe(0);
		expect(await db.department.findMany({ where: { organizationId: kept.id } })).toEqual([retired]);
		expect(await db.user.count()).toBe(users + 2);
		const kamakura = await db.user.findUniqueOrThrow({
			where: { email: 'kamakura.health@example.jp' },
			include: { department: { include: { organization: true } } }
		});
		expect(kamakura.department?.organization.name).toBe('鎌倉市');
		expect(await verifyPassword(kamakura.passwordHash, 'test-password')).toBe(true);

		const counts = async () => [
			await db.department.count(),
			await db.departmentEmail.count(),
			await db.user.count(),
			await db.recipient.count()
		];
		const before = await counts();
		await restart();
		expect(await counts()).toEqual(before);
	}, 60_000);
});
