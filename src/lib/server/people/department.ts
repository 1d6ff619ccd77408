// What /department shows to those who manage departments: the departments within their reach
// (a prefecture administrator's: the prefecture's bodies, paged), and one department's people,
// addresses with their failure marks, and pending invitations.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { departmentAddresses } from '../addresses/edit.ts';
import { departmentNotFound, manageableDepartments, requireManagedDepartment } from './access.ts';
import { departmentPeople, PEOPLE_PAGE_SIZE } from './manage.ts';
import { pendingInvitations } from './invitations.ts';

/** The departments the user manages, one page, by prefecture and body code. */
export async function managedDepartments(
	db: Db,
	user: SessionUser | null,
	options: { q?: string; page?: number } = {}
) {
	const scope = manageableDepartments(user);
	if (!scope) throw departmentNotFound();
	const page = options.page ?? 1;
	const q = options.q?.trim();
	const where = {
		AND: [
			scope,
			q ? { OR: [{ name: { contains: q } }, { organization: { name: { contains: q } } }] } : {}
		]
	};
	const [rows, total] = await Promise.all([
		db.department.findMany({
			where,
			orderBy: [
				{ organization: { prefectureCode: 'asc' } },
				{ organization: { localGovernmentCode: 'asc' } },
				{ name: 'asc' }
			],
			take: PEOPLE_PAGE_SIZE,
			skip: (page - 1) * PEOPLE_PAGE_SIZE,
			select: {
				id: true,
				name: true,
				organization: { select: { name: true } },
				_count: { select: { emails: { where: { failedAt: { not: null } } } } }
			}
		}),
		db.department.count({ where })
	]);
	return {
		rows: rows.map((d) => ({
			id: d.id,
			name: `${d.organization.name} ${d.name}`,
			failingAddresses: d._count.emails
		})),
		total,
		pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE))
	};
}

/** One department as its managers see it (404 outside the user's reach). */
export async function departmentOverview(
	db: Db,
	user: SessionUser | null,
	departmentId: string,
	page = 1
) {
	const department = await requireManagedDepartment(db, user, departmentId);
	const [addresses, people, invitations] = await Promise.all([
		departmentAddresses(db, department.id),
		departmentPeople(db, department.id, page),
		pendingInvitations(db, department.id)
	]);
	return { department, addresses, people, invitations };
}
