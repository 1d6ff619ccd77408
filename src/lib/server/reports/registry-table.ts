// The standing registry of cooperating medical institutions as a table, filterable by
// prefecture and clinical department. Viewers, issuers and admins see the whole country; a
// respondent sees only its own organization's entries (its data belongs to it alone).
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { clinicalDepartmentLabel } from '../../domain/responses/clinical-departments.ts';
import type { Table } from './table-files.ts';

export type RegistryFilter = { prefecture?: string; clinicalDepartment?: string };

export async function registryTable(
	db: Db,
	user: SessionUser,
	filter: RegistryFilter
): Promise<Table> {
	const where: Prisma.MedicalInstitutionWhereInput = {
		...(user.role === 'respondent' ? { organizationId: user.organizationId ?? '-' } : {}),
		...(filter.prefecture ? { prefectureCode: filter.prefecture } : {}),
		...(filter.clinicalDepartment
			? { clinicalDepartments: { some: { clinicalDepartment: filter.clinicalDepartment } } }
			: {})
	};
	const rows = await db.medicalInstitution.findMany({
		where,
		orderBy: [{ prefectureCode: 'asc' }, { municipality: 'asc' }, { name: 'asc' }],
		include: { clinicalDepartments: true }
	});
	// The registry keeps the organization's id only (no relation), so names come in one query.
	const organizations = new Map(
		(
			await db.organization.findMany({
				where: { id: { in: [...new Set(rows.map((r) => r.organizationId))] } },
				select: { id: true, name: true }
			})
		).map((o) => [o.id, o.name])
	);
	const yes = (b: boolean) => (b ? '○' : '');
	return {
		title: '協力医療機関一覧',
		columns: [
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
			'更新日'
		],
		rows: rows.map((r) => [
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
			r.updatedAt.toISOString().slice(0, 10)
		])
	};
}
