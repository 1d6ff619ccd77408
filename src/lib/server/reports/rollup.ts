// The dashboards' rollup: counts kept in the same transaction as every change they count, so
// the overview and the progress page read a few dozen rows however long the history grows
// (schema: RecipientTally, ProgressTally, ItemTally, DailyTally).
//
// Counted by the rules of responses/due.ts and with its SQL fragments (appliesSql,
// deadlineSql): who must answer, and each item's effective deadline. Overdue depends on the day,
// so it is never stored: each recipient's earliest open deadline is, and the reader compares it
// with today (reports/tallies.ts).
//
// Writers call one function each, inside their transaction:
// - onPublished(tx, noticeId)       publication and correction (acknowledgments are per
//                                   version, re-opened items go back to draft): recount the notice;
// - onItemsChanged(tx, noticeId)    an item's definition rewritten: recount the notice;
// - onReceipt(tx, recipientId)      an acknowledgment made or taken back;
// - onAnswerSaved(tx, answer)       a draft saved or an answer submitted (includes onReceipt);
// - onForwarded(tx, forwardingId)   a prefecture's forwarding added second-level recipients
//                                   (forwarding-rollup.ts).
// Closing and withdrawing change no count (the overview filters on the notice's status).
// `npm run rollup:rebuild` recounts every notice (rebuildAll).
//
// Concurrency: writers call these last, after their audit event, whose chain head already
// orders writers (audit/chain.ts): a rollup row is never locked before that head, so the two
// cannot deadlock. Without that order it would still count right: a recipient's own tally row
// is locked before its state is recomputed, so two writes for one department count one after
// the other, and shared counters only move by increments, taken in one order (recipient,
// progress rows sorted, item, days sorted: the order rebuildNotice deletes them in).
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfClient, type Db, type Tx } from '../db/client.ts';
import { appliesSql, deadlineSql } from '../responses/due.ts';
import { firstLevelSql } from '../recipients/levels.ts';
import { todayInJapan } from '../../domain/dates.ts';

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

type Bucket = Omit<RecipientState, 'recipientId' | 'noticeId' | 'ackDay'> & {
	acknowledged: number;
};
const bucketOf = (s: RecipientState): Bucket => ({
	prefectureCode: s.prefectureCode,
	scope: s.scope,
	acknowledged: s.ackDay === '' ? 0 : 1,
	state: s.state,
	openDeadline: s.openDeadline
});
const keyOf = (b: Bucket) =>
	[b.prefectureCode, b.scope, b.acknowledged, b.state, b.openDeadline].join('\u0000');

/** Moves one recipient from one bucket of the progress counts to another, in one statement: the
 * two rows are upserted in key order, the one order every writer locks them in. */
async function moveBucket(tx: Tx, noticeId: string, from: Bucket, to: Bucket) {
	const moves: [Bucket, number][] = [
		[from, -1],
		[to, 1]
	];
	moves.sort(([a], [b]) => (keyOf(a) < keyOf(b) ? -1 : 1));
	const rows = moves.map(
		([b, n]) => Prisma.sql`(${noticeId}, ${b.prefectureCode}, ${b.scope}, ${b.acknowledged},
			${b.state}, ${b.openDeadline}, ${n})`
	);
	await tx.$executeRaw`
		INSERT INTO "ProgressTally"
			("noticeId", "prefectureCode", "scope", "acknowledged", "state", "openDeadline", "recipients")
		VALUES ${Prisma.join(rows)}
		ON CONFLICT ("noticeId", "prefectureCode", "scope", "acknowledged", "state", "openDeadline")
		DO UPDATE SET "recipients" = "ProgressTally"."recipients" + excluded."recipients"`;
}

type Days = Map<string, { a: number; s: number }>;

async function addToDays(tx: Tx, noticeId: string, days: Days) {
	for (const day of [...days.keys()].sort()) {
		const { a, s } = days.get(day)!;
		if (a === 0 && s === 0) continue;
		await tx.$executeRaw`
			INSERT INTO "DailyTally" ("noticeId", "day", "acknowledged", "submitted")
			VALUES (${noticeId}, ${day}, ${a}, ${s})
			ON CONFLICT ("noticeId", "day") DO UPDATE SET
				"acknowledged" = "DailyTally"."acknowledged" + excluded."acknowledged",
				"submitted" = "DailyTally"."submitted" + excluded."submitted"`;
	}
}

const dayDelta = (): Days => new Map();
function bump(days: Days, day: string, key: 'a' | 's', n = 1) {
	const entry = days.get(day) ?? { a: 0, s: 0 };
	entry[key] += n;
	days.set(day, entry);
}

/**
 * Recounts one recipient's place in the rollup (idempotent: a second call finds nothing to
 * move). `days` collects day counts to apply after the progress rows, in lock order. `notice`
 * when the caller has it (saves), else it is read.
 */
async function moveRecipient(
	tx: Tx,
	recipientId: string,
	days: Days,
	known?: NoticeRef
): Promise<string | null> {
	// Lock first, then read (one statement): a second writer for this department waits here and
	// then sees the first one's committed rows.
	const [before] = await tx.$queryRaw<RecipientState[]>`
		UPDATE "RecipientTally" SET "state" = "state" WHERE "recipientId" = ${recipientId}
		RETURNING *`;
	if (!before) return null; // not counted yet: the notice's publication counts it
	const notice = known ?? (await noticeRef(tx, before.noticeId));
	if (!notice) return null;
	const [after] = await tx.$queryRaw<RecipientState[]>`${recipientStateSql(
		tx,
		notice,
		Prisma.sql`AND r."id" = ${recipientId}`
	)}`;
	if (!after) return null;
	const [from, to] = [bucketOf(before), bucketOf(after)];
	if (keyOf(from) !== keyOf(to)) {
		await tx.$executeRaw`
			UPDATE "RecipientTally" SET "prefectureCode" = ${after.prefectureCode},
				"scope" = ${after.scope}, "ackDay" = ${after.ackDay}, "state" = ${after.state},
				"openDeadline" = ${after.openDeadline}
			WHERE "recipientId" = ${recipientId}`;
		await moveBucket(tx, notice.id, from, to);
	} else if (before.ackDay !== after.ackDay) {
		await tx.$executeRaw`
			UPDATE "RecipientTally" SET "ackDay" = ${after.ackDay} WHERE "recipientId" = ${recipientId}`;
	}
	// DailyTally is the first level's trend (see rebuildNotice).
	if (before.ackDay !== after.ackDay && after.scope !== 'forwarded') {
		if (before.ackDay !== '') bump(days, before.ackDay, 'a', -1);
		if (after.ackDay !== '') bump(days, after.ackDay, 'a', 1);
	}
	return notice.id;
}

/**
 * A receipt recorded by a save that submitted nothing: which answers are in is as it was, so
 * the recipient's state and open deadline are too, and only its acknowledgment day moves — set
 * in the statement that locks the row, with no recount. A row that already had a day (the
 * receipt it counted was taken back since) goes the general way. Returns whether the
 * recipient is counted.
 */
async function receive(tx: Tx, notice: NoticeRef, recipientId: string, at: Date, days: Days) {
	const day = todayInJapan(at); // the day rebuildNotice reads from the Acknowledgment (dayInJapan)
	const [row] = await tx.$queryRaw<RecipientState[]>`
		UPDATE "RecipientTally" SET "ackDay" = ${day}
		WHERE "recipientId" = ${recipientId} AND "ackDay" = ''
		RETURNING *`;
	if (!row) return (await moveRecipient(tx, recipientId, days, notice)) !== null;
	const to = bucketOf(row);
	await moveBucket(tx, notice.id, { ...to, acknowledged: 0 }, to);
	if (row.scope !== 'forwarded') bump(days, day, 'a', 1);
	return true;
}

/** An acknowledgment of the current version made or taken back. */
export async function onReceipt(tx: Tx, recipientId: string) {
	const days = dayDelta();
	const noticeId = await moveRecipient(tx, recipientId, days);
	if (noticeId) await addToDays(tx, noticeId, days);
}

/** What one save of an answer changed, as the saving code knows it (responses/own.ts). */
export type SavedAnswer = {
	notice: NoticeRef;
	recipientId: string;
	/** The answer's item (counted only if it applies to the department, as a recount counts). */
	itemId: string;
	/** Its status before this save (null: it had none) and after it. */
	before: string | null;
	after: string;
	/** When it became submitted by this save: the time of its first submission ever (an answer
	 * re-opened by a correction and submitted again counts on its first day); else null. */
	firstSubmittedAt: Date | null;
	/** When this save recorded the department's receipt of the current version; null when it
	 * had been received before. */
	receivedAt: Date | null;
};

/**
 * A draft saved or an answer submitted (and the receipt it implies). Call after every write of
 * the save. Only what moved is touched: a draft saved again moves nothing and costs no
 * statement; a first draft moves its item's drafts and, with its receipt, the acknowledgment
 * counts (no recount); only a submission recounts the recipient's state.
 */
export async function onAnswerSaved(tx: Tx, answer: SavedAnswer) {
	const { notice, recipientId } = answer;
	const was = (status: string) => (answer.before === status ? 1 : 0);
	const is = (status: string) => (answer.after === status ? 1 : 0);
	const submitted = is('submitted') - was('submitted');
	const drafts = is('draft') - was('draft');
	const days = dayDelta();
	// The recipient's own row first, then the shared counters in the order rebuildNotice takes
	// them: progress rows, item, days.
	if (submitted !== 0) {
		if (!(await moveRecipient(tx, recipientId, days, notice))) return;
	} else if (answer.receivedAt) {
		if (!(await receive(tx, notice, recipientId, answer.receivedAt, days))) return;
	}
	if (submitted !== 0 || drafts !== 0) {
		// Counted in the recipient's prefecture and scope, as its own row says (a recipient not
		// counted yet has none, and its notice no item counts either), if the item applies.
		const [counted] = await tx.$queryRaw<{ scope: string }[]>`
			UPDATE "ItemTally" SET "submitted" = "submitted" + ${submitted},
				"drafts" = "drafts" + ${drafts}
			WHERE "itemId" = ${answer.itemId} AND ("prefectureCode", "scope") = (
				SELECT t."prefectureCode", t."scope"
				FROM "RecipientTally" t
				JOIN "Recipient" r ON r."id" = t."recipientId"
				JOIN "Department" d ON d."id" = r."departmentId"
				JOIN "Organization" o ON o."id" = d."organizationId"
				JOIN "ResponseItem" i ON i."id" = ${answer.itemId}
				WHERE t."recipientId" = ${recipientId} AND ${appliesSql(tx)})
			RETURNING "scope"`;
		// Counted on the day of its first submission, as firstSubmissionsSql counts it.
		if (counted && submitted === 1 && counted.scope !== 'forwarded' && answer.firstSubmittedAt)
			bump(days, todayInJapan(answer.firstSubmittedAt), 's');
	}
	await addToDays(tx, notice.id, days);
}

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
