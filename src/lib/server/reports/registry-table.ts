// The standing registry of cooperating medical institutions as a table, filterable by
// prefecture and clinical department. Viewers, issuers and admins see the whole country; a
// respondent sees only its own organization's entries (its data belongs to it alone).
// The page reads one keyset page through the ORM; the exports walk every page in plain
// statements (exportPages), holding one page at a time.
import type { Db } from '../db/client.ts';
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

const REGISTRY_ORDER: SortKey[] = [
	{ path: ['prefectureCode'], dir: 'asc', type: 'string' },
	{ path: ['municipality'], dir: 'asc', type: 'string' },
	{ path: ['name'], dir: 'asc', type: 'string' },
	{ path: ['id'], dir: 'asc', type: 'string' }
];

function whereOf(user: SessionUser, filter: RegistryFilter): Prisma.MedicalInstitutionWhereInput {
	return {
		...(user.role === 'respondent' ? { organizationId: user.organizationId ?? '-' } : {}),
		...(filter.prefecture ? { prefectureCode: filter.prefecture } : {}),
		...(filter.clinicalDepartment
			? { clinicalDepartments: { some: { clinicalDepartment: filter.clinicalDepartment } } }
			: {})
	};
}

/** Up to one page of institutions, each with its clinical departments. */
function readInstitutions(
	db: Db,
	where: Prisma.MedicalInstitutionWhereInput,
	args: { where: unknown; orderBy: unknown; take: number }
) {
	return db.medicalInstitution.findMany({
		where: { AND: [where, args.where as Prisma.MedicalInstitutionWhereInput] },
		orderBy: args.orderBy as Prisma.MedicalInstitutionOrderByWithRelationInput[],
		take: args.take,
		include: { clinicalDepartments: true }
	});
}

type Institution = Awaited<ReturnType<typeof readInstitutions>>[number];

const CATALOGUE_ORDER = new Map<string, number>(CLINICAL_DEPARTMENT_KEYS.map((k, i) => [k, i]));

/**
 * An institution's clinical departments as one cell, in the catalogue's order (the order the
 * answer form lists them), whatever order the database returned them in; a key no longer in the
 * catalogue comes last.
 */
function departmentsCell(keys: string[]): string {
	const rank = (k: string) => CATALOGUE_ORDER.get(k) ?? CATALOGUE_ORDER.size;
	return [...keys]
		.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
		.map((k) => clinicalDepartmentLabel(k))
		.join('、');
}

/**
 * One page's rows as cells. The registry keeps the organization's id only (no relation), so
 * the names come in one query over this page's organizations (at most a page of ids).
 */
async function cellsOf(db: Db, rows: Institution[]): Promise<Cell[][]> {
	const ids = [...new Set(rows.map((r) => r.organizationId))];
	const organizations = new Map(
		ids.length === 0
			? []
			: (
					await db.organization.findMany({
						where: { id: { in: ids } },
						select: { id: true, name: true }
					})
				).map((o) => [o.id, o.name])
	);
	const yes = (b: boolean) => (b ? '○' : '');
	return rows.map((r) => [
		r.prefectureCode,
		organizations.get(r.organizationId) ?? '',
		r.name,
		r.institutionCode,
		r.municipality,
		departmentsCell(r.clinicalDepartments.map((c) => c.clinicalDepartment)),
		yes(r.accepts24Hours),
		yes(r.collectsEvidence),
		yes(r.emergencyContraception),
		yes(r.housesCenter),
		r.contact,
		r.email,
		r.updatedAt.toISOString().slice(0, 10)
	]);
}

/** One keyset page of the registry, with the filtered total. */
export async function registryPage(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter,
	request: PageRequest,
	size = PAGE_SIZE
) {
	const where = whereOf(user, filter);
	const args = keysetArgs(REGISTRY_ORDER, request, size);
	const [fetched, total] = await Promise.all([
		readInstitutions(db, where, args),
		db.medicalInstitution.count({ where })
	]);
	const { rows, page } = keysetPage(REGISTRY_ORDER, request, args, fetched, total, size);
	return { title: TITLE, columns: COLUMNS, rows: await cellsOf(db, rows), page };
}

/** An institution as an export page reads it, one row per clinical department (or none). */
type ExportRow = {
	id: string;
	prefectureCode: string;
	organizationName: string | null;
	name: string;
	institutionCode: string | null;
	municipality: string;
	clinicalDepartment: string | null;
	accepts24Hours: unknown;
	collectsEvidence: unknown;
	emergencyContraception: unknown;
	housesCenter: unknown;
	contact: string | null;
	email: string | null;
	updatedAt: unknown;
};

/**
 * whereOf in SQL, for the export's plain statements: the same three conditions. The
 * clinical-department filter keeps every department of a matching institution in its cell, as
 * the page does.
 */
function sqlWhereOf(user: SessionUser, filter: RegistryFilter): Prisma.Sql[] {
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

/**
 * The export's pages: each one statement that takes the next `size` institutions in
 * REGISTRY_ORDER after the last one read (a row-value comparison on the index of that order,
 * so every page costs the same), with the organization's name and the clinical departments
 * joined in. The ORM's reads (the institutions, their departments, their organizations: three
 * statements a page, and nested objects for every row) made most of the export's time and of
 * the garbage that grew the heap by 100+ MB over the process's floor.
 */
async function* exportPages(
	db: Db,
	conditions: Prisma.Sql[],
	size: number
): AsyncGenerator<ExportRow[]> {
	let after: ExportRow | null = null;
	for (;;) {
		const keyset: Prisma.Sql[] = after
			? [
					Prisma.sql`(m."prefectureCode", m."municipality", m."name", m."id") >
						(${after.prefectureCode}, ${after.municipality}, ${after.name}, ${after.id})`
				]
			: [];
		const where = [...conditions, ...keyset];
		const rows: ExportRow[] = await db.$queryRaw<ExportRow[]>`
			WITH page AS (
				SELECT m."id", m."organizationId", m."prefectureCode", m."name", m."institutionCode",
					m."municipality", m."accepts24Hours", m."collectsEvidence",
					m."emergencyContraception", m."housesCenter", m."contact", m."email", m."updatedAt"
				FROM "MedicalInstitution" m
				${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
				ORDER BY m."prefectureCode", m."municipality", m."name", m."id"
				LIMIT ${size}
			)
			SELECT p."id", p."prefectureCode", o."name" AS "organizationName", p."name",
				p."institutionCode", p."municipality", d."clinicalDepartment", p."accepts24Hours",
				p."collectsEvidence", p."emergencyContraception", p."housesCenter", p."contact",
				p."email", p."updatedAt"
			FROM page p
			LEFT JOIN "Organization" o ON o."id" = p."organizationId"
			LEFT JOIN "MedicalInstitutionClinicalDepartment" d ON d."institutionId" = p."id"
			ORDER BY p."prefectureCode", p."municipality", p."name", p."id"`;
		if (rows.length === 0) return;
		yield rows;
		const last = rows[rows.length - 1];
		// Fewer institutions than asked for: that was the last page.
		if (rows.filter((r, i) => i === 0 || rows[i - 1].id !== r.id).length < size) return;
		after = last;
	}
}

/** A page's rows (one per institution and department) as one line of cells per institution. */
function exportCells(rows: ExportRow[]): Cell[][] {
	const yes = (b: unknown) => (b === true || b === 1 || b === 1n ? '○' : '');
	const cells: Cell[][] = [];
	for (let i = 0; i < rows.length;) {
		const r = rows[i];
		const departments: string[] = [];
		for (; i < rows.length && rows[i].id === r.id; i++) {
			const c = rows[i].clinicalDepartment;
			if (c !== null) departments.push(c);
		}
		cells.push([
			r.prefectureCode,
			r.organizationName ?? '',
			r.name,
			r.institutionCode,
			r.municipality,
			departmentsCell(departments),
			yes(r.accepts24Hours),
			yes(r.collectsEvidence),
			yes(r.emergencyContraception),
			yes(r.housesCenter),
			r.contact,
			r.email,
			instant(r.updatedAt).toISOString().slice(0, 10)
		]);
	}
	return cells;
}

/** The whole filtered registry for a download, read a page at a time as it is written. */
export function registryStream(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter,
	pageSize = 500
): TableStream {
	const conditions = sqlWhereOf(user, filter);
	return {
		title: TITLE,
		columns: COLUMNS,
		rows: async function* () {
			for await (const page of exportPages(db, conditions, pageSize)) yield* exportCells(page);
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
