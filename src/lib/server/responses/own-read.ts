// The one read before a department's answer is shown or saved: its recipient row for the notice
// (only the signed-in respondent's own department, only a notice it may see), the notice's state,
// whether the department has confirmed receipt of the current version, and — for a save — the
// item and the department's stored answer to it. One raw statement on both databases instead of
// the ORM's five or more: in the deadline rush every save pays this read, and the server's CPU per
// statement is what the queue waits for (bench/rush.ts, bench/RESULTS.md).
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { instant, json } from '../db/raw-values.ts';
import { notFound } from '../errors.ts';
import { visibleNoticesSql } from '../notices/access-sql.ts';
import type { DueDepartment } from './due.ts';

export type OwnRecipient = {
	id: string;
	department: { function: string; organizationId: string };
	/** The department as who-must-answer reads it (responses/due.ts). */
	dueRef: DueDepartment;
	notice: {
		status: string;
		currentVersionNumber: number;
		/** The current version's deadline (YYYY-MM-DD or null). */
		deadline: string | null;
	};
	/** Whether the department has confirmed receipt of the current version (受領確認). */
	received: boolean;
};

/** The item a save names, as its row reads (null when the notice has no such item). */
export type OwnItemRow = {
	id: string;
	number: number;
	title: string;
	deadline: string | null;
	functions: unknown;
	bodyKinds: unknown;
	definition: unknown;
};

/** The department's stored answer to that item, as the read saw it. */
export type StoredAnswer = {
	id: string;
	revision: number;
	status: string;
	/** How many times it has been submitted, and when first (null if never). */
	submissions: number;
	firstSubmittedAt: Date | null;
};

type Row = {
	recipientId: string;
	function: string;
	organizationId: string;
	kind: string;
	status: string;
	currentVersionNumber: unknown;
	versionDeadline: string | null;
	received: unknown;
	itemId?: string | null;
	number?: unknown;
	title?: string;
	itemDeadline?: string | null;
	functions?: unknown;
	bodyKinds?: unknown;
	definition?: unknown;
	responseId?: string | null;
	revision?: unknown;
	responseStatus?: string;
	submissions?: unknown;
	firstSubmittedAt?: unknown;
};

/** EXISTS and COUNT come back as 0/1 or bigint (SQLite), boolean or bigint (PostgreSQL). */
const truth = (v: unknown) => Number(v) === 1;

/**
 * The recipient row of the user's own department for a notice it may see, or a 404; with
 * `itemId`, also that item of the notice and the department's stored answer to it. The access
 * rule is access-sql.ts's visibleNoticesSql (the same as access.ts's, checked by its spec),
 * and the row is the user's own department's whatever the request names.
 */
export async function ownRecipient(
	db: Tx,
	user: SessionUser,
	noticeId: string
): Promise<OwnRecipient>;
export async function ownRecipient(
	db: Tx,
	user: SessionUser,
	noticeId: string,
	itemId: string
): Promise<OwnRecipient & { item: OwnItemRow | null; stored: StoredAnswer | null }>;
export async function ownRecipient(db: Tx, user: SessionUser, noticeId: string, itemId?: string) {
	if (user.role !== 'respondent' || !user.departmentId) throw notFound();
	const forItem = itemId !== undefined;
	const rows = await db.$queryRaw<Row[]>`
		SELECT r."id" AS "recipientId", d."function" AS "function",
			d."organizationId" AS "organizationId", o."kind" AS "kind",
			n."status" AS "status", n."currentVersionNumber" AS "currentVersionNumber",
			v."deadline" AS "versionDeadline",
			EXISTS (SELECT 1 FROM "Acknowledgment" a
				WHERE a."recipientId" = r."id" AND a."versionNumber" = n."currentVersionNumber") AS "received"
			${
				forItem
					? Prisma.sql`, i."id" AS "itemId", i."number" AS "number", i."title" AS "title",
						i."deadline" AS "itemDeadline", i."functions" AS "functions",
						i."bodyKinds" AS "bodyKinds", i."definition" AS "definition",
						s."id" AS "responseId", s."revision" AS "revision", s."status" AS "responseStatus",
						(SELECT COUNT(*) FROM "ResponseSubmission" rs
							WHERE rs."responseId" = s."id") AS "submissions",
						(SELECT MIN(rs."submittedAt") FROM "ResponseSubmission" rs
							WHERE rs."responseId" = s."id") AS "firstSubmittedAt"`
					: Prisma.empty
			}
		FROM "Recipient" r
		JOIN "Notice" n ON n."id" = r."noticeId"
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		LEFT JOIN "NoticeVersion" v ON v."noticeId" = n."id" AND v."number" = n."currentVersionNumber"
		${
			forItem
				? Prisma.sql`LEFT JOIN "ResponseItem" i ON i."id" = ${itemId} AND i."noticeId" = n."id"
					LEFT JOIN "Response" s ON s."recipientId" = r."id" AND s."responseItemId" = i."id"`
				: Prisma.empty
		}
		WHERE r."noticeId" = ${noticeId} AND r."departmentId" = ${user.departmentId}
			AND ${visibleNoticesSql(user, Prisma.raw('n'))}`;
	const row = rows[0];
	if (!row) throw notFound();
	const recipient: OwnRecipient = {
		id: row.recipientId,
		department: { function: row.function, organizationId: row.organizationId },
		dueRef: { bodyKind: row.kind, function: row.function },
		notice: {
			status: row.status,
			currentVersionNumber: Number(row.currentVersionNumber),
			deadline: row.versionDeadline
		},
		received: truth(row.received)
	};
	if (!forItem) return recipient;
	return {
		...recipient,
		item: row.itemId
			? {
					id: row.itemId,
					number: Number(row.number),
					title: row.title!,
					deadline: row.itemDeadline ?? null,
					functions: json(row.functions),
					bodyKinds: json(row.bodyKinds),
					definition: json(row.definition)
				}
			: null,
		stored: row.responseId
			? {
					id: row.responseId,
					revision: Number(row.revision),
					status: row.responseStatus!,
					submissions: Number(row.submissions),
					firstSubmittedAt:
						row.firstSubmittedAt === null || row.firstSubmittedAt === undefined
							? null
							: instant(row.firstSubmittedAt)
				}
			: null
	};
}
