// Dashboards that do not grow with history (issue 14, benchmark 1): /overview and a national
// notice's /notices/{id}/progress, measured through the server modules the pages' load
// functions call (openDashboards, noticeDashboard: Prisma, shaping), beside — in the same run,
// on the same database —
//   - the best raw SQL for the same figures: the rollup's rows read by hand-written statements
//     through the bare driver (better-sqlite3 / pg), no ORM;
//   - the same figures aggregated from the base tables by raw SQL (what the pages did before
//     the rollup, and what a rollup-less page could do at best).
// Targets: median ≤ 150 ms and ≤ 1.5× the best raw SQL. Measures, does not assert.
//
//   npm run bench:dashboards -- [--scale 0.1] [--db sqlite|postgresql] [--runs 20]
//                                [--base-runs N] [--keep]
//
// --scale 1 is national (5,400 departments, 250 notices, ≈1M recipients); the database is
// filled by bench/lib/fill-dashboards.ts (direct inserts) and dropped afterwards unless --keep.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDb, type Db } from '../src/lib/server/db/client.ts';
import type { SessionUser } from '../src/lib/server/auth/sessions.ts';
import { Prisma } from '../src/lib/server/db/generated/sqlite/client.ts';
import { noticeDashboard, openDashboards } from '../src/lib/server/reports/progress.ts';
import {
	firstSubmissionsSql,
	rebuildAll,
	recipientStateSql,
	type NoticeRef
} from '../src/lib/server/reports/rollup.ts';
import { appliesSql } from '../src/lib/server/responses/due.ts';
import { createBenchDatabase, fillDashboards } from './lib/fill-dashboards.ts';

const { values: args } = parseArgs({
	options: {
		scale: { type: 'string', default: '0.1' },
		db: { type: 'string', default: 'sqlite' },
		runs: { type: 'string', default: '20' },
		keep: { type: 'boolean', default: false },
		/** Runs of the slow base-table aggregate (default: a quarter of --runs; 1 from scale 0.5). */
		'base-runs': { type: 'string' }
	}
});
const scale = Number(args.scale);
const runs = Number(args.runs);
const provider = args.db === 'postgresql' ? 'postgresql' : 'sqlite';

const viewer: SessionUser = {
	id: 'bench-user',
	email: 'bench@example.jp',
	name: 'bench',
	role: 'viewer',
	locale: 'ja',
	departmentId: null,
	organizationId: null
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const dir = path.join(os.tmpdir(), `kairan-bench-dashboards-${process.pid}`);
const { target, drop } = await createBenchDatabase(provider, dir);
let t = performance.now();
const filled = await fillDashboards(target, { scale });
console.log(
	`${provider}, scale ${scale}: ${filled.departments.toLocaleString()} departments, ` +
		`${filled.notices} notices (${filled.open.length} open), ` +
		`${filled.recipients.toLocaleString()} recipients, ` +
		`${filled.acknowledgments.toLocaleString()} acknowledgments, ` +
		`${filled.responses.toLocaleString()} responses; filled in ${seconds(performance.now() - t)}`
);

const db: Db = openDb(target);
t = performance.now();
await rebuildAll(db);
console.log(`npm run rollup:rebuild equivalent: ${seconds(performance.now() - t)}`);

/** Runs a Prisma.Sql through the bare driver. */
type Raw = { query(sql: Prisma.Sql): Promise<unknown[]>; close(): Promise<void> };
async function bareDriver(): Promise<Raw> {
	if (target.provider === 'sqlite') {
		const raw = new Database(target.file, { readonly: true });
		return {
			query: async (sql) =>
				raw.prepare<unknown[], unknown>(sql.sql).all(...(sql.values as unknown[])),
			close: async () => {
				raw.close();
			}
		};
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	return {
		query: async (sql) => (await client.query(sql.text, sql.values as unknown[])).rows,
		close: () => client.end()
	};
}
const raw = await bareDriver();

const openNotices = Prisma.sql`SELECT n."id" FROM "Notice" n WHERE n."status" = 'published'
	ORDER BY n."publishedAt" DESC, n."createdAt" DESC LIMIT 20`;

/** The rollup read by hand: what the figures of `scope` (a fragment naming notices) need. */
async function rawFromRollup(notices: Prisma.Sql) {
	await raw.query(Prisma.sql`
		SELECT n."id", n."status", n."publishedAt", v."title", v."deadline"
		FROM "Notice" n JOIN "NoticeVersion" v ON v."noticeId" = n."id"
			AND v."number" = n."currentVersionNumber"
		WHERE n."id" IN (${notices})`);
	await raw.query(Prisma.sql`SELECT i."id", i."noticeId", i."number", i."title", i."deadline"
		FROM "ResponseItem" i WHERE i."noticeId" IN (${notices})`);
	await raw.query(Prisma.sql`SELECT t."noticeId", t."acknowledged", t."state", t."openDeadline",
			SUM(t."recipients") FROM "ProgressTally" t WHERE t."noticeId" IN (${notices})
		GROUP BY t."noticeId", t."acknowledged", t."state", t."openDeadline"`);
	await raw.query(Prisma.sql`SELECT t."noticeId", t."prefectureCode", SUM(t."recipients"),
			SUM(CASE WHEN t."acknowledged" = 1 THEN t."recipients" ELSE 0 END),
			SUM(CASE WHEN t."state" = 'complete' THEN t."recipients" ELSE 0 END)
		FROM "ProgressTally" t WHERE t."noticeId" IN (${notices})
		GROUP BY t."noticeId", t."prefectureCode"`);
	await raw.query(Prisma.sql`SELECT t."noticeId", t."itemId", SUM(t."due"), SUM(t."submitted"),
			SUM(t."drafts") FROM "ItemTally" t WHERE t."noticeId" IN (${notices})
		GROUP BY t."noticeId", t."itemId"`);
	await raw.query(Prisma.sql`SELECT t."noticeId", t."day", t."acknowledged", t."submitted"
		FROM "DailyTally" t WHERE t."noticeId" IN (${notices})`);
	await raw.query(Prisma.sql`SELECT o."prefectureCode", o."name" FROM "Organization" o
		WHERE o."kind" = 'prefecture'`);
}

/** The same figures aggregated from the base tables (by due.ts's fragments), per notice. */
async function rawFromBase(notice: NoticeRef) {
	await raw.query(Prisma.sql`SELECT s."prefectureCode", s."scope",
			CASE WHEN s."ackDay" <> '' THEN 1 ELSE 0 END, s."state", s."openDeadline", COUNT(*)
		FROM (${recipientStateSql(db, notice, Prisma.empty)}) s
		GROUP BY s."prefectureCode", s."scope", CASE WHEN s."ackDay" <> '' THEN 1 ELSE 0 END,
			s."state", s."openDeadline"`);
	await raw.query(Prisma.sql`SELECT i."id", COUNT(*),
			SUM(CASE WHEN s."status" = 'submitted' THEN 1 ELSE 0 END),
			SUM(CASE WHEN s."status" = 'draft' THEN 1 ELSE 0 END)
		FROM "ResponseItem" i
		JOIN "Recipient" r ON r."noticeId" = i."noticeId"
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		LEFT JOIN "Response" s ON s."responseItemId" = i."id" AND s."recipientId" = r."id"
		WHERE i."noticeId" = ${notice.id} AND ${appliesSql(db)}
		GROUP BY i."id"`);
	await raw.query(Prisma.sql`SELECT f."day", COUNT(*)
		FROM (${firstSubmissionsSql(db, notice, Prisma.empty)}) f GROUP BY f."day"`);
}

async function noticeRefs(ids: string[]): Promise<NoticeRef[]> {
	const rows = await db.notice.findMany({
		where: { id: { in: ids } },
		select: { id: true, currentVersionNumber: true, versions: { select: { deadline: true } } }
	});
	return rows.map((n) => ({
		id: n.id,
		currentVersionNumber: n.currentVersionNumber,
		deadline: n.versions[0]?.deadline ?? null
	}));
}

/**
 * Medians of each contender, run in turn (app, best raw SQL, base tables, app, …) so all three
 * see the same load on a shared machine; the slow base-table aggregate runs fewer times, unwarmed.
 */
async function medians(contenders: (() => Promise<unknown>)[], baseRuns: number) {
	const times: number[][] = contenders.map(() => []);
	for (const run of contenders.slice(0, -1)) for (let i = 0; i < 2; i++) await run();
	for (let i = 0; i < runs; i++)
		for (const [n, run] of contenders.entries()) {
			if (n === contenders.length - 1 && i >= baseRuns) continue;
			const start = performance.now();
			await run();
			times[n].push(performance.now() - start);
		}
	return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]) as [
		number,
		number,
		number
	];
}

const now = new Date('2026-12-02T12:00:00+09:00');
const overviewIds = filled.open.slice(0, 20);
const overviewRefs = await noticeRefs(overviewIds);
// The progress page of the newest open notice addressed to every department (national).
const nationalId = filled.open.find((id) => Number(id.slice(1)) % 2 === 1) ?? filled.open[0];
const [nationalRef] = await noticeRefs([nationalId]);

const baseRuns = Number(
	args['base-runs'] ?? (scale >= 0.5 ? 1 : Math.max(3, Math.round(runs / 4)))
);
const rows: [string, number, number, number][] = [
	[
		'/overview (20 open notices)',
		...(await medians(
			[
				() => openDashboards(db, viewer, now, 'all', 20),
				() => rawFromRollup(openNotices),
				async () => {
					for (const ref of overviewRefs) await rawFromBase(ref);
				}
			],
			baseRuns
		))
	],
	[
		'/notices/{id}/progress (national)',
		...(await medians(
			[
				() => noticeDashboard(db, viewer, nationalId, now),
				() => rawFromRollup(Prisma.sql`SELECT ${nationalId}`),
				() => rawFromBase(nationalRef)
			],
			baseRuns
		))
	]
];

const ms = (n: number) => `${n.toFixed(1)} ms`;
console.log(
	`\nmedians of ${runs} runs (base tables: ${baseRuns}, unwarmed) after 2 warm-ups, interleaved; ` +
		`${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, ${provider}`
);
console.log(
	'| page | app (server module) | best raw SQL (rollup, bare driver) | ratio | raw SQL over base tables | target |'
);
console.log('|---|---|---|---|---|---|');
for (const [page, app, best, base] of rows) {
	const ok = app <= 150 && app <= 1.5 * best;
	console.log(
		`| ${page} | ${ms(app)} | ${ms(best)} | ${(app / best).toFixed(2)}× | ${ms(base)} | ≤ 150 ms and ≤ 1.5×: ${ok ? 'met' : 'NOT met'} |`
	);
}

await raw.close();
await db.$disconnect();
if (args.keep) console.log(`kept: ${target.provider === 'sqlite' ? target.file : target.url}`);
else await drop();
