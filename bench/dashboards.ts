// Benchmark 1 (issue 14): dashboards that do not grow with history. /overview and the
// /notices/{id}/progress page of the generated notice with most recipients (as a viewer, and as
// an issuer who manages it, whose access rule differs), measured through the
// server modules the pages' load functions call (openDashboards, noticeDashboard: Prisma,
// access rules, shaping) on the generated database of `--scale` (npm run bench:data), beside —
// in the same run, on the same database, interleaved so they see the same load —
// the best raw SQL for the same figures: hand-written statements through the bare driver
// (better-sqlite3 / pg), no ORM, rows as arrays: one for the notices a viewer may see (the access
// rule; the overview's page of the 20 newest is chosen in it too) with their current version and
// items, then one for the rollup of those found (reports/tallies.ts's statement), then the
// panel's figures shaped in plain JavaScript — counts, per-item figures, the cumulative trend,
// prefectures — exactly what progress.ts returns: each page's figures are compared with the
// app's before timing. Prefecture names are reference data both sides keep in memory, so neither
// reads them per request.
// Targets: median ≤ 150 ms and ≤ 1.5× the best raw SQL. Measures, does not assert.
//
//   node bench/dashboards.ts --provider sqlite|postgresql --scale x10|national [--runs 20] [--base]
//
// --base also times the same figures aggregated from the base tables (what the pages did before
// the rollup; minutes on SQLite at national scale), once each, as information.
import Database from 'better-sqlite3';
import pg from 'pg';
import { deepStrictEqual } from 'node:assert/strict';
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
const { cumulativeByDay, noticeDashboard, openDashboards } = await load<
	typeof import('../src/lib/server/reports/progress.ts')
>('/src/lib/server/reports/progress.ts');
// Pure helpers the figures share with the app (the day walk, Japan's date, stored instants):
// what the baseline stands for is the read, so it computes with the same arithmetic.
const { todayInJapan } = await load<typeof import('../src/lib/domain/dates.ts')>(
	'/src/lib/domain/dates.ts'
);
const { instant } = await load<typeof import('../src/lib/server/db/raw-values.ts')>(
	'/src/lib/server/db/raw-values.ts'
);
const { sessionUserFor } = await load<typeof import('../tests/db/users.ts')>('/tests/db/users.ts');

const db = openDb(target);
const viewer = await sessionUserFor(db, 'viewer@example.jp');

/** The bare driver: a statement with `?` placeholders (`$n` on PostgreSQL), rows as arrays. */
type Raw = { query(sql: string, values: unknown[]): Promise<unknown[][]>; close(): Promise<void> };
async function bareDriver(): Promise<Raw> {
	if (target.provider === 'sqlite') {
		const raw = new Database(target.file, { readonly: true });
		const prepared = new Map<string, Database.Statement>();
		return {
			query: async (sql, values) => {
				let s = prepared.get(sql);
				if (!s) prepared.set(sql, (s = raw.prepare(sql).raw(true)));
				return s.all(...values) as unknown[][];
			},
			close: async () => void raw.close()
		};
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	const texts = new Map<string, string>();
	return {
		query: async (sql, values) => {
			let text = texts.get(sql);
			if (text === undefined) {
				let i = 0;
				texts.set(sql, (text = sql.replace(/\?/g, () => `$${++i}`)));
			}
			return (await client.query({ text, values, rowMode: 'array' })).rows;
		},
		close: () => client.end()
	};
}
const raw = await bareDriver();
const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
const sqlite = target.provider === 'sqlite';

// What the baseline computes is what the pages' load functions return for a panel (progress.ts's
// dashboardOf): the notice as shown, its counts (recipients, acknowledged, complete, overdue, and
// per item due/submitted/drafts/not started/overdue), the cumulative trend from the day of
// publication, and the prefectures with their names. So it reads, as the app does, only what a
// viewer may see (the access rule: published, closed or withdrawn), and shapes the same figures
// in plain JavaScript; before timing, each page's figures are checked to be the app's.
type Row = unknown[];
const num = (v: unknown) => Number(v ?? 0);
const japanDay = (ms: number) => todayInJapan(new Date(ms));

type Head = {
	id: string;
	status: string;
	forwardable: boolean;
	publishedMs: number | null;
	title: string;
	deadline: string | null;
	items: { id: string; number: number; title: string; kind: string; deadline: string | null }[];
};
/** Rows of [id, status, forwardable, publishedAt, title, deadline, item id, number, title, kind,
 * deadline] in page order and item number order: one head per notice. */
function headsOf(rows: Row[]): Head[] {
	const heads: Head[] = [];
	for (const r of rows) {
		let head = heads.at(-1);
		if (!head || head.id !== r[0]) {
			head = {
				id: r[0] as string,
				status: r[1] as string,
				forwardable: Boolean(r[2]),
				publishedMs: r[3] === null ? null : instant(r[3]).getTime(),
				title: (r[4] as string | null) ?? '',
				deadline: r[5] as string | null,
				items: []
			};
			heads.push(head);
		}
		if (r[6] !== null)
			head.items.push({
				id: r[6] as string,
				number: num(r[7]),
				title: r[8] as string,
				kind: r[9] as string,
				deadline: r[10] as string | null
			});
	}
	return heads;
}

type Tally = { s: Row[]; i: Map<string, Row>; d: Row[]; p: Row[] };
/** The rollup's rows ([kind, noticeId, a, b, n1, n2, n3], ordered by kind and key) per notice. */
function talliesOf(rows: Row[], ids: string[]) {
	const out = new Map<string, Tally>(ids.map((id) => [id, { s: [], i: new Map(), d: [], p: [] }]));
	for (const r of rows) {
		const t = out.get(r[1] as string)!;
		if (r[0] === 'i') t.i.set(r[2] as string, r);
		else t[r[0] as 's' | 'd' | 'p'].push(r);
	}
	return out;
}

function panelOf(n: Head, t: Tally, today: string) {
	let recipients = 0,
		acknowledged = 0,
		complete = 0,
		overdue = 0;
	for (const s of t.s) {
		const k = num(s[4]);
		recipients += k;
		if (num(s[5]) === 1) acknowledged += k;
		if (s[2] === 'complete') complete += k;
		else if (s[2] === 'open' && s[3] !== '' && today > (s[3] as string)) overdue += k;
	}
	const informationOnly = n.items.length === 0;
	const items = n.items.map((item) => {
		const f = t.i.get(item.id);
		const due = num(f?.[4]),
			submitted = num(f?.[5]),
			drafts = num(f?.[6]);
		const deadline = item.deadline ?? n.deadline;
		return {
			id: item.id,
			number: item.number,
			title: item.title,
			kind: item.kind,
			deadline,
			due,
			submitted,
			drafts,
			notStarted: due - submitted - drafts,
			overdue: deadline !== null && today > deadline ? due - submitted : 0
		};
	});
	let trend: { day: string; acknowledged: number; submitted: number }[] = [];
	if (n.publishedMs !== null) {
		const first = japanDay(n.publishedMs);
		let last = n.deadline !== null && n.deadline > first ? n.deadline : first;
		const lastEvent = t.d.length > 0 ? (t.d[t.d.length - 1][2] as string) : '';
		if (lastEvent > last) last = lastEvent;
		if (last > today) last = today;
		const days = t.d.map((r) => ({
			day: r[2] as string,
			acknowledged: num(r[4]),
			submitted: num(r[5])
		}));
		trend = cumulativeByDay(first, last, days);
	}
	return {
		notice: {
			id: n.id,
			title: n.title,
			status: n.status,
			forwardable: n.forwardable,
			deadline: n.deadline,
			informationOnly,
			items: n.items.map((i) => ({ id: i.id, number: i.number, title: i.title }))
		},
		progress: {
			recipients,
			acknowledged,
			informationOnly,
			complete,
			deadline: n.deadline,
			pastDeadline: n.deadline !== null && n.deadline < today,
			overdue,
			items
		},
		trend,
		prefectures: t.p.map((p) => ({
			prefectureCode: p[2] as string,
			name: names.get(p[2] as string) ?? (p[2] as string),
			recipients: num(p[4]),
			acknowledged: num(p[5]),
			complete: num(p[6])
		}))
	};
}

// Reference data both sides keep in memory (progress.ts's prefectureNames).
const names = new Map(
	(
		await raw.query(
			`SELECT o."prefectureCode", o."name" FROM "Organization" o WHERE o."kind" = 'prefecture'`,
			[]
		)
	).map((r) => [(r[0] as string | null) ?? '', r[1] as string])
);

/** The viewer's rule (notices/access-sql.ts): anything past draft. */
const VISIBLE = `n."status" IN ('published', 'closed', 'withdrawn')`;
const HEAD_COLUMNS = `n."id", n."status", n."forwardable", n."publishedAt", v."title", v."deadline",
	i."id", i."number", i."title", i."kind", i."deadline"`;
// SQLite: a bare `?` compared with an indexed column in a join makes SQLite prepare the
// statement again on every run (db/client.ts's readScalar); `+?` is the same value without it.
const bound = sqlite ? '+?' : '?';
/** The issuer's rule (access-sql.ts's managedNoticesSql): issued by an office of their ministry. */
const MANAGED = `EXISTS (SELECT 1 FROM "NoticeIssuer" ni JOIN "Department" d ON d."id" = ni."departmentId"
	WHERE ni."noticeId" = n."id" AND d."organizationId" = ${bound})`;
const oneHead = (rule: string) => `SELECT ${HEAD_COLUMNS} FROM "Notice" n
	JOIN "NoticeVersion" v ON v."noticeId" = n."id" AND v."number" = n."currentVersionNumber"
	LEFT JOIN "ResponseItem" i ON i."noticeId" = n."id"
	WHERE n."id" = ${bound} AND ${rule} ORDER BY i."number"`;
const VIEWER_HEAD = oneHead(VISIBLE);
const ISSUER_HEAD = oneHead(MANAGED);
// The overview's page: the 20 newest open notices the viewer may see, in the app's order.
const NEWEST = `n."publishedAt" DESC NULLS FIRST, n."createdAt" DESC`;
const OPEN_HEADS = `WITH page AS MATERIALIZED (SELECT n."id", n."currentVersionNumber", ROW_NUMBER() OVER (ORDER BY ${NEWEST}) AS pos
		FROM "Notice" n WHERE n."status" = 'published' AND ${VISIBLE} ORDER BY ${NEWEST} LIMIT ?)
	SELECT ${HEAD_COLUMNS} FROM page p JOIN "Notice" n ON n."id" = p."id"
		JOIN "NoticeVersion" v ON v."noticeId" = n."id" AND v."number" = n."currentVersionNumber"
		LEFT JOIN "ResponseItem" i ON i."noticeId" = n."id" ORDER BY p.pos, i."number"`;
/** The rollup of the notices `ids` (reports/tallies.ts's statement, rows instead of JSON). */
async function rawTallies(ids: string[]) {
	const m = marks(ids.length);
	return raw.query(
		`SELECT 's' AS kind, t."noticeId", t."state" AS a, t."openDeadline" AS b,
			SUM(t."recipients") AS n1, t."acknowledged" AS n2, 0 AS n3
		FROM "ProgressTally" t WHERE t."noticeId" IN (${m}) AND t."scope" <> 'forwarded'
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

/** The best raw SQL for a dashboard's figures: the notices (access rule applied), then the
 * rollup of those found, then the same shaping. */
async function rawPanels(heads: Head[], now: Date) {
	if (heads.length === 0) return [];
	const ids = heads.map((n) => n.id);
	const tallies = talliesOf(await rawTallies(ids), ids);
	const today = japanDay(now.getTime());
	return heads.map((n) => panelOf(n, tallies.get(n.id)!, today));
}
/** One notice's panel, for a viewer (no organization) or an issuer of its ministry. */
const rawProgress = async (id: string, now: Date, organizationId?: string) => {
	const rows = await (organizationId === undefined
		? raw.query(VIEWER_HEAD, [id])
		: raw.query(ISSUER_HEAD, [id, organizationId]));
	const [panel] = await rawPanels(headsOf(rows), now);
	if (!panel) throw new Error('not found');
	return panel;
};
const rawOverview = async (now: Date) => rawPanels(headsOf(await raw.query(OPEN_HEADS, [20])), now);

// The overview's notices: the 20 newest open ones (a viewer sees every published notice).
const openIds = (
	await raw.query(
		`SELECT n."id" FROM "Notice" n WHERE n."status" = 'published'
		ORDER BY ${NEWEST} LIMIT 20`,
		[]
	)
).map((r) => r[0] as string);
// The progress page: the published notice with most (first-level) recipients.
const [[biggestId, biggestN]] = await raw.query(
	`SELECT t."noticeId" AS id, SUM(t."recipients") AS n FROM "ProgressTally" t
	JOIN "Notice" n ON n."id" = t."noticeId" AND n."status" = 'published'
	WHERE t."scope" IN ('prefecture', 'municipal')
	GROUP BY t."noticeId" ORDER BY 2 DESC, 1 LIMIT 1`,
	[]
);
const biggest = { id: biggestId as string, n: biggestN as number | string };
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

// The same page as an issuer who manages the notice (the page's everyday reader): their rule
// differs (access-sql.ts's managedNoticesSql), and so do its statements.
const [[issuerEmail, issuerOrganization]] = await raw.query(
	`SELECT u."email", d."organizationId" FROM "User" u JOIN "Department" d ON d."id" = u."departmentId"
	WHERE u."role" = 'issuer' AND EXISTS (SELECT 1 FROM "NoticeIssuer" ni
		JOIN "Department" nd ON nd."id" = ni."departmentId"
		WHERE ni."noticeId" = ? AND nd."organizationId" = d."organizationId")
	ORDER BY u."email" LIMIT 1`,
	[biggest.id]
);
const issuer = await sessionUserFor(db, issuerEmail as string);

const now = new Date();
const pages = [
	{
		name: '/overview (20 open notices)',
		app: () => openDashboards(db, viewer, now, 'all', 20),
		raw: () => rawOverview(now),
		ids: openIds
	},
	{
		name: `/notices/{id}/progress (${Number(biggest.n).toLocaleString()} recipients)`,
		app: () => noticeDashboard(db, viewer, biggest.id, now),
		raw: () => rawProgress(biggest.id, now),
		ids: [biggest.id]
	},
	{
		name: `/notices/{id}/progress as its issuer`,
		app: () => noticeDashboard(db, issuer, biggest.id, now),
		raw: () => rawProgress(biggest.id, now, issuerOrganization as string),
		ids: [biggest.id]
	}
];
const figures: Figure[] = [];
for (const page of pages) {
	// Same figures, or the comparison means nothing.
	deepStrictEqual(await page.raw(), await page.app(), `${page.name}: raw SQL's figures differ`);
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
