// The dashboards' read: a page of notices (the caller's `page` query, which applies the access
// rule) with their current version and response items as ONE raw statement returning JSON text,
// and beside it their rollup (reports/tallies.ts). The ORM's nested read took three statements
// and a conversion per row for the notices alone, more than the database's own work for a whole
// dashboard (bench/dashboards.ts); here the database builds the nesting.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfClient, readScalar, type Db } from '../db/client.ts';
import {
	talliesFromJson,
	talliesJsonSql,
	type NoticeTallies,
	type PrefectureScope
} from './tallies.ts';
import { instant } from '../db/raw-values.ts';

/** A notice as the progress pages read it: its current version's title and deadline, and its
 * response items in number order (with their definitions, or without: DashboardHead). */
export type NoticeHead = {
	id: string;
	status: string;
	forwardable: boolean;
	publishedAt: Date | null;
	currentVersionNumber: number;
	title: string;
	deadline: string | null;
	responseItems: {
		id: string;
		number: number;
		title: string;
		kind: string;
		definition: Prisma.JsonValue;
		deadline: string | null;
		functions: Prisma.JsonValue;
		bodyKinds: Prisma.JsonValue;
	}[];
};
/** A notice as a progress panel reads it: its items' definitions and who must answer them are
 * not shown there (a panel needs an item's deadline, not its audience, which the rollup has
 * counted), so they are neither built into the JSON nor parsed (a definition is ~0.5–2 KB). */
export type DashboardHead = Omit<NoticeHead, 'responseItems'> & {
	responseItems: Omit<
		NoticeHead['responseItems'][number],
		'definition' | 'functions' | 'bodyKinds'
	>[];
};

/**
 * Which notices, in which order: `SELECT n."id", … AS pos FROM "Notice" n …`, the ids of the
 * notices to read with their position on the page. The caller's statement applies the access
 * rule; withPage makes it the statement's `page`.
 */
export type PageSql = Prisma.Sql;

/**
 * The page as the statement's `page` table. On SQLite, MATERIALIZED: otherwise SQLite flattens it
 * into each use (the join with "Notice", each of the rollup's four branches), and with the bound
 * notice id inside that join it also prepared the whole statement again on every run (see
 * db/client.ts's readScalar). Computed once, the page is a table of a few rows whose ids the rest
 * joins to: at x10 the notice read alone took 14 µs instead of 67, the whole panel read ~0.36 ms
 * instead of ~0.42 even with readScalar's own remedy (bench/dashboards.ts). PostgreSQL keeps the
 * page inline, as before (its figures were met; materializing it measured no better there).
 */
const withPage = (db: Db, page: PageSql) =>
	providerOfClient(db) === 'sqlite'
		? Prisma.sql`WITH page AS MATERIALIZED (${page})`
		: Prisma.sql`WITH page AS (${page})`;

/** The notices of `page` (its positions kept). */
export async function readHeads(db: Db, page: PageSql): Promise<NoticeHead[]> {
	const heads = await readScalar(
		db,
		Prisma.sql`${withPage(db, page)} SELECT ${headsJsonSql(db, true)} AS heads`
	);
	return headsFromJson(heads as string | null) as NoticeHead[];
}

/**
 * The notices of `page` and their rollup: two statements, each with the page (so each applies
 * the access rule: no rollup is read for a notice the user may not see), run side by side — on
 * PostgreSQL on two pooled connections at once. One statement with both was slower on SQLite
 * than the two (bench/dashboards.ts, x10), and no list of ids is passed from one to the other.
 */
export async function readHeadsAndTallies(
	db: Db,
	page: PageSql,
	scope: PrefectureScope
): Promise<{ heads: DashboardHead[]; tallies: Map<string, NoticeTallies> }> {
	// Through the bare driver (db/client.ts's readScalar): each is one JSON text, and Prisma's
	// request pipeline cost more than SQLite's work for both (bench/dashboards.ts, x10).
	const [h, t] = await Promise.all([
		readScalar(db, Prisma.sql`${withPage(db, page)} SELECT ${headsJsonSql(db, false)} AS heads`),
		readScalar(
			db,
			Prisma.sql`${withPage(db, page)} SELECT ${talliesJsonSql(db, Prisma.sql`SELECT p."id" FROM page p`, scope)} AS tallies`
		)
	]);
	const heads = headsFromJson(h as string | null);
	return {
		heads,
		tallies: talliesFromJson(
			t as string | null,
			heads.map((n) => n.id)
		)
	};
}

/** One JSON array of the page's notices ([pos, notice]), as a scalar subquery: with their items'
 * definitions and audiences (`full`, a NoticeHead), or as a panel shows them (a DashboardHead). */
function headsJsonSql(db: Db, full: boolean): Prisma.Sql {
	if (providerOfClient(db) === 'postgresql')
		return Prisma.sql`(SELECT json_agg(json_build_array(p.pos, json_build_object(
				'id', n."id", 'status', n."status", 'forwardable', n."forwardable",
				'publishedAt', to_char(n."publishedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
				'currentVersionNumber', n."currentVersionNumber",
				'title', v."title", 'deadline', v."deadline",
				'responseItems', COALESCE((SELECT json_agg(json_build_object(
						'id', i."id", 'number', i."number", 'title', i."title", 'kind', i."kind",
						${full ? Prisma.sql`'definition', i."definition", 'functions', i."functions", 'bodyKinds', i."bodyKinds",` : Prisma.empty}
						'deadline', i."deadline"))
					FROM "ResponseItem" i WHERE i."noticeId" = n."id"), '[]'::json))))::text
			FROM page p JOIN "Notice" n ON n."id" = p."id"
			LEFT JOIN "NoticeVersion" v ON v."noticeId" = n."id"
				AND v."number" = n."currentVersionNumber")`;
	// SQLite: a subquery's JSON reaches the outer json_object as text unless json() marks it
	// again; JSON columns are text, marked the same way.
	return Prisma.sql`(SELECT json_group_array(json_array(p.pos, json_object(
			'id', n."id", 'status', n."status", 'forwardable', n."forwardable",
			'publishedAt', n."publishedAt", 'currentVersionNumber', n."currentVersionNumber",
			'title', v."title", 'deadline', v."deadline",
			'responseItems', json((SELECT json_group_array(json_object(
					'id', i."id", 'number', i."number", 'title', i."title", 'kind', i."kind",
					${full ? Prisma.sql`'definition', json(i."definition"), 'functions', json(i."functions"), 'bodyKinds', json(i."bodyKinds"),` : Prisma.empty}
					'deadline', i."deadline"))
				FROM "ResponseItem" i WHERE i."noticeId" = n."id")))))
		FROM page p JOIN "Notice" n ON n."id" = p."id"
		LEFT JOIN "NoticeVersion" v ON v."noticeId" = n."id"
			AND v."number" = n."currentVersionNumber")`;
}

type HeadJson = Omit<DashboardHead, 'forwardable' | 'publishedAt' | 'title'> & {
	forwardable: boolean | number;
	publishedAt: string | number | null;
	title: string | null;
};

/** headsJsonSql's text as NoticeHeads, in page order, items in number order. */
function headsFromJson(j: string | null): DashboardHead[] {
	const rows = JSON.parse(j ?? '[]') as [number, HeadJson][];
	rows.sort((a, b) => Number(a[0]) - Number(b[0]));
	return rows.map(([, n]) => ({
		...n,
		// SQLite has no booleans (0/1).
		forwardable: Boolean(n.forwardable),
		publishedAt: n.publishedAt === null ? null : instant(n.publishedAt),
		// A notice without its current version (never in practice) reads as untitled.
		title: n.title ?? '',
		responseItems: n.responseItems.sort((a, b) => a.number - b.number)
	}));
}
