// Demo only: a health department for every 市・町・村 that runs no 保健所, so that a prefecture
// can forward a notice to all of its municipalities in the demo. In production these departments
// come from the directory: a prefecture administrator adds them (people/add-department.ts) and
// invites their people. The 保健所設置市 and 特別区 already have theirs from the reference data.
//
// Named 衛生主管部（局）, the catalogue's name for the `health` function: it is the name national
// notices use for the municipal counterpart too (「管内市町村衛生主管部（局）への周知」), and a
// forwarding goes to the department of the SAME function (health → health), so one name keeps
// the demo's screens and mails reading alike at both levels.
//
// Runs at every start in demo mode (not only into an empty database), so a demo database made
// before these departments existed gains them; a body that has a health department already, even
// a retired one, is left as it is. Two bulk writes, whatever the number of bodies.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { SEED_FUNCTIONS } from '../../domain/departments.ts';
import type { BodyKind } from '../../domain/local-government-code.ts';

/** The bodies that run no 保健所: reached only by forwarding. */
export const MUNICIPAL_KINDS = ['city', 'town', 'village'] as const satisfies readonly BodyKind[];

export const MUNICIPAL_HEALTH_NAME = SEED_FUNCTIONS.find((f) => f.code === 'health')!.nameJa;

/** The demo's institutional address of a department: `<function>.<code>@example.jp`. */
export const demoAddress = (fn: string, code: string) => `${fn}.${code}@example.jp`;

/** A new row id in the shape Prisma's cuid() gives (what the `id` route matcher accepts). */
const newId = () => `c${randomBytes(12).toString('hex')}`;

/** Adds the missing municipal health departments with their addresses; returns how many. */
export async function addMunicipalHealthDepartments(db: Db): Promise<number> {
	// Bounded by the reference data (≤ 1,741 bodies): reading the list whole is fine.
	const bodies = await db.organization.findMany({
		where: {
			kind: { in: [...MUNICIPAL_KINDS] },
			retiredAt: null,
			departments: { none: { function: 'health' } }
		},
		select: { id: true, localGovernmentCode: true },
		orderBy: { localGovernmentCode: 'asc' }
	});
	if (bodies.length === 0) return 0;
	// Ids made here, so the addresses can be written in one statement too (no read-back of ids).
	const rows = bodies.map((b) => ({ id: newId(), body: b }));
	await db.$transaction(
		async (tx) => {
			await tx.department.createMany({
				data: rows.map((r) => ({
					id: r.id,
					organizationId: r.body.id,
					function: 'health',
					name: MUNICIPAL_HEALTH_NAME
				}))
			});
			await tx.departmentEmail.createMany({
				data: rows.map((r) => ({
					departmentId: r.id,
					address: demoAddress('health', r.body.localGovernmentCode!)
				}))
			});
		},
		// ~1,600 rows twice: more than Prisma's 5 s default on a busy machine.
		{ timeout: 60_000, maxWait: 10_000 }
	);
	return rows.length;
}
