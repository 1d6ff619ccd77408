// The standing registry of cooperating medical institutions as a table, filterable by
// prefecture and clinical department. Viewers, issuers and admins see the whole country; a
// respondent sees only its own organization's entries (its data belongs to it alone).
// The page and the exports read through one statement (readRows) and shape rows with one
// function (cellsOf): the page reads one keyset page of it, the exports walk every page,
// holding one page at a time.
import { providerOfDb, type Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import {
	CLINICAL_DEPARTMENT_KEYS,
	clinicalDepartmentLabel
} from '../../domain/responses/clinical-departments.ts';
import { PAGE_SIZE, type PageRequest } from '../../domain/paging.ts';
import { keysetArgs, keysetPage, type SortKey } from '../db/keyset.ts';
import type { Cell, Table, TableStream } from './table-files.ts';
import { instant } from '../db/raw-values.ts';

export type RegistryFilter = { prefecture?: string; clinicalDepartment?: string };

const TITLE = '協力医療機関一覧';
const COLUMNS = [
	'都道府県コード',
	'報告団体',
	'医療機関名',
	'医療機関コード',
	'所在市区町村',
	'対応可能な診療科',
	'24時間受入れ',
	'証拠採取・保管',
	'緊急避妊',
	'センター設置',
	'連絡窓口',
	// The institutional address forwarding reaches it at (issue 13; forwarding/external.ts).
	'メールアドレス',
	'更新日'
];

/** The registry's order, for the page's cursors; readRows' ORDER BY and row value spell it in SQL. */
const REGISTRY_ORDER: SortKey[] = [
	{ path: ['prefectureCode'], dir: 'asc', type: 'string' },
	{ path: ['municipality'], dir: 'asc', type: 'string' },
	{ path: ['name'], dir: 'asc', type: 'string' },
	{ path: ['id'], dir: 'asc', type: 'string' }
];

/**
 * A registry row as its one statement reads it: the institution with its organization's name
 * and its clinical departments' keys, comma-separated (keys hold no commas).
 */
type RegistryRow = {
	id: string;
	prefectureCode: string;
	organizationName: string | null;
	name: string;
	institutionCode: string | null;
	municipality: string;
	clinicalDepartments: string | null;
	accepts24Hours: unknown;
	collectsEvidence: unknown;
	emergencyContraception: unknown;
	housesCenter: unknown;
	contact: string | null;
	email: string | null;
	updatedAt: unknown;
};

/** Where a read starts: strictly after or before a row's sort key (null: the start). */
type From = { direction: 'after' | 'before'; key: readonly string[] } | null;

/**
 * The filter: a respondent sees its own organization's entries only; the clinical-department
 * filter keeps every department of a matching institution in its cell.
 */
function conditionsOf(user: SessionUser, filter: RegistryFilter): Prisma.Sql[] {
	return [
		...(user.role === 'respondent'
			? [Prisma.sql`m."organizationId" = ${user.organizationId ?? '-'}`]
			: []),
		...(filter.prefecture ? [Prisma.sql`m."prefectureCode" = ${filter.prefecture}`] : []),
		...(filter.clinicalDepartment
			? [
					Prisma.sql`EXISTS (SELECT 1 FROM "MedicalInstitutionClinicalDepartment" f
						WHERE f."institutionId" = m."id" AND f."clinicalDepartment" = ${filter.clinicalDepartment})`
				]
			: [])
	];
}

const whereClause = (conditions: Prisma.Sql[]) =>
	conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;

/**
 * The registry's one read, for the page and the exports alike: up to `take` institutions in
 * REGISTRY_ORDER (reversed when reading backwards, as the rows then come) after or before a
 * row's key — a row-value comparison on the index of that order, so every page costs the same —
 * each one row with its organization's name and its departments aggregated in. One row per
 * institution (not one per department, nor the ORM's nested objects and three statements a
 * page) keeps the export's garbage per row small.
 */
function readRows(
	db: Db,
	conditions: Prisma.Sql[],
	from: From,
	take: number
): Promise<RegistryRow[]> {
	const backwards = from?.direction === 'before';
	const dir = Prisma.raw(backwards ? 'DESC' : 'ASC');
	const where = from
		? [
				...conditions,
				Prisma.sql`(m."prefectureCode", m."municipality", m."name", m."id")
					${Prisma.raw(backwards ? '<' : '>')} (${Prisma.join(from.key)})`
			]
		: conditions;
	const departments =
		providerOfDb(db) === 'postgresql'
			? Prisma.sql`string_agg(d."clinicalDepartment", ',')`
			: Prisma.sql`group_concat(d."clinicalDepartment", ',')`;
	return db.$queryRaw<RegistryRow[]>`
		WITH page AS (
			SELECT m."id", m."organizationId", m."prefectureCode", m."name", m."institutionCode",
				m."municipality", m."accepts24Hours", m."collectsEvidence",
				m."emergencyContraception", m."housesCenter", m."contact", m."email", m."updatedAt"
			FROM "MedicalInstitution" m
			${whereClause(where)}
			ORDER BY m."prefectureCode" ${dir}, m."municipality" ${dir}, m."name" ${dir}, m."id" ${dir}
			LIMIT ${take}
		)
		SELECT p."id", p."prefectureCode", o."name" AS "organizationName", p."name",
			p."institutionCode", p."municipality",
			(SELECT ${departments} FROM "MedicalInstitutionClinicalDepartment" d
				WHERE d."institutionId" = p."id") AS "clinicalDepartments",
			p."accepts24Hours", p."collectsEvidence", p."emergencyContraception", p."housesCenter",
			p."contact", p."email", p."updatedAt"
		FROM page p
		LEFT JOIN "Organization" o ON o."id" = p."organizationId"
		ORDER BY p."prefectureCode" ${dir}, p."municipality" ${dir}, p."name" ${dir}, p."id" ${dir}`;
}

const CATALOGUE_ORDER = new Map<string, number>(CLINICAL_DEPARTMENT_KEYS.map((k, i) => [k, i]));

/**
 * An institution's clinical departments as one cell, in the catalogue's order (the order the
 * answer form lists them), whatever order the database returned them in; a key no longer in the
 * catalogue comes last.
 */
function departmentsCell(keys: string[]): string {
	const rank = (k: string) => CATALOGUE_ORDER.get(k) ?? CATALOGUE_ORDER.size;
	return keys
		.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
		.map((k) => clinicalDepartmentLabel(k))
		.join('、');
}

const keyOf = (r: RegistryRow) => [r.prefectureCode, r.municipality, r.name, r.id];

/** A registry row as the table's cells: the page and the files show the same. */
function cellsOf(r: RegistryRow): Cell[] {
	const yes = (b: unknown) => (b === true || b === 1 || b === 1n ? '○' : '');
	return [
		r.prefectureCode,
		r.organizationName ?? '',
		r.name,
		r.institutionCode,
		r.municipality,
		departmentsCell(r.clinicalDepartments ? r.clinicalDepartments.split(',') : []),
		yes(r.accepts24Hours),
		yes(r.collectsEvidence),
		yes(r.emergencyContraception),
		yes(r.housesCenter),
		r.contact,
		r.email,
		instant(r.updatedAt).toISOString().slice(0, 10)
	];
}

async function countRows(db: Db, conditions: Prisma.Sql[]): Promise<number> {
	const [{ n }] = await db.$queryRaw<{ n: unknown }[]>`
		SELECT COUNT(*) AS n FROM "MedicalInstitution" m ${whereClause(conditions)}`;
	return Number(n);
}

/** One keyset page of the registry, with the filtered total. */
export async function registryPage(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter,
	request: PageRequest,
	size = PAGE_SIZE
) {
	const conditions = conditionsOf(user, filter);
	// keysetArgs only for the cursor it accepts (one that fits REGISTRY_ORDER) and the one row
	// more than a page that tells whether more follow; the statement is readRows'.
	const args = keysetArgs(REGISTRY_ORDER, request, size);
	const from: From = args.cursor
		? { direction: args.cursor.direction, key: args.cursor.values.map(String) }
		: null;
	const [fetched, total] = await Promise.all([
		readRows(db, conditions, from, args.take),
		countRows(db, conditions)
	]);
	const { rows, page } = keysetPage(REGISTRY_ORDER, request, args, fetched, total, size);
	return { title: TITLE, columns: COLUMNS, rows: rows.map(cellsOf), page };
}

/** The whole filtered registry for a download, read a page at a time as it is written. */
export function registryStream(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter,
	pageSize = 500
): TableStream {
	const conditions = conditionsOf(user, filter);
	return {
		title: TITLE,
		columns: COLUMNS,
		rows: async function* () {
			for (let from: From = null; ;) {
				const rows = await readRows(db, conditions, from, pageSize);
				for (const row of rows) yield cellsOf(row);
				// Fewer institutions than asked for: that was the last page.
				if (rows.length < pageSize) return;
				from = { direction: 'after', key: keyOf(rows[rows.length - 1]) };
			}
		}
	};
}

/** The whole filtered registry in memory (checks and tests; downloads use registryStream). */
export async function registryTable(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter
): Promise<Table> {
	const stream = registryStream(db, user, filter);
	const rows: Cell[][] = [];
	for await (const row of stream.rows()) rows.push(row);
	return { title: TITLE, columns: COLUMNS, rows };
}
