// The recipients of the national response table, a chunk at a time: department, acknowledgment
// and latest submissions in two plain statements. Separate from the table (responses-table.ts)
// because it is the export's one database read, tuned on its own for national size.
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { instant, json } from '../db/raw-values.ts';

export type Department = {
	name: string;
	function: string;
	organization: {
		name: string;
		prefectureCode: string | null;
		localGovernmentCode: string | null;
	};
};

/** One recipient as the national table reads it. */
export type ExportRecipient = {
	id: string;
	department: Department & { organization: { kind: string } };
	/** When the current version was acknowledged. */
	acknowledgedAt: Date | null;
	/** The latest submission of each submitted item, by item id. */
	submissions: Map<string, { data: unknown; submittedAt: Date }>;
};

/**
 * A chunk of recipients with department, acknowledgment and latest submissions, in two plain
 * statements: the ORM's nested read took six statements and most of an export's time
 * (~1 ms per recipient at national size).
 */
export async function recipientRows(
	db: Db,
	noticeId: string,
	versionNumber: number,
	ids: string[]
): Promise<ExportRecipient[]> {
	if (ids.length === 0) return [];
	const list = Prisma.join(ids);
	const [heads, answers] = await Promise.all([
		db.$queryRaw<
			{
				id: string;
				departmentName: string;
				fn: string;
				orgName: string;
				kind: string;
				prefectureCode: string | null;
				localGovernmentCode: string | null;
				acknowledgedAt: unknown;
			}[]
		>`
			SELECT r."id" AS "id", d."name" AS "departmentName", d."function" AS "fn",
				o."name" AS "orgName", o."kind" AS "kind", o."prefectureCode" AS "prefectureCode",
				o."localGovernmentCode" AS "localGovernmentCode", a."createdAt" AS "acknowledgedAt"
			FROM "Recipient" r
			JOIN "Department" d ON d."id" = r."departmentId"
			JOIN "Organization" o ON o."id" = d."organizationId"
			LEFT JOIN "Acknowledgment" a ON a."recipientId" = r."id" AND a."versionNumber" = ${versionNumber}
			WHERE r."noticeId" = ${noticeId} AND r."id" IN (${list})`,
		db.$queryRaw<{ recipientId: string; itemId: string; data: unknown; submittedAt: unknown }[]>`
			SELECT s."recipientId" AS "recipientId", s."responseItemId" AS "itemId",
				x."data" AS "data", x."submittedAt" AS "submittedAt"
			FROM "Response" s
			JOIN "ResponseSubmission" x ON x."responseId" = s."id"
			WHERE s."recipientId" IN (${list}) AND s."status" = 'submitted'
				AND x."number" = (SELECT MAX(y."number") FROM "ResponseSubmission" y
					WHERE y."responseId" = s."id")`
	]);
	const byRecipient = new Map<string, ExportRecipient['submissions']>();
	for (const a of answers) {
		let map = byRecipient.get(a.recipientId);
		if (!map) byRecipient.set(a.recipientId, (map = new Map()));
		map.set(a.itemId, { data: json(a.data), submittedAt: instant(a.submittedAt) });
	}
	return heads.map((h) => ({
		id: h.id,
		department: {
			name: h.departmentName,
			function: h.fn,
			organization: {
				name: h.orgName,
				kind: h.kind,
				prefectureCode: h.prefectureCode,
				localGovernmentCode: h.localGovernmentCode
			}
		},
		acknowledgedAt: h.acknowledgedAt == null ? null : instant(h.acknowledgedAt),
		submissions: byRecipient.get(h.id) ?? new Map()
	}));
}
