// Loads the national reference data into an empty database on first start: the prefectures and
// every municipality (prisma/data/organizations.csv), the departments of the 157 bodies a health
// notice is addressed to, the two
// issuing ministries of the seed notice and the grant lines of 令和6年度. Reference data is
// needed in production too; demo data is separate (src/lib/server/demo).
import organizationsCsv from '../../../../prisma/data/organizations.csv?raw';
import type { Db } from '../db/client.ts';
import { SEED_FUNCTIONS } from '../../domain/departments.ts';
import { parseOrganizationsCsv } from './organizations.ts';
import { HEALTH_CENTER_BODY_KINDS, runsHealthCenter } from '../../domain/local-government-code.ts';

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

/**
 * Loads the reference data into an empty database, and on later starts adds the bodies of a newer
 * organizations.csv that the database does not hold yet (by 全国地方公共団体コード), so a database
 * made before the file listed every municipality gains them at its next start. Changes to bodies
 * already present (renames, mergers, promotions) are not made here: they need a person to review
 * them. Returns whether anything was written.
 */
export async function loadReferenceData(db: Db): Promise<boolean> {
	const seeded = await seedFunctions(db);
	const rows = parseOrganizationsCsv(organizationsCsv);
	const first = (await db.organization.count()) === 0;
	// The reference table is bounded (~1,800 bodies): reading its codes whole is fine.
	const known = new Set(
		(
			await db.organization.findMany({
				where: { localGovernmentCode: { not: null } },
				select: { localGovernmentCode: true }
			})
		).map((o) => o.localGovernmentCode)
	);
	const added = rows.filter((r) => !known.has(r.code));
	if (!first && added.length === 0) return seeded;
	await db.$transaction(
		async (tx) => {
			await tx.organization.createMany({
				data: [
					...(first
						? MINISTRIES.map((m) => ({ kind: 'ministry', name: m.name, nameKana: m.nameKana }))
						: []),
					...added.map((r) => ({
						localGovernmentCode: r.code,
						kind: r.kind,
						prefectureCode: r.prefectureCode,
						name: r.name,
						nameKana: r.nameKana
					}))
				]
			});
			// Departments only for what was just inserted: the ministries' issuing offices, and the
			// health departments (and, for prefectures, the one-stop center departments) of the bodies
			// that run a 保健所. Other municipalities get their departments from the directory.
			const addedCodes = new Set(added.map((r) => r.code));
			const orgs = await tx.organization.findMany({
				where: first ? {} : { kind: { in: [...HEALTH_CENTER_BODY_KINDS] } },
				select: { id: true, kind: true, name: true, localGovernmentCode: true }
			});
			const departments = orgs.flatMap((org) => {
				if (org.kind === 'ministry') {
					const ministry = MINISTRIES.find((m) => m.name === org.name)!;
					return [{ organizationId: org.id, function: 'ministry_office', name: ministry.office }];
				}
				if (!addedCodes.has(org.localGovernmentCode ?? '') || !runsHealthCenter(org.kind))
					return [];
				const health = {
					organizationId: org.id,
					function: 'health',
					name: seedName('health')
				};
				if (org.kind !== 'prefecture') return [health];
				return [
					health,
					{
						organizationId: org.id,
						function: 'onestop_center',
						name: seedName('onestop_center')
					}
				];
			});
			if (departments.length > 0) await tx.department.createMany({ data: departments });
			if (!first) return;
			await tx.grantLine.createMany({
				data: GRANT_LINES_2024.map((g) => ({
					fiscalYear: 2024,
					code: g.code,
					name: g.name,
					subsidyRateNumerator: g.n,
					subsidyRateDenominator: g.d
				}))
			});
		},
		// ~1,800 bodies and their departments: slower than the 5 s default on a busy machine.
		{ timeout: 60_000 }
	);
	return true;
}

const seedName = (code: string) => SEED_FUNCTIONS.find((f) => f.code === code)!.nameJa;

/**
 * Adds the shipped department functions (主管部局の種類) the catalogue lacks, at every start: a
 * database made before functions were data gains them, and a release that ships a new one adds
 * it. A function already there is left as an admin may have renamed it.
 */
export async function seedFunctions(db: Db): Promise<boolean> {
	const known = new Set(
		(await db.departmentFunction.findMany({ select: { code: true } })).map((f) => f.code)
	);
	const missing = SEED_FUNCTIONS.map((f, position) => ({ ...f, position })).filter(
		(f) => !known.has(f.code)
	);
	if (missing.length === 0) return false;
	await db.departmentFunction.createMany({ data: missing });
	return true;
}
