// The standing registry of medical institutions able to cooperate with the one-stop centers.
// A submitted 記2 answer updates its organization's entries; the next notice's form starts
// from them instead of a blank sheet. The registry holds institutions, never people.
import type { Tx } from '../db/client.ts';
import { normalizeForSearch } from '../../domain/notices.ts';

type Institution = {
	name: string;
	institutionCode?: string | null;
	municipality: string;
	clinicalDepartments: string[];
	accepts24Hours?: boolean;
	collectsEvidence?: boolean;
	emergencyContraception?: boolean;
	housesCenter?: boolean;
	contact?: string | null;
};

const sameName = (a: string, b: string) =>
	normalizeForSearch(a).replace(/\s+/g, '') === normalizeForSearch(b).replace(/\s+/g, '');

/**
 * Adds or updates each submitted institution: the same code, or the same name and municipality.
 * Returns how many were added and updated (for the audit trail).
 */
export async function syncRegistry(
	tx: Tx,
	input: { organizationId: string; responseId: string; data: object }
) {
	const list = ((input.data as { institutions?: Institution[] }).institutions ?? []).filter(
		(i) => i.name
	);
	const counts = { added: 0, updated: 0 };
	if (list.length === 0) return counts;
	const organization = await tx.organization.findUniqueOrThrow({
		where: { id: input.organizationId },
		select: { prefectureCode: true }
	});
	const existing = await tx.medicalInstitution.findMany({
		where: { organizationId: input.organizationId }
	});
	for (const inst of list) {
		const match = existing.find(
			(e) =>
				(inst.institutionCode && e.institutionCode === inst.institutionCode) ||
				(sameName(e.name, inst.name) && sameName(e.municipality, inst.municipality))
		);
		const fields = {
			name: inst.name,
			institutionCode: inst.institutionCode || null,
			municipality: inst.municipality,
			accepts24Hours: Boolean(inst.accepts24Hours),
			collectsEvidence: Boolean(inst.collectsEvidence),
			emergencyContraception: Boolean(inst.emergencyContraception),
			housesCenter: Boolean(inst.housesCenter),
			contact: inst.contact || null,
			sourceResponseId: input.responseId
		};
		counts[match ? 'updated' : 'added']++;
		const id = match
			? (await tx.medicalInstitution.update({ where: { id: match.id }, data: fields })).id
			: (
					await tx.medicalInstitution.create({
						data: {
							...fields,
							organizationId: input.organizationId,
							prefectureCode: organization.prefectureCode ?? ''
						}
					})
				).id;
		await tx.medicalInstitutionClinicalDepartment.deleteMany({ where: { institutionId: id } });
		await tx.medicalInstitutionClinicalDepartment.createMany({
			data: [...new Set(inst.clinicalDepartments)].map((clinicalDepartment) => ({
				institutionId: id,
				clinicalDepartment
			}))
		});
	}
	return counts;
}

/** An organization's registry entries, as the starting point of a new 記2 answer. */
export async function registryFor(tx: Pick<Tx, 'medicalInstitution'>, organizationId: string) {
	const rows = await tx.medicalInstitution.findMany({
		where: { organizationId },
		orderBy: [{ municipality: 'asc' }, { name: 'asc' }],
		include: { clinicalDepartments: true }
	});
	return rows.map((r) => ({
		name: r.name,
		institutionCode: r.institutionCode ?? '',
		municipality: r.municipality,
		clinicalDepartments: r.clinicalDepartments.map((c) => c.clinicalDepartment),
		accepts24Hours: r.accepts24Hours,
		collectsEvidence: r.collectsEvidence,
		emergencyContraception: r.emergencyContraception,
		housesCenter: r.housesCenter,
		contact: r.contact ?? ''
	}));
}
