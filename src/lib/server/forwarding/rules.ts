// The candidate bodies of one prefecture for one notice, as one SQL fragment: every target body
// (domain/forwarding.ts FORWARD_TARGET_KINDS) of the prefecture that still exists, its receiving
// department (the current department with the forwarder's function) and whether the notice has
// already reached it (directly or by forwarding). The forward screen lists it; forward.ts inserts
// from it. A prefecture has at most ~200 such bodies, so one prefecture's list is bounded and is
// read whole.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Tx } from '../db/client.ts';
import {
	FORWARD_TARGET_KINDS,
	forwardStatus,
	type ForwardStatus
} from '../../domain/forwarding.ts';

export type CandidateScope = {
	noticeId: string;
	prefectureCode: string;
	/** The forwarding department's function: the receiving department has the same one. */
	function: string;
};

/**
 * Columns: organizationId, code, name, nameKana, kind, departmentId (null: none), departmentName,
 * reached (0: none, 1: a first-level recipient, 2: only second-level ones).
 */
export function candidatesSql(scope: CandidateScope): Prisma.Sql {
	// The receiving department: the oldest-id one when a body has several of the function (the
	// directory allows it; one of them must be chosen, the same one every time).
	const department = Prisma.sql`(SELECT MIN(d."id") FROM "Department" d
		WHERE d."organizationId" = o."id" AND d."function" = ${scope.function} AND d."retiredAt" IS NULL)`;
	return Prisma.sql`
		SELECT o."id" AS "organizationId", o."localGovernmentCode" AS "code", o."name", o."nameKana",
			o."kind", ${department} AS "departmentId",
			(SELECT dn."name" FROM "Department" dn WHERE dn."id" = ${department}) AS "departmentName",
			COALESCE((SELECT MIN(CASE WHEN r."forwardingId" IS NULL THEN 1 ELSE 2 END)
				FROM "Recipient" r JOIN "Department" rd ON rd."id" = r."departmentId"
				WHERE r."noticeId" = ${scope.noticeId} AND rd."organizationId" = o."id"), 0) AS "reached"
		FROM "Organization" o
		WHERE o."prefectureCode" = ${scope.prefectureCode} AND o."retiredAt" IS NULL
			AND o."localGovernmentCode" IS NOT NULL
			AND o."kind" IN (${Prisma.join([...FORWARD_TARGET_KINDS])})`;
}

/** The SQL condition, on a row of candidatesSql aliased `c`, of a body that may be forwarded to. */
export const AVAILABLE = Prisma.sql`c."departmentId" IS NOT NULL AND c."reached" = 0`;

export type Candidate = {
	organizationId: string;
	code: string;
	name: string;
	nameKana: string;
	kind: string;
	departmentId: string | null;
	departmentName: string | null;
	status: ForwardStatus;
};

type Row = Omit<Candidate, 'status'> & { reached: number | bigint };

/** The prefecture's target bodies with their status, in code order (at most ~200 rows). */
export async function listCandidates(db: Tx, scope: CandidateScope): Promise<Candidate[]> {
	const rows = await db.$queryRaw<Row[]>`
		SELECT c.* FROM (${candidatesSql(scope)}) c ORDER BY c."code"`;
	return rows.map(({ reached, ...row }) => {
		const n = Number(reached);
		return {
			...row,
			status: forwardStatus({
				departmentId: row.departmentId,
				reached: n === 1 ? 'direct' : n === 2 ? 'forwarded' : 'none'
			})
		};
	});
}

/** Counts by status, for the screen's summary line. */
export function countByStatus(candidates: Candidate[]): Record<ForwardStatus, number> {
	const counts: Record<ForwardStatus, number> = {
		available: 0,
		direct: 0,
		forwarded: 0,
		no_department: 0
	};
	for (const c of candidates) counts[c.status]++;
	return counts;
}
