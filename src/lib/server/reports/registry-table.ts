// The standing registry of cooperating medical institutions as a table, filterable by
// prefecture and clinical department. Viewers, issuers and admins see the whole country; a
// respondent sees only its own organization's entries (its data belongs to it alone).
// The page reads one keyset page; the exports walk every page, holding one at a time.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { clinicalDepartmentLabel } from '../../domain/responses/clinical-departments.ts';
import { PAGE_SIZE, type PageRequest } from '../../domain/paging.ts';
import { keysetArgs, keysetPage, keysetWalk, type SortKey } from '../db/keyset.ts';
import type { Cell, Table, TableStream } from './table-files.ts';

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
		r.clinicalDepartments.map((c) => clinicalDepartmentLabel(c.clinicalDepartment)).join('、'),
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

/** The whole filtered registry for a download, read a page at a time as it is written. */
export function registryStream(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter,
	pageSize = 500
): TableStream {
	const where = whereOf(user, filter);
	return {
		title: TITLE,
		columns: COLUMNS,
		rows: async function* () {
			let batch: Institution[] = [];
			for await (const row of keysetWalk(
				REGISTRY_ORDER,
				(args) => readInstitutions(db, where, args),
				pageSize
			)) {
				batch.push(row);
				if (batch.length === pageSize) {
					yield* await cellsOf(db, batch);
					batch = [];
				}
			}
			yield* await cellsOf(db, batch);
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
