// Benchmark 1 (issue 14): dashboards that do not grow with history. /overview and the
// /notices/{id}/progress page of the generated notice with most recipients, measured through the
// server modules the pages' load functions call (openDashboards, noticeDashboard: Prisma,
// access rules, shaping) on the generated database of `--scale` (npm run bench:data), beside —
// in the same run, on the same database, interleaved so they see the same load —
// the best raw SQL for the same figures: hand-written statements through the bare driver
// (better-sqlite3 / pg), no ORM: one for the notices with their current version and items, one
// for their rollup (reports/tallies.ts's statement). Prefecture names are reference data both
// sides may keep in memory, so neither reads them per request.
// Targets: median ≤ 150 ms and ≤ 1.5× the best raw SQL. Measures, does not assert.
//
//   node bench/dashboards.ts --provider sqlite|postgresql --scale x10|national [--runs 20] [--base]
//
// --base also times the same figures aggregated from the base tables (what the pages did before
// the rollup; minutes on SQLite at national scale), once each, as information.
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { args, ensureData, targetOf } from './lib/env.ts';
import { median, report, type Figure } from './lib/report.ts';
import { viteLoader } from './lib/vite-load.ts';

const { provider, scale } = args();
const { values: opts } = parseArgs({
	options: {
		provider: { type: 'string' },
		scale: { type: 'string' },
		runs: { type: 'string', default: '20' },
		base: { type: 'boolean', default: false }
	}
});
const runs = Number(opts.runs);
const env = await ensureData(provider, scale);
const target = targetOf(env);

const vite = await viteLoader();
const load = <T>(file: string) => vite.load<T>(file);
const { openDb } = await load<typeof import('../src/lib/server/db/client.ts')>(
	'/src/lib/server/db/client.ts'
);
const { noticeDashboard, openDashboards } = await load<
	typeof import('../src/lib/server/reports/progress.ts')
>('/src/lib/server/reports/progress.ts');
const { sessionUserFor } = await load<typeof import('../tests/db/users.ts')>('/tests/db/users.ts');

const db = openDb(target);
const viewer = await sessionUserFor(db, 'viewer@example.jp');

/** The bare driver: a statement with `?` (SQLite) or `$n` (PostgreSQL) placeholders. */
type Raw = { query(sql: string, values: unknown[]): Promise<unknown[]>; close(): Promise<void> };
async function bareDriver(): Promise<Raw> {
	if (target.provider === 'sqlite') {
		const raw = new Database(target.file, { readonly: true });
		const prepared = new Map<string, Database.Statement>();
		return {
			query: async (sql, values) => {
				let s = prepared.get(sql);
				if (!s) prepared.set(sql, (s = raw.prepare(sql)));
				return s.all(...values);
			},
			close: async () => void raw.close()
		};
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	return {
		query: async (sql, values) => {
			let i = 0;
			return (
				await client.query(
					sql.replace(/\?/g, () => `$${++i}`),
					values
				)
			).rows;
		},
		close: () => client.end()
	};
}
const raw = await bareDriver();
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** The best raw SQL for a dashboard's figures: two statements, whatever the history. */
async function rawDashboards(ids: string[]) {
	await raw.query(
		`SELECT n."id", n."status", n."publishedAt", v."title", v."deadline",
			i."id" AS "itemId", i."number", i."title" AS "itemTitle", i."kind", i."deadline" AS "itemDeadline",
			i."functions", i."bodyKinds", i."definition"
		FROM "Notice" n JOIN "NoticeVersion" v ON v."noticeId" = n."id"
			AND v."number" = n."currentVersionNumber"
		LEFT JOIN "ResponseItem" i ON i."noticeId" = n."id"
		WHERE n."id" IN (${marks(ids.length)}) ORDER BY n."id", i."number"`,
		ids
	);
	const m = marks(ids.length);
	await raw.query(
		`SELECT 's' AS kind, t."noticeId", t."state" AS a, t."openDeadline" AS b,
			SUM(t."recipients") AS n1, t."acknowledged" AS n2, 0 AS n3
		FROM "ProgressTally" t WHERE t."noticeId" IN (${m})
		GROUP BY t."noticeId", t."acknowledged", t."state", t."openDeadline"
		UNION ALL
		SELECT 'i', t."noticeId", t."itemId", '', SUM(t."due"), SUM(t."submitted"), SUM(t."drafts")
		FROM "ItemTally" t WHERE t."noticeId" IN (${m}) AND t."scope" <> 'forwarded'
		GROUP BY t."noticeId", t."itemId"
		UNION ALL
		SELECT 'd', t."noticeId", t."day", '', t."acknowledged", t."submitted", 0
		FROM "DailyTally" t WHERE t."noticeId" IN (${m}) AND (t."acknowledged" <> 0 OR t."submitted" <> 0)
		UNION ALL
		SELECT 'p', t."noticeId", t."prefectureCode", '', SUM(t."recipients"),
			SUM(CASE WHEN t."acknowledged" = 1 THEN t."recipients" ELSE 0 END),
			SUM(CASE WHEN t."state" = 'complete' THEN t."recipients" ELSE 0 END)
		FROM "ProgressTally" t WHERE t."noticeId" IN (${m}) AND t."scope" IN ('prefecture', 'municipal')
		GROUP BY t."noticeId", t."prefectureCode" HAVING SUM(t."recipients") > 0
		ORDER BY 1, 3`,
		[...ids, ...ids, ...ids, ...ids]
	);
}

// The overview's notices: the 20 newest open ones (a viewer sees every published notice).
const openIds = (
	(await raw.query(
		`SELECT n."id" FROM "Notice" n WHERE n."status" = 'published'
		ORDER BY n."publishedAt" DESC, n."createdAt" DESC LIMIT 20`,
		[]
	)) as { id: string }[]
).map((r) => r.id);
// The progress page: the published notice with most (first-level) recipients.
const [biggest] = (await raw.query(
	`SELECT t."noticeId" AS id, SUM(t."recipients") AS n FROM "ProgressTally" t
	JOIN "Notice" n ON n."id" = t."noticeId" AND n."status" = 'published'
	WHERE t."scope" IN ('prefecture', 'municipal')
	GROUP BY t."noticeId" ORDER BY 2 DESC, 1 LIMIT 1`,
	[]
)) as { id: string; n: number | string }[];
console.log(
	`${provider}, ${scale}: overview of ${openIds.length} open notices; progress of ${biggest.id} ` +
		`(${Number(biggest.n).toLocaleString()} recipients)`
);

/** Medians of each contender, run in turn (app, raw, app, raw …) after two warm-ups each. */
async function medians(contenders: (() => Promise<unknown>)[]) {
	const times: number[][] = contenders.map(() => []);
	for (const run of contenders) for (let i = 0; i < 2; i++) await run();
	for (let i = 0; i < runs; i++)
		for (const [n, run] of contenders.entries()) {
			const start = performance.now();
			await run();
			times[n].push(performance.now() - start);
		}
	return times.map(median);
}

const now = new Date();
const pages = [
	{
		name: '/overview (20 open notices)',
		app: () => openDashboards(db, viewer, now, 'all', 20),
		raw: () => rawDashboards(openIds),
		ids: openIds
	},
	{
		name: `/notices/{id}/progress (${Number(biggest.n).toLocaleString()} recipients)`,
		app: () => noticeDashboard(db, viewer, biggest.id, now),
		raw: () => rawDashboards([biggest.id]),
		ids: [biggest.id]
	}
];
const figures: Figure[] = [];
for (const page of pages) {
	const [app, best] = await medians([page.app, page.raw]);
	const ok = app <= 150 && app <= 1.5 * best;
	figures.push(
		{
			name: `${page.name}, median`,
			value: app,
			unit: 'ms',
			baseline: best,
			target: '≤ 150 ms and ≤ 1.5× raw SQL',
			met: ok
		},
		{
			name: `${page.name}, ratio to raw SQL`,
			value: app / best,
			unit: '×',
			baseline: null,
			target: '≤ 1.5×',
			met: app <= 1.5 * best
		}
	);
}

if (opts.base) {
	// The same figures from the base tables, as before the rollup (information, no target).
	const { recipientStateSql, firstSubmissionsSql } = await load<
		typeof import('../src/lib/server/reports/rollup-sql.ts')
	>('/src/lib/server/reports/rollup-sql.ts');
	const { Prisma } = await load<typeof import('../src/lib/server/db/generated/sqlite/client.ts')>(
		'/src/lib/server/db/generated/sqlite/client.ts'
	);
	const run = (sql: import('../src/lib/server/db/generated/sqlite/client.ts').Prisma.Sql) =>
		raw.query(sql.sql, sql.values as unknown[]);
	for (const page of pages) {
		const start = performance.now();
		for (const id of page.ids) {
			const n = await db.notice.findUniqueOrThrow({
				where: { id },
				select: { id: true, currentVersionNumber: true, versions: { select: { deadline: true } } }
			});
			const ref = { id, currentVersionNumber: n.currentVersionNumber, deadline: null };
			await run(Prisma.sql`SELECT s."prefectureCode", s."state", COUNT(*)
				FROM (${recipientStateSql(db, ref, Prisma.empty)}) s GROUP BY s."prefectureCode", s."state"`);
			await run(Prisma.sql`SELECT f."day", COUNT(*)
				FROM (${firstSubmissionsSql(db, ref, Prisma.empty)}) f GROUP BY f."day"`);
		}
		figures.push({
			name: `${page.name}, same figures from the base tables (raw SQL, once)`,
			value: performance.now() - start,
			unit: 'ms',
			baseline: null,
			target: 'information',
			met: null
		});
	}
}

report(figures);
await raw.close();
await db.$disconnect();
await vite.close();
