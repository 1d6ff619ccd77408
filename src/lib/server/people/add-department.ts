// A prefecture administrator adds the departments of its prefecture's 市・町・村 (issue 13): the
// municipalities that run no 保健所 get their departments from the directory, not from the
// reference data, and a prefecture forwards to them. It then invites their people on the
// department's page (/department/[id]), as for any department within its reach (access.ts).
//
// Only 市・町・村 of its own prefecture: the prefecture's own departments and those of its
// 保健所設置市 are addressed by national notices and kept by the admins (/admin/departments),
// so a prefecture administrator cannot change who a ministry's notices reach. A body outside
// that answers as one that does not exist (404), as everywhere in the directory. An admin may
// use the same form for any 市・町・村.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError } from '../errors.ts';
import { insertDepartment, readDepartmentFields } from '../directory/departments.ts';
import { departmentNotFound } from './access.ts';
import type { BodyKind } from '../../domain/local-government-code.ts';

/** The kinds of body a prefecture administrator adds departments to. */
export const ADDABLE_KINDS = ['city', 'town', 'village'] as const satisfies readonly BodyKind[];

type Actor = Pick<SessionUser, 'id' | 'role' | 'email'> & { prefectureAdmin?: string | null };

/** Whether the user may add departments at all (the form is shown only then). */
export function addsDepartments(user: Actor | null): boolean {
	return user?.role === 'admin' || (user?.role === 'respondent' && Boolean(user.prefectureAdmin));
}

const bodyNotFound = () =>
	new UserError(404, '団体が見つかりません。 / No such municipality.', 'organization');

/**
 * The bodies the user may add a department to, for the form's picker: the current 市・町・村 of
 * its prefecture (at most ~180, 北海道's), in code order. An admin picks by code on
 * /admin/departments instead: empty here.
 */
export async function addableBodies(db: Pick<Db, 'organization'>, user: Actor | null) {
	if (!addsDepartments(user) || !user?.prefectureAdmin) return [];
	return db.organization.findMany({
		where: {
			prefectureCode: user.prefectureAdmin,
			kind: { in: [...ADDABLE_KINDS] },
			retiredAt: null
		},
		orderBy: { localGovernmentCode: 'asc' },
		select: { localGovernmentCode: true, name: true }
	});
}

/**
 * Adds a department to a 市・町・村 within the user's reach; returns its id. The fields are those
 * of the admins' form (name, function, contact line, addresses); the function must be one
 * notices can be addressed to.
 */
export async function addMunicipalDepartment(
	db: Db,
	user: SessionUser,
	organizationCode: unknown,
	input: unknown
): Promise<string> {
	if (!addsDepartments(user)) throw departmentNotFound();
	const fields = readDepartmentFields(input);
	const code = typeof organizationCode === 'string' ? organizationCode.trim() : '';
	if (!/^\d{6}$/.test(code))
		throw new UserError(400, '団体を選んでください。 / Choose a municipality.', 'organization');
	return db.$transaction(async (tx) => {
		const body = await tx.organization.findFirst({
			where: {
				localGovernmentCode: code,
				kind: { in: [...ADDABLE_KINDS] },
				retiredAt: null,
				...(user.role === 'admin' ? {} : { prefectureCode: user.prefectureAdmin! })
			},
			select: { id: true }
		});
		if (!body) throw bodyNotFound();
		return insertDepartment(tx, user, body.id, code, fields, true);
	});
}
