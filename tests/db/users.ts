// The session user a signed-in person would have, for calling server modules in tests.
import type { Db } from '../../src/lib/server/db/client.ts';
import type { SessionUser } from '../../src/lib/server/auth/sessions.ts';
import type { Role } from '../../src/lib/domain/roles.ts';

export async function sessionUserFor(db: Db, email: string): Promise<SessionUser> {
	const u = await db.user.findUniqueOrThrow({ where: { email }, include: { department: true } });
	return {
		id: u.id,
		email: u.email,
		name: u.name,
		role: u.role as Role,
		locale: u.locale,
		departmentId: u.departmentId,
		organizationId: u.department?.organizationId ?? null,
		manager: u.manager,
		prefectureAdmin: u.prefectureAdmin
	};
}
