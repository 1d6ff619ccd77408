// Who may manage which departments' people and addresses — decided here, from the session user
// (locals), for every request and every object.
//
// - admin: every department.
// - department manager (User.manager, a respondent): its own department only.
// - prefecture administrator (User.prefectureAdmin, a respondent): every department of the bodies
//   of that prefecture (the prefecture itself and its municipalities), and its own department.
// - anyone else: none.
//
// The capabilities are two columns on User rather than a table of grants: a manager manages
// exactly the department it belongs to and a prefecture administrator exactly one prefecture,
// so a row per grant would add a join to every request for nothing. They are read with the
// session (one query), so a change takes effect on the next request.
//
// A department outside the actor's reach answers as one that does not exist (404): a prefecture
// administrator learns nothing about another prefecture's bodies.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { UserError } from '../errors.ts';

export const departmentNotFound = () =>
	new UserError(404, '部局が見つかりません。 / Department not found.');

type Actor = Pick<SessionUser, 'id' | 'role' | 'departmentId'> & {
	manager?: boolean;
	prefectureAdmin?: string | null;
};

/** Whether the user manages any department at all (the /department page exists for them). */
export function managesAny(user: Actor | null): boolean {
	return manageableDepartments(user) !== null;
}

/** The departments the user may manage, as a filter; null for none. */
export function manageableDepartments(user: Actor | null): Prisma.DepartmentWhereInput | null {
	if (!user) return null;
	if (user.role === 'admin') return {};
	if (user.role !== 'respondent') return null;
	const or: Prisma.DepartmentWhereInput[] = [];
	if (user.manager && user.departmentId) or.push({ id: user.departmentId });
	if (user.prefectureAdmin)
		or.push({
			organization: { prefectureCode: user.prefectureAdmin, kind: { not: 'ministry' } }
		});
	return or.length ? { OR: or } : null;
}

/** The department if the user may manage it; otherwise a 404, as if it did not exist. */
export async function requireManagedDepartment(
	db: Pick<Db, 'department'>,
	user: Actor | null,
	departmentId: string
) {
	const scope = manageableDepartments(user);
	if (!scope || typeof departmentId !== 'string' || departmentId.length > 64)
		throw departmentNotFound();
	const department = await db.department.findFirst({
		where: { AND: [{ id: departmentId }, scope] },
		select: {
			id: true,
			name: true,
			function: true,
			organization: { select: { name: true, kind: true, prefectureCode: true } }
		}
	});
	if (!department) throw departmentNotFound();
	return department;
}

/**
 * What the user may make of a person it invites or changes: an admin anything; a prefecture
 * administrator a respondent, manager or not; a department manager a respondent colleague.
 */
export function mayGrant(
	user: Actor,
	grant: { role: string; manager: boolean; prefectureAdmin?: string | null }
): boolean {
	if (user.role === 'admin') return true;
	if (grant.role !== 'respondent' || grant.prefectureAdmin) return false;
	if (grant.manager) return Boolean(user.prefectureAdmin);
	return true;
}
