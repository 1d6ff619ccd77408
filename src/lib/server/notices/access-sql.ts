// Who may see which notice (notices/access.ts) as an SQL condition on a "Notice" row, for the
// few reads that fetch notices in one raw statement (the dashboards: reports/dashboard-read.ts)
// and so cannot take access.ts's Prisma `where`. The rule is the same — access-sql.db.spec.ts
// checks, role by role, that both select exactly the same notices — and a change to one must be
// made to the other.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { SessionUser } from '../auth/sessions.ts';

/** Statuses past draft (access.ts's PAST_DRAFT). */
const PAST_DRAFT = Prisma.sql`('published', 'closed', 'withdrawn')`;
const NONE = Prisma.sql`(1 = 0)`;

/** Issued by an office of the user's ministry (a joint notice by either). */
const issuedBy = (n: Prisma.Sql, organizationId: string) => Prisma.sql`EXISTS (
	SELECT 1 FROM "NoticeIssuer" ni JOIN "Department" d ON d."id" = ni."departmentId"
	WHERE ni."noticeId" = ${n}."id" AND d."organizationId" = ${organizationId})`;

/** access.ts's visibleNotices, on the "Notice" row aliased `n`. */
export function visibleNoticesSql(user: SessionUser, n: Prisma.Sql): Prisma.Sql {
	switch (user.role) {
		case 'respondent':
			if (!user.departmentId) return NONE;
			return Prisma.sql`(${n}."status" IN ${PAST_DRAFT} AND EXISTS (
				SELECT 1 FROM "Recipient" r
				WHERE r."noticeId" = ${n}."id" AND r."departmentId" = ${user.departmentId}))`;
		case 'issuer':
			if (!user.organizationId) return NONE;
			return issuedBy(n, user.organizationId);
		case 'viewer':
		case 'admin':
			return Prisma.sql`${n}."status" IN ${PAST_DRAFT}`;
	}
}

/** access.ts's managedNotices, on the "Notice" row aliased `n`. */
export function managedNoticesSql(user: SessionUser, n: Prisma.Sql): Prisma.Sql {
	if (user.role !== 'issuer' || !user.organizationId) return NONE;
	return issuedBy(n, user.organizationId);
}
