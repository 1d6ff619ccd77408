// Reading the dashboards' rollup (kept by reports/rollup.ts) for one notice or many at once: a
// constant number of grouped statements over a few dozen rows per notice, whatever the number
// of recipients, answers or past notices. Shaped into figures by reports/progress.ts.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Db } from '../db/client.ts';
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
	const out = new Map(noticeIds.map((id) => [id, empty()]));
	if (noticeIds.length === 0) return out;
	const ids = Prisma.join([...noticeIds]);
	// Every figure here is the first level's: the second (scope 'forwarded') has its own
	// (reports/forwarding.ts), and DailyTally counts only the first (rollup.ts).
	const only =
		scope === 'all'
			? Prisma.sql`AND t."scope" IN ('prefecture', 'municipal')`
			: Prisma.sql`AND t."scope" = ${scope}`;
	const [states, items, days, prefectures] = await Promise.all([
		db.$queryRaw<
			{ noticeId: string; acknowledged: Count; state: string; openDeadline: string; n: Count }[]
		>`
			SELECT t."noticeId" AS "noticeId", t."acknowledged" AS "acknowledged", t."state" AS "state",
				t."openDeadline" AS "openDeadline", SUM(t."recipients") AS n
			FROM "ProgressTally" t WHERE t."noticeId" IN (${ids}) AND t."scope" <> 'forwarded'
			GROUP BY t."noticeId", t."acknowledged", t."state", t."openDeadline"`,
		db.$queryRaw<
			{ noticeId: string; itemId: string; due: Count; submitted: Count; drafts: Count }[]
		>`
			SELECT t."noticeId" AS "noticeId", t."itemId" AS "itemId", SUM(t."due") AS due,
				SUM(t."submitted") AS submitted, SUM(t."drafts") AS drafts
			FROM "ItemTally" t WHERE t."noticeId" IN (${ids}) AND t."scope" <> 'forwarded'
			GROUP BY t."noticeId", t."itemId"`,
		db.$queryRaw<{ noticeId: string; day: string; acknowledged: Count; submitted: Count }[]>`
			SELECT t."noticeId" AS "noticeId", t."day" AS "day", t."acknowledged" AS "acknowledged",
				t."submitted" AS "submitted"
			FROM "DailyTally" t WHERE t."noticeId" IN (${ids})
				AND (t."acknowledged" <> 0 OR t."submitted" <> 0)
			ORDER BY t."day"`,
		db.$queryRaw<
			{ noticeId: string; prefectureCode: string; n: Count; acknowledged: Count; complete: Count }[]
		>`
			SELECT t."noticeId" AS "noticeId", t."prefectureCode" AS "prefectureCode",
				SUM(t."recipients") AS n,
				SUM(CASE WHEN t."acknowledged" = 1 THEN t."recipients" ELSE 0 END) AS acknowledged,
				SUM(CASE WHEN t."state" = 'complete' THEN t."recipients" ELSE 0 END) AS complete
			FROM "ProgressTally" t WHERE t."noticeId" IN (${ids}) ${only}
			GROUP BY t."noticeId", t."prefectureCode"
			HAVING SUM(t."recipients") > 0
			ORDER BY t."prefectureCode"`
	]);
	for (const s of states) {
		const n = asNumber(s.n);
		if (n !== 0)
			out.get(s.noticeId)?.states.push({
				acknowledged: asNumber(s.acknowledged) === 1,
				state: s.state,
				openDeadline: s.openDeadline,
				recipients: n
			});
	}
	for (const i of items)
		out.get(i.noticeId)?.items.set(i.itemId, {
			due: asNumber(i.due),
			submitted: asNumber(i.submitted),
			drafts: asNumber(i.drafts)
		});
	for (const d of days)
		out.get(d.noticeId)?.days.push({
			day: d.day,
			acknowledged: asNumber(d.acknowledged),
			submitted: asNumber(d.submitted)
		});
	for (const p of prefectures)
		out.get(p.noticeId)?.prefectures.push({
			prefectureCode: p.prefectureCode,
			recipients: asNumber(p.n),
			acknowledged: asNumber(p.acknowledged),
			complete: asNumber(p.complete)
		});
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
