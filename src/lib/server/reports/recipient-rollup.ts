// The rollup (rollup.ts) of one department's own acts on a notice: its receipt made or taken
// back, and its answers saved. Only what moved is touched, in the lock order rollup.ts
// describes: the recipient's own row, then the progress rows, the item, the days.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Tx } from '../db/client.ts';
import { appliesSql } from '../responses/due.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { noticeRef, recipientStateSql, type NoticeRef, type RecipientState } from './rollup-sql.ts';

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
	// DailyTally is the first level's trend (see rollup.ts's rebuildNotice).
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
	const day = todayInJapan(at); // the day a recount reads from the Acknowledgment (dayInJapan)
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
