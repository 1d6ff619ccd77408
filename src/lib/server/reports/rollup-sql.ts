// The SQL the dashboards' rollup counts with (rollup.ts rebuilds a notice with it,
// recipient-rollup.ts and forwarding-rollup.ts recount a few recipients with it): a recipient's
// state, the items due from each kind of body and department function, and first submissions.
//
// Counted by the rules of responses/due.ts and with its SQL fragments (appliesSql,
// deadlineSql): who must answer, and each item's effective deadline. Overdue depends on the day,
// so it is never stored: each recipient's earliest open deadline is, and the reader compares it
// with today (reports/tallies.ts).
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfClient, type Tx } from '../db/client.ts';
import { appliesSql, deadlineSql } from '../responses/due.ts';

/** The calendar day in Japan of a timestamp column, as YYYY-MM-DD, in each database's SQL. */
export function dayInJapan(db: Tx, column: string) {
	const col = Prisma.raw(column);
	return providerOfClient(db) === 'postgresql'
		? Prisma.sql`to_char(${col} + interval '9 hours', 'YYYY-MM-DD')`
		: Prisma.sql`date(${col}, '+9 hours')`;
}

/** The prefecture a body's recipients count toward, and whether it is the prefecture's own, a
 * first-level city or ward, or reached by a prefecture's forwarding (second level, `r` is the
 * "Recipient"): the first level's figures never include the second (tallies.ts). */
export const PREFECTURE = Prisma.sql`COALESCE(o."prefectureCode", '')`;
export const SCOPE = Prisma.sql`CASE WHEN r."forwardingId" IS NOT NULL THEN 'forwarded'
	WHEN o."kind" = 'prefecture' THEN 'prefecture' ELSE 'municipal' END`;

export type NoticeRef = { id: string; currentVersionNumber: number; deadline: string | null };

export async function noticeRef(tx: Tx, noticeId: string): Promise<NoticeRef | null> {
	const [row] = await tx.$queryRaw<NoticeRef[]>`
		SELECT n."id" AS "id", n."currentVersionNumber" AS "currentVersionNumber",
			v."deadline" AS "deadline"
		FROM "Notice" n
		JOIN "NoticeVersion" v ON v."noticeId" = n."id" AND v."number" = n."currentVersionNumber"
		WHERE n."id" = ${noticeId}`;
	return row ? { ...row, currentVersionNumber: Number(row.currentVersionNumber) } : null;
}

export type RecipientState = {
	recipientId: string;
	noticeId: string;
	prefectureCode: string;
	scope: string;
	ackDay: string;
	state: string;
	openDeadline: string;
};

/**
 * SQL: the notice's items with, for each kind of body and department function among its
 * recipients (narrowed by `only`, a fragment on `r`), whether the item applies (due.ts's
 * appliesSql, evaluated once per pair rather than once per recipient) and its effective
 * deadline (deadlineSql). Columns: itemId, kind, function, deadline.
 */
function dueSql(tx: Tx, notice: NoticeRef, only: Prisma.Sql) {
	return Prisma.sql`
		SELECT i."id" AS "itemId", p."kind" AS "kind", p."function" AS "function",
			${deadlineSql(notice.deadline)} AS "deadline"
		FROM "ResponseItem" i, (
			SELECT DISTINCT o."kind" AS "kind", d."function" AS "function"
			FROM "Recipient" r
			JOIN "Department" d ON d."id" = r."departmentId"
			JOIN "Organization" o ON o."id" = d."organizationId"
			WHERE r."noticeId" = ${notice.id} ${only}
		) p
		WHERE i."noticeId" = ${notice.id} AND ${appliesSql(tx, 'i', 'p', 'p')}`;
}

/** `WITH u AS (…)`: the items due per body kind and function (dueSql), computed once. */
export const withDue = (tx: Tx, notice: NoticeRef, only: Prisma.Sql) =>
	Prisma.sql`WITH u AS MATERIALIZED (${dueSql(tx, notice, only)})`;

/** Joins `u`, the items due from recipient `r` of department `d` in body `o`. */
export const JOIN_DUE = Prisma.sql`
	JOIN "Department" d ON d."id" = r."departmentId"
	JOIN "Organization" o ON o."id" = d."organizationId"
	LEFT JOIN u ON u."kind" = o."kind" AND u."function" = d."function"`;

/**
 * SQL: one row per recipient of the notice (narrowed by `only`, a fragment on `r`) with the
 * state the rollup counts: the day it acknowledged the current version, whether any item
 * applies (none), all applicable items are submitted (complete) or not (open), and the earliest
 * effective deadline among the open ones.
 */
export function recipientStateSql(tx: Tx, notice: NoticeRef, only: Prisma.Sql) {
	const open = Prisma.sql`u."itemId" IS NOT NULL AND s."id" IS NULL`;
	return Prisma.sql`${withDue(tx, notice, only)}
		SELECT x."recipientId" AS "recipientId", x."noticeId" AS "noticeId",
			x."prefectureCode" AS "prefectureCode", x."scope" AS "scope",
			COALESCE(x."ackDay", '') AS "ackDay",
			CASE WHEN x.due = 0 THEN 'none' WHEN x.open = 0 THEN 'complete' ELSE 'open' END AS "state",
			CASE WHEN x.due = 0 OR x.open = 0 THEN '' ELSE COALESCE(x."openDeadline", '') END
				AS "openDeadline"
		FROM (
			SELECT r."id" AS "recipientId", r."noticeId" AS "noticeId",
				MIN(${PREFECTURE}) AS "prefectureCode", MIN(${SCOPE}) AS "scope",
				MIN(${dayInJapan(tx, 'a."createdAt"')}) AS "ackDay",
				COUNT(u."itemId") AS due,
				SUM(CASE WHEN ${open} THEN 1 ELSE 0 END) AS open,
				MIN(CASE WHEN ${open} THEN u."deadline" END) AS "openDeadline"
			FROM "Recipient" r
			${JOIN_DUE}
			LEFT JOIN "Response" s ON s."recipientId" = r."id" AND s."responseItemId" = u."itemId"
				AND s."status" = 'submitted'
			LEFT JOIN "Acknowledgment" a ON a."recipientId" = r."id"
				AND a."versionNumber" = ${notice.currentVersionNumber}
			WHERE r."noticeId" = ${notice.id} ${only}
			GROUP BY r."id", r."noticeId"
		) x`;
}

/**
 * SQL: the day each submitted answer of the notice counting toward the dashboards (its item
 * applies to the department) was first submitted — revisions do not count again. `only`
 * narrows it (a fragment on `r`), `answer` to one answer (a fragment on `s`).
 */
export function firstSubmissionsSql(
	tx: Tx,
	notice: NoticeRef,
	only: Prisma.Sql,
	answer: Prisma.Sql = Prisma.empty
) {
	return Prisma.sql`${withDue(tx, notice, only)}
		SELECT ${dayInJapan(tx, 'x."firstAt"')} AS "day"
		FROM (
			SELECT COALESCE(MIN(sub."submittedAt"), s."submittedAt") AS "firstAt"
			FROM "Recipient" r
			${JOIN_DUE}
			JOIN "Response" s ON s."recipientId" = r."id" AND s."responseItemId" = u."itemId"
			LEFT JOIN "ResponseSubmission" sub ON sub."responseId" = s."id"
			WHERE r."noticeId" = ${notice.id} AND s."status" = 'submitted' ${only} ${answer}
			GROUP BY s."id", s."submittedAt"
		) x`;
}
