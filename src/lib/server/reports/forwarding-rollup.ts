// The rollup (rollup.ts) of a prefecture's forwarding: its second-level recipients are counted
// in under scope `forwarded`, with the rollup's own SQL, without recounting the notice.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Tx } from '../db/client.ts';
import {
	JOIN_DUE,
	PREFECTURE,
	SCOPE,
	noticeRef,
	recipientStateSql,
	withDue
} from './rollup-sql.ts';

/**
 * A prefecture's forwarding created second-level recipients (scope `forwarded`): they are counted
 * in, without recounting the notice — a constant number of statements over this forwarding's
 * recipients only. Call once, in the forwarding's transaction, after its recipients are written;
 * a second call finds them counted and does nothing. DailyTally is the first level's and does
 * not move.
 */
export async function onForwarded(tx: Tx, forwardingId: string) {
	const [forwarding] = await tx.$queryRaw<{ noticeId: string; counted: bigint | number }[]>`
		SELECT f."noticeId" AS "noticeId",
			(SELECT COUNT(*) FROM "Recipient" r JOIN "RecipientTally" t ON t."recipientId" = r."id"
				WHERE r."forwardingId" = f."id") AS counted
		FROM "Forwarding" f WHERE f."id" = ${forwardingId}`;
	if (!forwarding || Number(forwarding.counted) > 0) return;
	const notice = await noticeRef(tx, forwarding.noticeId);
	if (!notice) return;
	const only = Prisma.sql`AND r."forwardingId" = ${forwardingId}`;
	await tx.$executeRaw`
		INSERT INTO "RecipientTally"
			("recipientId", "noticeId", "prefectureCode", "scope", "ackDay", "state", "openDeadline")
		SELECT t."recipientId", t."noticeId", t."prefectureCode", t."scope", t."ackDay", t."state",
			t."openDeadline"
		FROM (${recipientStateSql(tx, notice, only)}) t`;
	await tx.$executeRaw`
		INSERT INTO "ProgressTally"
			("noticeId", "prefectureCode", "scope", "acknowledged", "state", "openDeadline", "recipients")
		SELECT t."noticeId", t."prefectureCode", t."scope",
			CASE WHEN t."ackDay" <> '' THEN 1 ELSE 0 END, t."state", t."openDeadline", COUNT(*)
		FROM "RecipientTally" t
		JOIN "Recipient" r ON r."id" = t."recipientId"
		WHERE t."noticeId" = ${notice.id} ${only}
		GROUP BY t."noticeId", t."prefectureCode", t."scope",
			CASE WHEN t."ackDay" <> '' THEN 1 ELSE 0 END, t."state", t."openDeadline"
		ON CONFLICT ("noticeId", "prefectureCode", "scope", "acknowledged", "state", "openDeadline")
		DO UPDATE SET "recipients" = "ProgressTally"."recipients" + excluded."recipients"`;
	await tx.$executeRaw`
		INSERT INTO "ItemTally"
			("noticeId", "itemId", "prefectureCode", "scope", "due", "submitted", "drafts")
		SELECT q.* FROM (${withDue(tx, notice, only)}
			SELECT r."noticeId", u."itemId", ${PREFECTURE}, ${SCOPE}, COUNT(*),
				SUM(CASE WHEN s."status" = 'submitted' THEN 1 ELSE 0 END),
				SUM(CASE WHEN s."status" = 'draft' THEN 1 ELSE 0 END)
			FROM "Recipient" r
			${JOIN_DUE}
			LEFT JOIN "Response" s ON s."recipientId" = r."id" AND s."responseItemId" = u."itemId"
			WHERE r."noticeId" = ${notice.id} AND u."itemId" IS NOT NULL ${only}
			GROUP BY r."noticeId", u."itemId", ${PREFECTURE}, ${SCOPE}
		) q
		WHERE true
		ON CONFLICT ("itemId", "prefectureCode", "scope") DO UPDATE SET
			"due" = "ItemTally"."due" + excluded."due",
			"submitted" = "ItemTally"."submitted" + excluded."submitted",
			"drafts" = "ItemTally"."drafts" + excluded."drafts"`;
}
