// What the answers to a notice say, item by item, for its dashboard — read from each item's
// definition: every field summarized by its type (field-summaries.ts), and the item's behaviour
// summarized as it defines (the registry's heat table, grant use by line). Aggregated in the
// database (grouped queries over the JSON answers), never by loading every answer into Node,
// and counted exactly as the national CSV counts: the latest submission of each submitted
// response, of departments the item applies to.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb } from '../db/client.ts';
import { readableNotice } from './progress.ts';
import { appliesSql } from '../responses/due.ts';
import { CLINICAL_DEPARTMENTS } from '../../domain/responses/clinical-departments.ts';
import type { GrantAmounts } from '../../domain/responses/grant-report.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { fieldSummaries } from './field-summaries.ts';
import type {
	BehaviourSummary,
	GrantShareSummary,
	ItemSummary,
	RegistrySummary
} from '../../domain/item-summaries.ts';
import { firstLevelSql } from '../recipients/levels.ts';

export type * from '../../domain/item-summaries.ts';

type Item = Awaited<ReturnType<typeof readableNotice>>['responseItems'][number];
type Count = bigint | number | string | null;

const asNumber = (v: unknown) => Number(v ?? 0);

/**
 * `WITH latest AS (…)`: one row per department that submitted the item — its prefecture and the
 * data of its latest submission — as the national CSV has it: a response without a submission
 * on record, or from a department the item does not apply to, is not counted there either; nor
 * is a second-level recipient's (the CSV is the first level's, recipients/levels.ts).
 */
function latest(db: Db, noticeId: string, item: Item) {
	return Prisma.sql`WITH latest AS (
		SELECT o."prefectureCode" AS "prefectureCode", sub."data" AS "data"
		FROM "Response" s
		JOIN "Recipient" r ON r."id" = s."recipientId"
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		JOIN "ResponseSubmission" sub ON sub."responseId" = s."id"
			AND sub."number" = (
				SELECT MAX(x."number") FROM "ResponseSubmission" x WHERE x."responseId" = s."id"
			)
		JOIN "ResponseItem" i ON i."id" = s."responseItemId"
		WHERE r."noticeId" = ${noticeId} AND ${firstLevelSql()} AND s."responseItemId" = ${item.id}
			AND s."status" = 'submitted' AND ${appliesSql(db)}
	)`;
}

/** The length of a JSON array field of `data` (0 when absent), in each database's SQL. */
function arrayLength(db: Db, field: 'institutions' | 'entries') {
	const key = Prisma.raw(`'${field}'`);
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`CASE WHEN jsonb_typeof("data" -> ${key}) = 'array'
				THEN jsonb_array_length("data" -> ${key}) ELSE 0 END`
		: Prisma.sql`COALESCE(json_array_length("data", ${Prisma.raw(`'$.${field}'`)}), 0)`;
}

/** `latest l` joined with one row per element of its `lines` array, as `e."value"`. */
function withGrantLines(db: Db) {
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`latest l CROSS JOIN LATERAL jsonb_array_elements(
				CASE WHEN jsonb_typeof(l."data" -> 'lines') = 'array'
					THEN l."data" -> 'lines' ELSE '[]'::jsonb END
			) AS e("value")`
		: Prisma.sql`latest l CROSS JOIN json_each(l."data", '$.lines') AS e`;
}

async function prefectureNames(db: Db) {
	const rows = await db.organization.findMany({
		where: { kind: 'prefecture' },
		select: { prefectureCode: true, name: true }
	});
	const names = new Map(rows.map((p) => [p.prefectureCode, p.name]));
	return (code: string) => ({ prefectureCode: code, name: names.get(code) ?? code });
}
type Names = Awaited<ReturnType<typeof prefectureNames>>;

const byCode = (a: { prefectureCode: string }, b: { prefectureCode: string }) =>
	a.prefectureCode.localeCompare(b.prefectureCode);

async function registry(
	db: Db,
	noticeId: string,
	item: Item,
	prefecture: Names
): Promise<RegistrySummary> {
	// Registry entries this item's submitted answers last fed (syncRegistry records the source).
	const learned = Prisma.sql`m."sourceResponseId" IN (
		SELECT s."id" FROM "Response" s
		WHERE s."responseItemId" = ${item.id} AND s."status" = 'submitted'
	)`;
	const [[answers], cells, perPrefecture] = await Promise.all([
		db.$queryRaw<{ submitted: Count; listed: Count }[]>`${latest(db, noticeId, item)}
			SELECT COUNT(*) AS submitted, SUM(${arrayLength(db, 'institutions')}) AS listed
			FROM latest`,
		db.$queryRaw<{ prefectureCode: string; department: string; n: Count }[]>`
			SELECT m."prefectureCode" AS "prefectureCode", c."clinicalDepartment" AS department,
				COUNT(*) AS n
			FROM "MedicalInstitution" m
			JOIN "MedicalInstitutionClinicalDepartment" c ON c."institutionId" = m."id"
			WHERE ${learned}
			GROUP BY 1, 2`,
		db.$queryRaw<{ prefectureCode: string; n: Count; centers: Count }[]>`
			SELECT m."prefectureCode" AS "prefectureCode", COUNT(*) AS n,
				SUM(CASE WHEN m."housesCenter" THEN 1 ELSE 0 END) AS centers
			FROM "MedicalInstitution" m
			WHERE ${learned}
			GROUP BY 1`
	]);
	// Every known department is a column, so a gap shows as a 0; a key retired from the list
	// but still in the registry gets a column of its own at the end.
	const known = new Set<string>(CLINICAL_DEPARTMENTS.map((d) => d.key));
	const retired = [...new Set(cells.map((c) => c.department))].filter((k) => !known.has(k)).sort();
	const departments = [
		...CLINICAL_DEPARTMENTS.map((d) => ({ key: d.key as string, ja: d.ja, en: d.en, total: 0 })),
		...retired.map((key) => ({ key, ja: key, en: key, total: 0 }))
	];
	const column = new Map(departments.map((d, i) => [d.key, i]));
	const prefectures = perPrefecture
		.map((p) => ({
			...prefecture(p.prefectureCode),
			institutions: asNumber(p.n),
			housesCenter: asNumber(p.centers),
			counts: departments.map(() => 0)
		}))
		.sort(byCode);
	let maxCount = 0;
	for (const cell of cells) {
		const row = prefectures.find((p) => p.prefectureCode === cell.prefectureCode);
		const i = column.get(cell.department)!;
		const n = asNumber(cell.n);
		if (row) row.counts[i] = n;
		departments[i].total += n;
		maxCount = Math.max(maxCount, n);
	}
	return {
		behaviour: 'registry',
		listed: asNumber(answers?.listed),
		institutions: prefectures.reduce((s, p) => s + p.institutions, 0),
		housesCenter: prefectures.reduce((s, p) => s + p.housesCenter, 0),
		departments,
		prefectures,
		maxCount
	};
}

async function grantShare(
	db: Db,
	noticeId: string,
	item: Item,
	prefecture: Names
): Promise<GrantShareSummary> {
	// The rates of the answer's own fiscal year. The national share is floored per department
	// and line, then summed — as nationalShare() does for each answer — so the totals equal
	// the CSV's to the yen. Integer division of non-negative integers is that floor in both
	// databases; amounts (≤ 10^12) times a numerator stay far inside BIGINT.
	const planned = Prisma.sql`CAST(e."value" ->> 'planned' AS BIGINT)`;
	const actual = Prisma.sql`CAST(e."value" ->> 'actual' AS BIGINT)`;
	const share = (amount: Prisma.Sql) =>
		Prisma.sql`${amount} * g."subsidyRateNumerator" / g."subsidyRateDenominator"`;
	const year = Prisma.sql`CAST(l."data" ->> 'fiscalYear' AS INTEGER)`;
	const amounts = Prisma.sql`SUM(${planned}) AS planned, SUM(${actual}) AS actual,
		SUM(${share(planned)}) AS "plannedShare", SUM(${share(actual)}) AS "actualShare"`;
	const joined = Prisma.sql`FROM ${withGrantLines(db)}
		JOIN "GrantLine" g ON g."fiscalYear" = ${year} AND g."code" = e."value" ->> 'code'`;
	type Amounts = { planned: Count; actual: Count; plannedShare: Count; actualShare: Count };
	const [perLine, perPrefecture, reports] = await Promise.all([
		db.$queryRaw<
			(Amounts & { fiscalYear: Count; code: string; n: Count })[]
		>`${latest(db, noticeId, item)}
			SELECT ${year} AS "fiscalYear", g."code" AS code, COUNT(*) AS n, ${amounts}
			${joined}
			GROUP BY 1, 2`,
		db.$queryRaw<(Amounts & { prefectureCode: string })[]>`${latest(db, noticeId, item)}
			SELECT l."prefectureCode" AS "prefectureCode", ${amounts}
			${joined}
			GROUP BY 1`,
		db.$queryRaw<{ prefectureCode: string; n: Count }[]>`${latest(db, noticeId, item)}
			SELECT "prefectureCode" AS "prefectureCode", COUNT(*) AS n FROM latest GROUP BY 1`
	]);
	const amountsOf = (r: Amounts): GrantAmounts => ({
		planned: asNumber(r.planned),
		actual: asNumber(r.actual),
		plannedShare: asNumber(r.plannedShare),
		actualShare: asNumber(r.actualShare)
	});
	// Every line of each year answered, those nobody reported included (at 0), in code order.
	const fiscalYears = [...new Set(perLine.map((r) => asNumber(r.fiscalYear)))].sort();
	const grantLines = await db.grantLine.findMany({
		where: { fiscalYear: { in: fiscalYears } },
		orderBy: [{ fiscalYear: 'asc' }, { code: 'asc' }]
	});
	const lines = grantLines.map((g) => {
		const row = perLine.find((r) => asNumber(r.fiscalYear) === g.fiscalYear && r.code === g.code);
		return {
			fiscalYear: g.fiscalYear,
			code: g.code,
			name: g.name,
			rate: { numerator: g.subsidyRateNumerator, denominator: g.subsidyRateDenominator },
			reports: asNumber(row?.n),
			...(row ? amountsOf(row) : { planned: 0, actual: 0, plannedShare: 0, actualShare: 0 })
		};
	});
	const sum = (list: GrantAmounts[]): GrantAmounts => ({
		planned: list.reduce((s, a) => s + a.planned, 0),
		actual: list.reduce((s, a) => s + a.actual, 0),
		plannedShare: list.reduce((s, a) => s + a.plannedShare, 0),
		actualShare: list.reduce((s, a) => s + a.actualShare, 0)
	});
	const zero = { planned: 0, actual: 0, plannedShare: 0, actualShare: 0 };
	const prefectures = reports
		.map((r) => {
			const row = perPrefecture.find((p) => p.prefectureCode === r.prefectureCode);
			return {
				...prefecture(r.prefectureCode),
				reports: asNumber(r.n),
				...(row ? amountsOf(row) : zero)
			};
		})
		.sort(byCode);
	return {
		behaviour: 'grant_share',
		fiscalYears,
		lines,
		total: sum(lines),
		prefectures
	};
}

const ref = (item: Item) => ({ itemId: item.id, number: item.number, title: item.title });

/**
 * Per response item of the notice, in 記 order, a summary of the submitted answers read from
 * the item's definition. Issuers who manage the notice, viewers and admins; anyone else gets 404.
 */
export async function itemSummaries(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<ItemSummary[]> {
	const notice = await readableNotice(db, user, noticeId);
	const prefecture = await prefectureNames(db);
	const behaviours = {
		registry,
		grant_share: grantShare
	} satisfies Record<string, (...a: Parameters<typeof registry>) => Promise<BehaviourSummary>>;
	return Promise.all(
		notice.responseItems.map(async (item): Promise<ItemSummary> => {
			const definition = itemFromRow(item);
			const [[count], fields, behaviour] = await Promise.all([
				db.$queryRaw<{ submitted: Count }[]>`${latest(db, noticeId, item)}
					SELECT COUNT(*) AS submitted FROM latest`,
				fieldSummaries(db, latest(db, noticeId, item), definition.fields, prefecture),
				definition.behaviour
					? behaviours[definition.behaviour](db, noticeId, item, prefecture)
					: null
			]);
			return { ...ref(item), submitted: asNumber(count?.submitted), fields, behaviour };
		})
	);
}
