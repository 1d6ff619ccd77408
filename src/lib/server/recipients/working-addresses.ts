// Before publishing: how many of the departments an addressee rule names have no working mail
// address (none registered, or every one marked as failing by a permanent refusal — see
// addresses/failures.ts). They still receive the notice in Kairan, but no mail reaches them.
import type { Db } from '../db/client.ts';
import type { AddresseeRule } from '../../domain/addressees.ts';
import { addressableFunctionCodes, addresseeWhere } from './addressees.ts';

export async function addresseesWithoutWorkingAddress(
	db: Pick<Db, 'department' | 'departmentFunction'>,
	rule: AddresseeRule
): Promise<number> {
	const where = addresseeWhere(rule, await addressableFunctionCodes(db));
	if (!where) return 0;
	// One count with the condition as a subquery: never a list of the addressees' ids.
	return db.department.count({
		where: { AND: [where, { emails: { none: { failedAt: null } } }] }
	});
}
