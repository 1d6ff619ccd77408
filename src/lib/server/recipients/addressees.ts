// Resolves an addressee rule to the departments it names, in a stable order
// (prefecture code, then body code, then function) so lists and counts read the same way
// on every screen.
import type { Db } from '../db/client.ts';
import type { AddresseeRule } from '../../domain/addressees.ts';
import { BODY_KINDS } from '../../domain/local-government-code.ts';

/**
 * The codes of the catalogue's addressable functions (a ministry office only issues). The
 * catalogue is small (tens of rows), so reading it whole is fine.
 */
export async function addressableFunctionCodes(db: Pick<Db, 'departmentFunction'>) {
	const rows = await db.departmentFunction.findMany({
		where: { addressable: true },
		select: { code: true }
	});
	return rows.map((r) => r.code);
}

/**
 * Only current departments of addressable functions in bodies that still exist: a retired
 * (or merged) department keeps its recipients on old notices but is never addressed again.
 */
export async function resolveAddressees(
	db: Pick<Db, 'department' | 'departmentFunction'>,
	rule: AddresseeRule
) {
	const codes = await addressableFunctionCodes(db);
	const live = { retiredAt: null, organization: { retiredAt: null }, function: { in: codes } };
	const byRule =
		rule.bodyKinds.length > 0 && rule.functions.length > 0
			? {
					...live,
					function: { in: rule.functions.filter((f) => codes.includes(f)) },
					organization: { retiredAt: null, kind: { in: rule.bodyKinds } }
				}
			: undefined;
	const or = [
		...(byRule ? [byRule] : []),
		// Individual additions are departments that can receive notices, never an issuing office.
		...(rule.include.length ? [{ ...live, id: { in: rule.include } }] : [])
	];
	if (or.length === 0) return [];
	const departments = await db.department.findMany({
		where: { OR: or, id: { notIn: rule.exclude } },
		select: {
			id: true,
			name: true,
			function: true,
			organization: {
				select: { name: true, kind: true, prefectureCode: true, localGovernmentCode: true }
			}
		}
	});
	return departments.sort(
		(a, b) =>
			(a.organization.prefectureCode ?? '').localeCompare(b.organization.prefectureCode ?? '') ||
			(a.organization.localGovernmentCode ?? '').localeCompare(
				b.organization.localGovernmentCode ?? ''
			) ||
			a.function.localeCompare(b.function)
	);
}

/** Every department a notice can be addressed to, for picking individual additions/exclusions. */
export async function addressableDepartments(db: Pick<Db, 'department' | 'departmentFunction'>) {
	const all = await resolveAddressees(db, {
		bodyKinds: [...BODY_KINDS],
		functions: await addressableFunctionCodes(db),
		include: [],
		exclude: []
	});
	return all.map((d) => ({
		id: d.id,
		name: `${d.organization.name} ${d.name}`,
		prefectureCode: d.organization.prefectureCode
	}));
}
