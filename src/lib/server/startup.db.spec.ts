// Start-up against a real database: migrations, national reference data, demo data.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { prepareDatabase } from './startup.ts';
import { createEmptyDatabase, TEST_PROVIDER } from '../../../tests/db/harness.ts';
import type { Db } from './db/client.ts';
import { DEMO_ACCOUNTS } from './demo/accounts.ts';
import { verifyPassword } from './auth/password.ts';

const PASSWORD = 'test-demo-password';
let env: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Db;
const quiet = () => {};

beforeAll(async () => {
	env = await createEmptyDatabase();
	db = env.open();
	await prepareDatabase({
		db,
		target: env.target,
		storage: env.storage,
		mode: 'demo',
		demoPassword: PASSWORD,
		log: quiet
	});
}, 60_000);
afterAll(async () => {
	await db.$disconnect();
	await env.cleanup();
});

describe(`start-up in demo mode (${TEST_PROVIDER})`, () => {
	test('loads every prefecture and municipality, the two ministries and their departments', async () => {
		expect(await db.organization.count()).toBe(47 + 1741 + 2);
		const byKind = await db.organization.groupBy({
			by: ['kind'],
			_count: { _all: true },
			orderBy: { kind: 'asc' }
		});
		expect(Object.fromEntries(byKind.map((k) => [k.kind, k._count._all]))).toEqual({
			core_city: 62,
			designated_city: 20,
			ministry: 2,
			other_health_center_city: 5,
			prefecture: 47,
			special_ward: 23,
			city: 705,
			town: 743,
			village: 183
		});
		// Only the bodies that run a 保健所 have departments from the reference data; the demo
		// gives every other municipality its health department (demo/municipalities.ts).
		expect(
			await db.department.count({
				where: {
					function: 'health',
					organization: { kind: { notIn: ['city', 'town', 'village'] } }
				}
			})
		).toBe(157);
		expect(await db.department.count({ where: { function: 'health' } })).toBe(157 + 1631);
		expect(await db.department.count({ where: { function: 'onestop_center' } })).toBe(47);
		// Every center department belongs to a prefecture.
		expect(
			await db.department.count({
				where: { function: 'onestop_center', organization: { kind: { not: 'prefecture' } } }
			})
		).toBe(0);
		const grant = await db.grantLine.findMany({
			where: { fiscalYear: 2024 },
			orderBy: { code: 'asc' }
		});
		expect(
			grant.map((g) => [g.code, `${g.subsidyRateNumerator}/${g.subsidyRateDenominator}`])
		).toEqual([
			['legal_support', '10/10'],
			['medical_costs', '1/3'],
			['operating_costs', '1/2']
		]);
	});

	test('publishes the seed notice to its 204 departments, with its four attachments', async () => {
		const notice = await db.notice.findFirstOrThrow({
			include: {
				versions: { include: { attachments: { orderBy: { position: 'asc' } } } },
				issuers: {
					orderBy: { position: 'asc' },
					include: { department: { include: { organization: true } } }
				},
				responseItems: { orderBy: { number: 'asc' } },
				_count: { select: { recipients: true } }
			}
		});
		expect(notice.status).toBe('published');
		expect(notice._count.recipients).toBe(204);
		const v = notice.versions[0];
		expect(v.noticeType).toBe('administrative_liaison');
		expect(v.issuedOn).toBe('2024-10-08');
		expect(v.title).toContain('ワンストップ支援センター');
		expect((v.items as unknown[]).length).toBe(4);
		expect(notice.issuers.map((i) => i.department.organization.name + i.department.name)).toEqual([
			'厚生労働省医政局総務課',
			'内閣府男女共同参画局男女間暴力対策課'
		]);
		expect(notice.responseItems.map((r) => r.kind)).toEqual([
			'status_checklist',
			'medical_institutions',
			'coordination_record',
			'grant_report'
		]);
		expect(v.attachments.map((a) => a.label)).toEqual(['別添１', '別添２', '別添３', '別添４']);
		for (const a of v.attachments) {
			const stored = await env.storage.read(a.sha256);
			expect(createHash('sha256').update(stored).digest('hex')).toBe(a.sha256);
			expect(stored.byteLength).toBe(a.size);
			expect(stored.subarray(0, 5).toString()).toBe('%PDF-');
			const shipped = await readFile(`prisma/data/demo/attachments/${a.fileName}`);
			expect(shipped.equals(stored)).toBe(true);
		}
	});

	test('creates the demo accounts with the configured password, and no one else can sign in', async () => {
		for (const account of DEMO_ACCOUNTS) {
			const user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
			expect(user.role).toBe(account.role);
			expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
			expect(await verifyPassword(user.passwordHash, 'kairan-demo-2024')).toBe(false);
		}
		const others = await db.user.findMany({
			where: { email: { notIn: DEMO_ACCOUNTS.map((a) => a.email) } }
		});
		expect(others.length).toBeGreaterThan(0);
		expect(others.every((u) => u.passwordHash === '')).toBe(true);
	});

	test('leaves the demo respondents untouched and gives the others varied progress', async () => {
		const demoEmails = DEMO_ACCOUNTS.filter(
			(a) => a.role === 'respondent' && !a.keepsSeedProgress
		).map((a) => a.email);
		const demoUsers = await db.user.findMany({ where: { email: { in: demoEmails } } });
		const mine = await db.recipient.findMany({
			where: { departmentId: { in: demoUsers.map((u) => u.departmentId!) } },
			include: { acknowledgments: true, responses: true }
		});
		// 東京都, 横浜市, 世田谷区, 北海道 (鎌倉市 is not addressed: it is reached by forwarding).
		expect(mine).toHaveLength(4);
		for (const r of mine) {
			expect(r.firstViewedAt).toBeNull();
			expect(r.acknowledgments).toHaveLength(0);
			expect(r.responses).toHaveLength(0);
		}
		const viewed = await db.recipient.count({ where: { firstViewedAt: { not: null } } });
		const acknowledged = await db.acknowledgment.count();
		const submitted = await db.response.count({ where: { status: 'submitted' } });
		const drafts = await db.response.count({ where: { status: 'draft' } });
		// Varied: some of everything, nobody's progress is all-or-nothing.
		expect(viewed).toBeGreaterThan(150);
		expect(viewed).toBeLessThan(200);
		expect(acknowledged).toBeGreaterThan(100);
		expect(acknowledged).toBeLessThan(viewed);
		expect(submitted).toBeGreaterThan(50);
		expect(drafts).toBeGreaterThan(0);
		// Some answered after the deadline (end of 2024-11-08 JST).
		const late = await db.response.count({
			where: { submittedAt: { gt: new Date('2024-11-08T15:00:00Z') } }
		});
		expect(late).toBeGreaterThan(0);
		// Acknowledgments are by people of the acknowledging department.
		const acks = await db.acknowledgment.findMany({
			include: { user: true, recipient: true },
			take: 50
		});
		for (const a of acks) expect(a.user.departmentId).toBe(a.recipient.departmentId);
	});

	test('a second start changes nothing', async () => {
		const before = [
			await db.organization.count(),
			await db.user.count(),
			await db.recipient.count(),
			await db.response.count()
		];
		const result = await prepareDatabase({
			db,
			target: env.target,
			storage: env.storage,
			mode: 'demo',
			demoPassword: PASSWORD,
			log: quiet
		});
		expect(result.applied).toEqual([]);
		expect([
			await db.organization.count(),
			await db.user.count(),
			await db.recipient.count(),
			await db.response.count()
		]).toEqual(before);
	});
});

describe(`a database from before every municipality was listed (${TEST_PROVIDER})`, () => {
	test('gains the missing municipalities at its next start, and nothing else changes', async () => {
		const e = await createEmptyDatabase();
		const odb = e.open();
		try {
			const options = {
				db: odb,
				target: e.target,
				storage: e.storage,
				mode: 'production' as const,
				demoPassword: PASSWORD,
				log: quiet
			};
			await prepareDatabase(options);
			// What an earlier release loaded: only the bodies that run a 保健所.
			const removed = await odb.organization.deleteMany({
				where: { kind: { in: ['city', 'town', 'village'] } }
			});
			expect(removed.count).toBe(1631);
			const departmentsBefore = await odb.department.findMany({ orderBy: { id: 'asc' } });
			const kept = await odb.organization.findFirstOrThrow({ where: { name: '世田谷区' } });
			await prepareDatabase(options);
			expect(await odb.organization.count({ where: { kind: { not: 'ministry' } } })).toBe(
				47 + 1741
			);
			expect(await odb.organization.findFirstOrThrow({ where: { name: '世田谷区' } })).toEqual(
				kept
			);
			expect(
				await odb.organization.findFirstOrThrow({
					where: { localGovernmentCode: '142042' },
					select: { name: true, kind: true, prefectureCode: true }
				})
			).toEqual({ name: '鎌倉市', kind: 'city', prefectureCode: '14' });
			expect(await odb.department.findMany({ orderBy: { id: 'asc' } })).toEqual(departmentsBefore);
		} finally {
			await odb.$disconnect();
			await e.cleanup();
		}
	});
});

describe(`start-up in production mode (${TEST_PROVIDER})`, () => {
	test('loads reference data but never demo data', async () => {
		const e = await createEmptyDatabase();
		const pdb = e.open();
		try {
			await prepareDatabase({
				db: pdb,
				target: e.target,
				storage: e.storage,
				mode: 'production',
				demoPassword: PASSWORD,
				log: quiet
			});
			expect(await pdb.organization.count()).toBe(47 + 1741 + 2);
			expect(await pdb.user.count()).toBe(0);
			expect(await pdb.notice.count()).toBe(0);
		} finally {
			await pdb.$disconnect();
			await e.cleanup();
		}
	}, 60_000);
});

describe('demo progress is deterministic', () => {
	test('two fresh databases get the same progress', async () => {
		const e = await createEmptyDatabase();
		const other = e.open();
		try {
			await prepareDatabase({
				db: other,
				target: e.target,
				storage: e.storage,
				mode: 'demo',
				demoPassword: PASSWORD,
				log: quiet
			});
			const summary = async (d: Db) =>
				(
					await d.recipient.findMany({
						select: {
							department: {
								select: { function: true, organization: { select: { localGovernmentCode: true } } }
							},
							firstViewedAt: true,
							_count: { select: { acknowledgments: true, responses: true } }
						}
					})
				)
					.map(
						(r) =>
							`${r.department.organization.localGovernmentCode}/${r.department.function}:${r.firstViewedAt?.toISOString()}:${r._count.acknowledgments}:${r._count.responses}`
					)
					.sort();
			expect(await summary(other)).toEqual(await summary(db));
		} finally {
			await other.$disconnect();
			await e.cleanup();
		}
	}, 60_000);
});
