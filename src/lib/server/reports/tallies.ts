// Reading the dashboards' rollup (kept by reports/rollup.ts) for one notice or many at once: a
// constant number of grouped statements over a few dozen rows per notice, whatever the number
// of recipients, answers or past notices. Shaped into figures by reports/progress.ts.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfClient, type Db } from '../db/client.ts';
import { itemOverdue } from '../responses/due.ts';

type Count = bigint | number | string | null;
const asNumber = (v: unknown) => Number(v ?? 0);

/** Whose recipients a prefecture's figures count: all bodies in it, its own departments, or
 * only the cities and wards inside it (which by default count toward it). */
export const PREFECTURE_SCOPES = ['all', 'prefecture', 'municipal'] as const;
export type PrefectureScope = (typeof PREFECTURE_SCOPES)[number];

export type NoticeTallies = {
	/** Recipients by acknowledgment and state (none | complete | open with its earliest deadline). */
	states: { acknowledged: boolean; state: string; openDeadline: string; recipients: number }[];
	items: Map<string, { due: number; submitted: number; drafts: number }>;
	days: { day: string; acknowledged: number; submitted: number }[];
	/** Per prefecture in the scope asked, in code order. */
	prefectures: {
		prefectureCode: string;
		recipients: number;
		acknowledged: number;
		complete: number;
	}[];
};

const empty = (): NoticeTallies => ({ states: [], items: new Map(), days: [], prefectures: [] });

/** The rollup of each notice in `noticeIds` (a short list the caller bounds: one page). */
export async function readTallies(
	db: Db,
	noticeIds: readonly string[],
	scope: PrefectureScope
): Promise<Map<string, NoticeTallies>> {
	if (noticeIds.length === 0) return new Map();
	const [{ j }] = await db.$queryRaw<{ j: string | null }[]>(
		Prisma.sql`SELECT ${talliesJsonSql(db, Prisma.join([...noticeIds]), scope)} AS j`
	);
	return talliesFromJson(j, noticeIds);
}

/**
 * The rollup of the notices whose ids `ids` lists (values or a subquery: the SQL inside
 * `IN (…)`), as one scalar expression: JSON text for talliesFromJson. A caller may select it
 * beside other figures, so a dashboard is one statement (reports/dashboard-read.ts).
 */
export function talliesJsonSql(db: Db, ids: Prisma.Sql, scope: PrefectureScope): Prisma.Sql {
	// Every figure here is the first level's: the second (scope 'forwarded') has its own
	// (reports/forwarding.ts), and DailyTally counts only the first (rollup.ts).
	const only =
		scope === 'all'
			? Prisma.sql`AND t."scope" IN ('prefecture', 'municipal')`
			: Prisma.sql`AND t."scope" = ${scope}`;
	// One statement, not four, and one row, not hundreds: on the dashboards each statement costs
	// the ORM a fixed 1–3 ms and each row it converts a few µs, far more than the database needs
	// to read these rows (the overview's 20 notices have ~1,500: days and prefectures). So the
	// database returns them as one JSON array of [kind, noticeId, a, b, n1, n2, n3], kind telling
	// the branch, a/b its keys and n1–n3 its counts.
	const tagged = Prisma.sql`
		SELECT 's' AS kind, t."noticeId" AS "noticeId", t."state" AS a, t."openDeadline" AS b,
			SUM(t."recipients") AS n1, t."acknowledged" AS n2, 0 AS n3
		FROM "ProgressTally" t WHERE t."noticeId" IN (${ids}) AND t."scope" <> 'forwarded'
		GROUP BY t."noticeId", t."acknowledged", t."state", t."openDeadline"
		UNION ALL
		SELECT 'i', t."noticeId", t."itemId", '', SUM(t."due"), SUM(t."submitted"), SUM(t."drafts")
		FROM "ItemTally" t WHERE t."noticeId" IN (${ids}) AND t."scope" <> 'forwarded'
		GROUP BY t."noticeId", t."itemId"
		UNION ALL
		SELECT 'd', t."noticeId", t."day", '', t."acknowledged", t."submitted", 0
		FROM "DailyTally" t WHERE t."noticeId" IN (${ids})
			AND (t."acknowledged" <> 0 OR t."submitted" <> 0)
		UNION ALL
		SELECT 'p', t."noticeId", t."prefectureCode", '', SUM(t."recipients"),
			SUM(CASE WHEN t."acknowledged" = 1 THEN t."recipients" ELSE 0 END),
			SUM(CASE WHEN t."state" = 'complete' THEN t."recipients" ELSE 0 END)
		FROM "ProgressTally" t WHERE t."noticeId" IN (${ids}) ${only}
		GROUP BY t."noticeId", t."prefectureCode"
		HAVING SUM(t."recipients") > 0`;
	return providerOfClient(db) === 'postgresql'
		? Prisma.sql`(SELECT json_agg(json_build_array(u.kind, u."noticeId", u.a, u.b, u.n1, u.n2,
				u.n3))::text FROM (${tagged}) u)`
		: Prisma.sql`(SELECT json_group_array(json_array(u.kind, u."noticeId", u.a, u.b, u.n1, u.n2,
				u.n3)) FROM (${tagged}) u)`;
}

/** talliesJsonSql's text, shaped per notice (every id in `noticeIds` has an entry). */
export function talliesFromJson(
	j: string | null,
	noticeIds: Iterable<string>
): Map<string, NoticeTallies> {
	const out = new Map<string, NoticeTallies>();
	for (const id of noticeIds) out.set(id, empty());
	const rows = JSON.parse(j ?? '[]') as [string, string, string, string, Count, Count, Count][];
	for (const [kind, noticeId, a, b, n1, n2, n3] of rows) {
		const tallies = out.get(noticeId);
		if (!tallies) continue;
		if (kind === 's') {
			const n = asNumber(n1);
			if (n !== 0)
				tallies.states.push({
					acknowledged: asNumber(n2) === 1,
					state: a,
					openDeadline: b,
					recipients: n
				});
		} else if (kind === 'i') {
			tallies.items.set(a, { due: asNumber(n1), submitted: asNumber(n2), drafts: asNumber(n3) });
		} else if (kind === 'd') {
			tallies.days.push({ day: a, acknowledged: asNumber(n1), submitted: asNumber(n2) });
		} else {
			tallies.prefectures.push({
				prefectureCode: a,
				recipients: asNumber(n1),
				acknowledged: asNumber(n2),
				complete: asNumber(n3)
			});
		}
	}
	// Days and prefectures in key order, as the pages list them (codes and ISO days: plain
	// character order is the collation's).
	const byKey =
		<T>(key: (x: T) => string) =>
		(x: T, y: T) =>
			key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0;
	for (const tallies of out.values()) {
		tallies.days.sort(byKey((d) => d.day));
		tallies.prefectures.sort(byKey((p) => p.prefectureCode));
	}
	return out;
}

/** Recipients, acknowledged, complete, and overdue on `today`, from a notice's rollup. */
export function recipientTotals(tallies: NoticeTallies, today: string) {
	const sum = (keep: (s: NoticeTallies['states'][number]) => boolean) =>
		tallies.states.filter(keep).reduce((n, s) => n + s.recipients, 0);
	return {
		recipients: sum(() => true),
		acknowledged: sum((s) => s.acknowledged),
		complete: sum((s) => s.state === 'complete'),
		// Open with an item past its deadline: the earliest open deadline is past (due.ts's rule).
		overdue: sum(
			(s) =>
				s.state === 'open' &&
				itemOverdue({ deadline: s.openDeadline === '' ? null : s.openDeadline }, null, today)
		)
	};
}
