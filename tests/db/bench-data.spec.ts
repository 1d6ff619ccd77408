// The data generator of `npm run bench:data` (bench/lib/generate.ts), at its smallest scale on a
// real database: what it writes is what the app reads, figures agree with the rows, and a seed
// always gives the same rows.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmptyDatabase, TEST_PROVIDER } from './harness.ts';
import { generate, GENERATED_NOTICE_PREFIX } from '../../bench/lib/generate.ts';
import { prepareDatabase } from '../../src/lib/server/startup.ts';
import { parseItemDefinition } from '../../src/lib/domain/forms/format.ts';
import { listNotices } from '../../src/lib/server/notices/queries.ts';
import { noticeProgress } from '../../src/lib/server/reports/progress.ts';
import { params } from '../../src/params.ts';
import type { Db } from '../../src/lib/server/db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';

type Env = Awaited<ReturnType<typeof createEmptyDatabase>> & { db: Db };

async function filled(
	seed: number
): Promise<Env & { result: Awaited<ReturnType<typeof generate>> }> {
	const env = await createEmptyDatabase();
	const db = env.open();
	await prepareDatabase({
		db,
		target: env.target,
		storage: env.storage,
		mode: 'demo',
		demoPassword: 'bench-data-test',
		log: () => {}
	});
	const result = await generate({
		db,
		target: env.target,
		scale: 'demo',
		seed,
		batch: 300,
		parseItemDefinition: (input) => {
			const parsed = parseItemDefinition(input);
			if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
			return parsed.item;
		}
	});
	return { ...env, db, result };
}

let a: Awaited<ReturnType<typeof filled>>;
let viewer: SessionUser;
beforeAll(async () => {
	a = await filled(7);
	const v = await a.db.user.findUniqueOrThrow({ where: { email: 'viewer@example.jp' } });
	viewer = { ...v, role: 'viewer', organizationId: null } as SessionUser;
}, 120_000);
afterAll(async () => {
	await a?.db.$disconnect();
	await a?.cleanup();
});

describe(`bench:data at demo scale (${TEST_PROVIDER})`, () => {
	test('writes notices the app lists and opens, each addressed by its own rule', async () => {
		expect(a.result.counts.Notice).toBe(8);
		const listed = await listNotices(a.db, viewer, {});
		const generated = listed.filter((n) => n.id.startsWith(GENERATED_NOTICE_PREFIX));
		expect(generated).toHaveLength(8);
		// The routes' own id matcher takes them (a 404 before any query otherwise).
		for (const n of generated) {
			const checked = await params.id['~standard'].validate(n.id);
			expect(checked).toEqual({ value: n.id });
		}
		for (const n of await a.db.noticeVersion.findMany({
			where: { noticeId: { startsWith: GENERATED_NOTICE_PREFIX } }
		})) {
			const rule = n.addresseeRule as { bodyKinds: string[]; functions: string[] };
			const expected = await a.db.department.count({
				where: {
					function: { in: rule.functions },
					organization: { kind: { in: rule.bodyKinds } }
				}
			});
			expect(await a.db.recipient.count({ where: { noticeId: n.noticeId } })).toBe(expected);
		}
	});

	test('the progress figures equal the generated rows, notice by notice', async () => {
		const notices = await a.db.notice.findMany({
			where: { id: { startsWith: GENERATED_NOTICE_PREFIX } },
			select: { id: true }
		});
		let submittedInAll = 0;
		for (const { id } of notices) {
			const p = await noticeProgress(a.db, viewer, id);
			expect(p.recipients).toBe(await a.db.recipient.count({ where: { noticeId: id } }));
			expect(p.acknowledged).toBe(
				await a.db.acknowledgment.count({ where: { recipient: { noticeId: id } } })
			);
			for (const item of p.items) {
				expect(item.submitted).toBe(
					await a.db.response.count({ where: { responseItemId: item.id, status: 'submitted' } })
				);
				submittedInAll += item.submitted;
			}
		}
		// Varied, not empty: there is something to draw.
		expect(submittedInAll).toBeGreaterThan(100);
		expect(a.result.counts.Response).toBeGreaterThan(submittedInAll);
	});

	test('every answer belongs to a department its item applies to, by a person of it', async () => {
		const wrong = await a.db.$queryRawUnsafe<{ n: number | bigint }[]>(`
			SELECT COUNT(*) AS n FROM "Response" s
			JOIN "Recipient" r ON r."id" = s."recipientId"
			JOIN "User" u ON u."id" = s."updatedById"
			WHERE s."id" LIKE 'gresp%' AND (u."departmentId" IS NULL OR u."departmentId" <> r."departmentId")`);
		expect(Number(wrong[0].n)).toBe(0);
	});

	test('the same seed gives the same rows', async () => {
		const b = await filled(7);
		try {
			expect(b.result.counts).toEqual(a.result.counts);
			const sample = (db: Db) =>
				db.response.findMany({
					where: { id: { startsWith: 'gresp' } },
					select: { id: true, status: true, data: true, submittedAt: true },
					orderBy: { id: 'asc' },
					take: 50
				});
			expect(await sample(b.db)).toEqual(await sample(a.db));
		} finally {
			await b.db.$disconnect();
			await b.cleanup();
		}
	}, 120_000);
});
