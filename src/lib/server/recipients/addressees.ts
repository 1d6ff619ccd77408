// Resolves an addressee rule to the departments it names, in a stable order
// (prefecture code, then body code, then function) so lists and counts read the same way
// on every screen.
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import type { AddresseeRule } from '../../domain/addressees.ts';
import { BODY_KINDS } from '../../domain/local-government-code.ts';
import { ADDRESSABLE_FUNCTIONS } from '../../domain/departments.ts';

/** The departments an addressee rule names, as a filter (null: none). */
export function addresseeWhere(rule: AddresseeRule): Prisma.DepartmentWhereInput | null {
	const byRule =
		rule.bodyKinds.length > 0 && rule.functions.length > 0
			? { function: { in: rule.functions }, organization: { kind: { in: rule.bodyKinds } } }
			: undefined;
	const or = [
		...(byRule ? [byRule] : []),
		// Individual additions are departments that can receive notices, never an issuing office.
		...(rule.include.length
			? [{ id: { in: rule.include }, function: { in: [...ADDRESSABLE_FUNCTIONS] } }]
			: [])
	];
	return or.length === 0 ? null : { OR: or, id: { notIn: rule.exclude } };
}

export async function resolveAddressees(db: Pick<Db, 'department'>, rule: AddresseeRule) {
	const where = addresseeWhere(rule);
	if (!where) return [];
	const departments = await db.department.findMany({
		where,
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
export async function addressableDepartments(db: Pick<Db, 'department'>) {
	const all = await resolveAddressees(db, {
		bodyKinds: [...BODY_KINDS],
		functions: [...ADDRESSABLE_FUNCTIONS],
		include: [],
		exclude: []
	});
	return all.map((d) => ({
		id: d.id,
		name: `${d.organization.name} ${d.name}`,
		prefectureCode: d.organization.prefectureCode
	}));
}
