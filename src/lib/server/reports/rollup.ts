// The dashboards' rollup: counts kept in the same transaction as every change they count, so
// the overview and the progress page read a few dozen rows however long the history grows
// (schema: RecipientTally, ProgressTally, ItemTally, DailyTally). What it counts, and the SQL
// it counts with, is rollup-sql.ts's.
//
// Writers call one function each, inside their transaction:
// - onPublished(tx, noticeId)       publication and correction (acknowledgments are per
//                                   version, re-opened items go back to draft): recount the notice;
// - onItemsChanged(tx, noticeId)    an item's definition rewritten: recount the notice;
// - onReceipt(tx, recipientId)      an acknowledgment made or taken back (recipient-rollup.ts);
// - onAnswerSaved(tx, answer)       a draft saved or an answer submitted (includes onReceipt;
//                                   recipient-rollup.ts);
// - onForwarded(tx, forwardingId)   a prefecture's forwarding added second-level recipients
//                                   (forwarding-rollup.ts).
// Closing and withdrawing change no count (the overview filters on the notice's status).
// `npm run rollup:rebuild` recounts every notice (rebuildAll).
//
// Concurrency: writers call these last, after their audit event, whose chain head orders the
// writers of one department (audit/chain.ts): a rollup row is never locked before that head,
// so the two cannot deadlock. Writers of different departments run here at the same time (the
// chains are per department), and count right: a recipient's own tally row is locked before
// its state is recomputed, so two writes for one department count one after the other, and
// shared counters only move by increments, taken in one order (recipient, progress rows
// sorted, item, days sorted: the order rebuildNotice deletes them in), so they cannot deadlock
// with each other either.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Db, Tx } from '../db/client.ts';
import { firstLevelSql } from '../recipients/levels.ts';
import {
	JOIN_DUE,
	PREFECTURE,
	SCOPE,
	firstSubmissionsSql,
	noticeRef,
	recipientStateSql,
	withDue
} from './rollup-sql.ts';

/** Recounts one notice's rollup from its rows (a constant number of statements). */
export async function rebuildNotice(tx: Tx, noticeId: string) {
	for (const table of ['RecipientTally', 'ProgressTally', 'ItemTally', 'DailyTally'])
		await tx.$executeRaw`DELETE FROM ${Prisma.raw(`"${table}"`)} WHERE "noticeId" = ${noticeId}`;
	const notice = await noticeRef(tx, noticeId);
	if (!notice) return;
	await tx.$executeRaw`
		INSERT INTO "RecipientTally"
			("recipientId", "noticeId", "prefectureCode", "scope", "ackDay", "state", "openDeadline")
		SELECT t."recipientId", t."noticeId", t."prefectureCode", t."scope", t."ackDay", t."state",
			t."openDeadline"
		FROM (${recipientStateSql(tx, notice, Prisma.empty)}) t`;
	await tx.$executeRaw`
		INSERT INTO "ProgressTally"
			("noticeId", "prefectureCode", "scope", "acknowledged", "state", "openDeadline", "recipients")
		SELECT t."noticeId", t."prefectureCode", t."scope",
			CASE WHEN t."ackDay" <> '' THEN 1 ELSE 0 END, t."state", t."openDeadline", COUNT(*)
		FROM "RecipientTally" t WHERE t."noticeId" = ${noticeId}
		GROUP BY t."noticeId", t."prefectureCode", t."scope",
			CASE WHEN t."ackDay" <> '' THEN 1 ELSE 0 END, t."state", t."openDeadline"`;
	// Per item: the recipients it applies to, and their submitted and draft answers (an answer
	// from a department the item does not apply to is not counted, as in the CSV).
	await tx.$executeRaw`
		INSERT INTO "ItemTally"
			("noticeId", "itemId", "prefectureCode", "scope", "due", "submitted", "drafts")
		SELECT q.* FROM (${withDue(tx, notice, Prisma.empty)}
			SELECT r."noticeId", u."itemId", ${PREFECTURE}, ${SCOPE}, COUNT(*),
				SUM(CASE WHEN s."status" = 'submitted' THEN 1 ELSE 0 END),
				SUM(CASE WHEN s."status" = 'draft' THEN 1 ELSE 0 END)
			FROM "Recipient" r
			${JOIN_DUE}
			LEFT JOIN "Response" s ON s."recipientId" = r."id" AND s."responseItemId" = u."itemId"
			WHERE r."noticeId" = ${noticeId} AND u."itemId" IS NOT NULL
			GROUP BY r."noticeId", u."itemId", ${PREFECTURE}, ${SCOPE}
		) q`;
	// The trend is the first level's (the issuer's addressees): a day's count never mixes in
	// municipalities reached by forwarding, whose progress reports/forwarding.ts shows apart.
	await tx.$executeRaw`
		INSERT INTO "DailyTally" ("noticeId", "day", "acknowledged", "submitted")
		SELECT ${noticeId}, y."day", SUM(y.a), SUM(y.s)
		FROM (
			SELECT t."ackDay" AS "day", 1 AS a, 0 AS s
			FROM "RecipientTally" t WHERE t."noticeId" = ${noticeId} AND t."ackDay" <> ''
				AND t."scope" <> 'forwarded'
			UNION ALL
			SELECT f."day", 0, 1
			FROM (${firstSubmissionsSql(tx, notice, Prisma.sql`AND ${firstLevelSql()}`)}) f
		) y
		GROUP BY y."day"`;
}

/** Publication of a version (the first, or a correction): the notice is counted afresh. */
export const onPublished = rebuildNotice;
/** An item's definition rewritten (who answers it, its deadline): the notice is recounted. */
export const onItemsChanged = rebuildNotice;

/** Recounts every notice past draft, one transaction each (`npm run rollup:rebuild`). */
export async function rebuildAll(
	db: Db,
	progress: (done: number, total: number) => void = () => {}
) {
	const notices = await db.notice.findMany({
		where: { status: { not: 'draft' } },
		select: { id: true },
		orderBy: { id: 'asc' }
	});
	let done = 0;
	for (const { id } of notices) {
		await db.$transaction((tx) => rebuildNotice(tx, id), { timeout: 120_000, maxWait: 10_000 });
		progress(++done, notices.length);
	}
	return notices.length;
}

/** Notices past draft with recipients but no rollup (a database from before the rollup, or
 * filled by direct inserts): counted at start, so an upgrade needs no manual step. */
export async function rebuildMissing(db: Db) {
	const missing = await db.$queryRaw<{ id: string }[]>`
		SELECT n."id" AS "id" FROM "Notice" n
		WHERE n."status" <> 'draft'
			AND EXISTS (SELECT 1 FROM "Recipient" r WHERE r."noticeId" = n."id")
			AND NOT EXISTS (SELECT 1 FROM "RecipientTally" t WHERE t."noticeId" = n."id")`;
	for (const { id } of missing)
		await db.$transaction((tx) => rebuildNotice(tx, id), { timeout: 120_000, maxWait: 10_000 });
	return missing.length;
}
