// Resolves an addressee rule to the departments it names, in a stable order
// (prefecture code, then body code, then function) so lists and counts read the same way
// on every screen.
import type { Db } from '../db/client.ts';
import type { AddresseeRule } from '../../domain/addressees.ts';

export async function resolveAddressees(db: Pick<Db, 'department'>, rule: AddresseeRule) {
	const byRule =
		rule.bodyKinds.length > 0 && rule.functions.length > 0
			? { function: { in: rule.functions }, organization: { kind: { in: rule.bodyKinds } } }
			: undefined;
	const or = [
		...(byRule ? [byRule] : []),
		...(rule.include.length ? [{ id: { in: rule.include } }] : [])
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
