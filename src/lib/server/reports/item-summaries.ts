// What the answers to a notice say, item by item, for its dashboard: leaflet distribution (記1),
// the medical institutions learned for the registry (記2), grant use (記4), and counts for the
// other kinds. Aggregated in the database (grouped queries over the JSON answers), never by
// loading every answer into Node, and counted exactly as the national CSV counts: the latest
// submission of each submitted response, of departments the item applies to.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb } from '../db/client.ts';
import { readableNotice } from './progress.ts';
import { appliesSql } from '../responses/due.ts';
import { CLINICAL_DEPARTMENTS } from '../../domain/responses/clinical-departments.ts';
import { STATUS_VALUES } from '../../domain/responses/status-checklist.ts';
import type { GrantAmounts } from '../../domain/responses/grant-report.ts';
import type {
	CoordinationRecordSummary,
	FreeTextSummary,
	GrantReportSummary,
	ItemSummary,
	MedicalInstitutionsSummary,
	StatusChecklistSummary,
	YesNoSummary
} from '../../domain/item-summaries.ts';

export type * from '../../domain/item-summaries.ts';

type Item = Awaited<ReturnType<typeof readableNotice>>['responseItems'][number];
type Count = bigint | number | string | null;

const asNumber = (v: unknown) => Number(v ?? 0);

/**
 * `WITH latest AS (…)`: one row per department that submitted the item — its prefecture and the
 * data of its latest submission — as the national CSV has it: a response without a submission
 * on record, or from a department the item does not apply to, is not counted there either.
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
		WHERE r."noticeId" = ${noticeId} AND s."responseItemId" = ${item.id}
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

async function statusChecklist(
	db: Db,
	noticeId: string,
	item: Item,
	prefecture: Names
): Promise<StatusChecklistSummary> {
	const rows = await db.$queryRaw<
		{ prefectureCode: string; status: string | null; n: Count; reached: Count }[]
	>`${latest(db, noticeId, item)}
		SELECT "prefectureCode" AS "prefectureCode", "data" ->> 'status' AS status, COUNT(*) AS n,
			SUM(CAST("data" ->> 'institutionsReached' AS BIGINT)) AS reached
		FROM latest
		GROUP BY 1, 2`;
	const byStatus = Object.fromEntries(STATUS_VALUES.map((s) => [s, 0])) as Record<
		(typeof STATUS_VALUES)[number],
		number
	>;
	const prefectures = new Map<string, StatusChecklistSummary['prefectures'][number]>();
	let submitted = 0;
	let institutionsReached = 0;
	for (const row of rows) {
		const n = asNumber(row.n);
		const reached = asNumber(row.reached);
		submitted += n;
		institutionsReached += reached;
		if (row.status && row.status in byStatus) byStatus[row.status as keyof typeof byStatus] += n;
		const p = prefectures.get(row.prefectureCode) ?? {
			...prefecture(row.prefectureCode),
			submitted: 0,
			done: 0,
			institutionsReached: 0
		};
		p.submitted += n;
		if (row.status === 'done') p.done += n;
		p.institutionsReached += reached;
		prefectures.set(row.prefectureCode, p);
	}
	return {
		kind: 'status_checklist',
		...ref(item),
		submitted,
		byStatus,
		institutionsReached,
		prefectures: [...prefectures.values()].sort(byCode)
	};
}

async function medicalInstitutions(
	db: Db,
	noticeId: string,
	item: Item,
	prefecture: Names
): Promise<MedicalInstitutionsSummary> {
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
		kind: 'medical_institutions',
		...ref(item),
		submitted: asNumber(answers?.submitted),
		listed: asNumber(answers?.listed),
		institutions: prefectures.reduce((s, p) => s + p.institutions, 0),
		housesCenter: prefectures.reduce((s, p) => s + p.housesCenter, 0),
		departments,
		prefectures,
		maxCount
	};
}

async function grantReport(
	db: Db,
	noticeId: string,
	item: Item,
	prefecture: Names
): Promise<GrantReportSummary> {
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
		kind: 'grant_report',
		...ref(item),
		submitted: prefectures.reduce((s, p) => s + p.reports, 0),
		fiscalYears,
		lines,
		total: sum(lines),
		prefectures
	};
}

async function coordinationRecord(
	db: Db,
	noticeId: string,
	item: Item
): Promise<CoordinationRecordSummary> {
	const [row] = await db.$queryRaw<
		{ submitted: Count; entries: Count }[]
	>`${latest(db, noticeId, item)}
		SELECT COUNT(*) AS submitted, SUM(${arrayLength(db, 'entries')}) AS entries FROM latest`;
	return {
		kind: 'coordination_record',
		...ref(item),
		submitted: asNumber(row?.submitted),
		entries: asNumber(row?.entries)
	};
}

async function yesNo(db: Db, noticeId: string, item: Item): Promise<YesNoSummary> {
	const [row] = await db.$queryRaw<
		{ submitted: Count; yes: Count; no: Count }[]
	>`${latest(db, noticeId, item)}
		SELECT COUNT(*) AS submitted,
			SUM(CASE WHEN "data" ->> 'answer' = 'yes' THEN 1 ELSE 0 END) AS "yes",
			SUM(CASE WHEN "data" ->> 'answer' = 'no' THEN 1 ELSE 0 END) AS "no"
		FROM latest`;
	return {
		kind: 'yes_no',
		...ref(item),
		submitted: asNumber(row?.submitted),
		yes: asNumber(row?.yes),
		no: asNumber(row?.no)
	};
}

async function freeText(db: Db, noticeId: string, item: Item): Promise<FreeTextSummary> {
	const [row] = await db.$queryRaw<{ submitted: Count }[]>`${latest(db, noticeId, item)}
		SELECT COUNT(*) AS submitted FROM latest`;
	return { kind: 'free_text', ...ref(item), submitted: asNumber(row?.submitted) };
}

const ref = (item: Item) => ({ itemId: item.id, number: item.number, title: item.title });

/**
 * Per response item of the notice, in 記 order, a summary of the submitted answers shaped by
 * the item's kind. Issuers who manage the notice, viewers and admins; anyone else gets 404.
 */
export async function itemSummaries(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<ItemSummary[]> {
	const notice = await readableNotice(db, user, noticeId);
	const prefecture = await prefectureNames(db);
	return Promise.all(
		notice.responseItems.map((item): Promise<ItemSummary> => {
			switch (item.kind) {
				case 'status_checklist':
					return statusChecklist(db, notice.id, item, prefecture);
				case 'medical_institutions':
					return medicalInstitutions(db, notice.id, item, prefecture);
				case 'grant_report':
					return grantReport(db, notice.id, item, prefecture);
				case 'coordination_record':
					return coordinationRecord(db, notice.id, item);
				case 'yes_no':
					return yesNo(db, notice.id, item);
				default:
					return freeText(db, notice.id, item);
			}
		})
	);
}
