// The access rule in SQL (access-sql.ts) selects exactly the notices access.ts's Prisma `where`
// does, for every role, on notices of every status, joint and single issuance.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { managedNotices, visibleNotices } from './access.ts';
import { managedNoticesSql, visibleNoticesSql } from './access-sql.ts';

let env: TestDatabase;
let db: Db;

/** A notice of `status` issued by the ministry office of `issuer`, addressed to `to`. */
async function createNotice(issuer: string, status: string, to: string[]) {
	const author = await db.user.findFirstOrThrow({ where: { role: 'issuer' } });
	const office = await db.department.findFirstOrThrow({
		where: { function: 'ministry_office', organization: { name: issuer } }
	});
	const departments = await db.department.findMany({
		where: { function: 'health', organization: { localGovernmentCode: { in: to } } }
	});
	await db.notice.create({
		data: {
			status,
			createdById: author.id,
			publishedAt: status === 'draft' ? null : new Date(),
			issuers: { create: [{ departmentId: office.id, position: 0 }] },
			versions: {
				create: {
					number: 1,
					noticeType: 'request',
					title: `${issuer} ${status}`,
					issuedOn: '2026-11-01',
					addresseeLines: [],
					addresseeRule: { bodyKinds: [], functions: [], include: [], exclude: [] },
					preamble: '',
					items: [],
					contacts: [],
					references: []
				}
			},
			recipients: { create: departments.map((d) => ({ departmentId: d.id })) }
		}
	});
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	// Tokyo (130001) and Yokohama (141003): drafts, withdrawn and closed notices of both
	// ministries beside the demo's joint ones.
	await createNotice('内閣府', 'draft', ['130001']);
	await createNotice('内閣府', 'published', ['141003']);
	await createNotice('厚生労働省', 'withdrawn', ['130001']);
	await createNotice('厚生労働省', 'closed', ['130001', '141003']);
	await createNotice('厚生労働省', 'draft', ['141003']);
}, 60_000);
afterAll(async () => {
	await env?.cleanup();
});

const sorted = (ids: string[]) => [...ids].sort();
const byPrisma = async (where: Prisma.NoticeWhereInput) =>
	sorted((await db.notice.findMany({ where, select: { id: true } })).map((n) => n.id));
const bySql = async (condition: Prisma.Sql) =>
	sorted(
		(
			await db.$queryRaw<{ id: string }[]>(
				Prisma.sql`SELECT n."id" AS id FROM "Notice" n WHERE ${condition}`
			)
		).map((n) => n.id)
	);

describe(`the access rule in SQL (${TEST_PROVIDER})`, () => {
	const emails = [
		'tokyo.health@example.jp',
		'yokohama.health@example.jp',
		'setagaya.health@example.jp',
		'mhlw.issuer@example.jp',
		'cao.issuer@example.jp',
		'viewer@example.jp',
		'admin@example.jp'
	];
	const n = Prisma.raw('n');

	test.each(emails)('%s sees and manages the same notices either way', async (email) => {
		const user = await sessionUserFor(db, email);
		const visible = await byPrisma(visibleNotices(user));
		expect(await bySql(visibleNoticesSql(user, n))).toEqual(visible);
		expect(await bySql(managedNoticesSql(user, n))).toEqual(await byPrisma(managedNotices(user)));
		// Every role sees something here, and no one sees everything (drafts of the other
		// ministry at least): the comparison is not between two empty or two full lists.
		expect(visible.length).toBeGreaterThan(0);
		expect(visible.length).toBeLessThan(await db.notice.count());
	});

	test('users without a department or organization see nothing, either way', async () => {
		const viewer = await sessionUserFor(db, 'viewer@example.jp');
		for (const role of ['respondent', 'issuer'] as const) {
			const user: SessionUser = { ...viewer, role, departmentId: null, organizationId: null };
			expect(await bySql(visibleNoticesSql(user, n))).toEqual([]);
			expect(await byPrisma(visibleNotices(user))).toEqual([]);
			expect(await bySql(managedNoticesSql(user, n))).toEqual([]);
		}
	});
});
