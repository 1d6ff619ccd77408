// Loads the national reference data into an empty database on first start: the 157 bodies a
// health notice is addressed to (prisma/data/organizations.csv), their departments, the two
// issuing ministries of the seed notice and the grant lines of 令和6年度. Reference data is
// needed in production too; demo data is separate (src/lib/server/demo).
import organizationsCsv from '../../../../prisma/data/organizations.csv?raw';
import type { Db } from '../db/client.ts';
import { DEPARTMENT_FUNCTION_LABELS } from '../../domain/departments.ts';
import { parseOrganizationsCsv } from './organizations.ts';

/** The issuing offices of the 令和6年10月8日 事務連絡. */
export const MINISTRIES = [
	{ name: '厚生労働省', nameKana: 'こうせいろうどうしょう', office: '医政局総務課' },
	{ name: '内閣府', nameKana: 'ないかくふ', office: '男女共同参画局男女間暴力対策課' }
] as const;

/**
 * 性犯罪・性暴力被害者支援のための交付金, 令和6年度 (別添4 of the seed notice): operating costs at
 * 1/2, victims' medical costs at 1/3, legal support for AV-appearance victims in full (10/10).
 */
export const GRANT_LINES_2024 = [
	{ code: 'operating_costs', name: '相談センターの運営費等', n: 1, d: 2 },
	{ code: 'medical_costs', name: '被害者の医療費等', n: 1, d: 3 },
	{
		code: 'legal_support',
		name: 'ＡＶ出演被害防止・救済に関する法的支援に要する経費',
		n: 10,
		d: 10
	}
] as const;

export async function loadReferenceData(db: Db): Promise<boolean> {
	if ((await db.organization.count()) > 0) return false;
	const rows = parseOrganizationsCsv(organizationsCsv);
	await db.$transaction(async (tx) => {
		await tx.organization.createMany({
			data: [
				...MINISTRIES.map((m) => ({ kind: 'ministry', name: m.name, nameKana: m.nameKana })),
				...rows.map((r) => ({
					localGovernmentCode: r.code,
					kind: r.kind,
					prefectureCode: r.prefectureCode,
					name: r.name,
					nameKana: r.nameKana
				}))
			]
		});
		const orgs = await tx.organization.findMany({ select: { id: true, kind: true, name: true } });
		const departments = orgs.flatMap((org) => {
			if (org.kind === 'ministry') {
				const ministry = MINISTRIES.find((m) => m.name === org.name)!;
				return [{ organizationId: org.id, function: 'ministry_office', name: ministry.office }];
			}
			const health = {
				organizationId: org.id,
				function: 'health',
				name: DEPARTMENT_FUNCTION_LABELS.health.ja
			};
			if (org.kind !== 'prefecture') return [health];
			return [
				health,
				{
					organizationId: org.id,
					function: 'onestop_center',
					name: DEPARTMENT_FUNCTION_LABELS.onestop_center.ja
				}
			];
		});
		await tx.department.createMany({ data: departments });
		await tx.grantLine.createMany({
			data: GRANT_LINES_2024.map((g) => ({
				fiscalYear: 2024,
				code: g.code,
				name: g.name,
				subsidyRateNumerator: g.n,
				subsidyRateDenominator: g.d
			}))
		});
	});
	return true;
}
