// Who may see which notice (notices/access.ts) as an SQL condition on a "Notice" row, for the
// few reads that fetch notices in one raw statement (the dashboards: reports/dashboard-read.ts)
// and so cannot take access.ts's Prisma `where`. The rule is the same — access-sql.db.spec.ts
// checks, role by role, that both select exactly the same notices — and a change to one must be
// made to the other.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { keyValue } from '../db/client.ts';

/** Statuses past draft (access.ts's PAST_DRAFT). */
const PAST_DRAFT = Prisma.sql`('published', 'closed', 'withdrawn')`;
const NONE = Prisma.sql`(1 = 0)`;

/**
 * The user's own key as the statement binds it: through keyValue when the caller names its
 * database (SQLite then keeps the cached statement's plan, db/client.ts), plain otherwise.
 */
const key = (value: string, db: object | undefined) =>
	db ? keyValue(db, value) : Prisma.sql`${value}`;

/** Issued by an office of the user's ministry (a joint notice by either). */
const issuedBy = (n: Prisma.Sql, organizationId: string, db?: object) => Prisma.sql`EXISTS (
	SELECT 1 FROM "NoticeIssuer" ni JOIN "Department" d ON d."id" = ni."departmentId"
	WHERE ni."noticeId" = ${n}."id" AND d."organizationId" = ${key(organizationId, db)})`;

/**
 * access.ts's visibleNotices, on the "Notice" row aliased `n`. `db`, given by the hot reads (the
 * notice page's), binds the user's keys so that SQLite need not plan the statement again.
 */
export function visibleNoticesSql(user: SessionUser, n: Prisma.Sql, db?: object): Prisma.Sql {
	switch (user.role) {
		case 'respondent':
			if (!user.departmentId) return NONE;
			return Prisma.sql`(${n}."status" IN ${PAST_DRAFT} AND EXISTS (
				SELECT 1 FROM "Recipient" r
				WHERE r."noticeId" = ${n}."id" AND r."departmentId" = ${key(user.departmentId, db)}))`;
		case 'issuer':
			if (!user.organizationId) return NONE;
			return issuedBy(n, user.organizationId, db);
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
