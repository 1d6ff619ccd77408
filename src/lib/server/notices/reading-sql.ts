// The notice page's read as ONE raw statement: the notice under the access rule
// (access-sql.ts), all its versions with their attachments' metadata, its response items, its
// issuers with their ministries and the number of departments it reached. The ORM took six
// statements for these (notice, versions, attachments, items, issuers, count), each with its
// fixed cost, on every view of the page (bench/ssr.ts); here the database builds the nesting as
// JSON, as the dashboards' read does (reports/dashboard-read.ts). reading-sql.db.spec.ts checks
// that it returns exactly what the ORM's read returns.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfClient, type Db } from '../db/client.ts';
import { instant } from '../db/raw-values.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { NoticeIssuerWithOrganization } from './issuers.ts';
import { visibleNoticesSql } from './access-sql.ts';

/** Attachment metadata: the files themselves are in storage, read by the attachment route. */
export type AttachmentMeta = {
	position: number;
	label: string;
	title: string;
	fileName: string;
	contentType: string;
	size: number;
	sha256: string;
};

/** One version as a reader is shown it (every version of a notice is read: a handful). */
export type NoticeVersionRead = {
	number: number;
	noticeType: string;
	title: string;
	documentNumber: string | null;
	issuedOn: string;
	deadline: string | null;
	addresseeLines: Prisma.JsonValue;
	addresseeRule: Prisma.JsonValue;
	preamble: string;
	items: Prisma.JsonValue;
	itemNumbering: string;
	contacts: Prisma.JsonValue;
	references: Prisma.JsonValue;
	correctionReason: string | null;
	publishedAt: Date | null;
	pdfSha256: string | null;
	attachments: AttachmentMeta[];
};

export type NoticeRead = {
	id: string;
	status: string;
	currentVersionNumber: number;
	publishedAt: Date | null;
	closedAt: Date | null;
	withdrawnAt: Date | null;
	withdrawalReason: string | null;
	forwardable: boolean;
	externalQuestion: string | null;
	/** In number order, each with its attachments in position order. */
	versions: NoticeVersionRead[];
	/** In number order. */
	responseItems: { id: string; number: number; title: string; kind: string }[];
	/** In signing order (issuers.ts's ISSUERS_IN_ORDER). */
	issuers: NoticeIssuerWithOrganization[];
	/** Departments it reached, second-level ones included. */
	recipientCount: number;
};

type Row = Omit<NoticeRead, 'versions' | 'responseItems' | 'issuers' | 'recipientCount'> & {
	versions: string | null;
	responseItems: string | null;
	issuers: string | null;
	recipientCount: number | bigint;
};

type VersionJson = Omit<NoticeVersionRead, 'publishedAt'> & { publishedAt: string | number | null };

/** The notice with everything the page shows of it, or null when this user may not see it. */
export async function readNoticeForUser(
	db: Db,
	user: SessionUser,
	id: string
): Promise<NoticeRead | null> {
	const n = Prisma.raw('n');
	const [row] = await db.$queryRaw<Row[]>(Prisma.sql`
		SELECT n."id", n."status", n."currentVersionNumber", n."publishedAt", n."closedAt",
			n."withdrawnAt", n."withdrawalReason", n."forwardable", n."externalQuestion",
			${nestedSql(db)},
			-- Over the notice's own index entries: see reading.ts on why not a relation count.
			(SELECT COUNT(*) FROM "Recipient" r WHERE r."noticeId" = n."id") AS "recipientCount"
		FROM "Notice" n
		WHERE n."id" = ${id} AND ${visibleNoticesSql(user, n)}`);
	if (!row) return null;
	const versions = parse<VersionJson>(row.versions).map((v) => ({
		...v,
		publishedAt: v.publishedAt === null ? null : instant(v.publishedAt)
	}));
	return {
		id: row.id,
		status: row.status,
		currentVersionNumber: row.currentVersionNumber,
		publishedAt: row.publishedAt,
		closedAt: row.closedAt,
		withdrawnAt: row.withdrawnAt,
		withdrawalReason: row.withdrawalReason,
		// SQLite has no booleans: 0/1 unless the adapter typed the column.
		forwardable: Boolean(row.forwardable),
		externalQuestion: row.externalQuestion,
		versions,
		responseItems: parse(row.responseItems),
		issuers: parse(row.issuers),
		recipientCount: Number(row.recipientCount)
	};
}

/** A JSON array's text; an aggregate over no rows is NULL on PostgreSQL. */
const parse = <T>(text: string | null): T[] => (text === null ? [] : (JSON.parse(text) as T[]));

/** The versions (with attachments), response items and issuers, each one JSON array's text. */
function nestedSql(db: Db): Prisma.Sql {
	if (providerOfClient(db) === 'postgresql')
		return Prisma.sql`
			(SELECT json_agg(json_build_object(
					'number', v."number", 'noticeType', v."noticeType", 'title', v."title",
					'documentNumber', v."documentNumber", 'issuedOn', v."issuedOn",
					'deadline', v."deadline", 'addresseeLines', v."addresseeLines",
					'addresseeRule', v."addresseeRule", 'preamble', v."preamble", 'items', v."items",
					'itemNumbering', v."itemNumbering", 'contacts', v."contacts",
					'references', v."references", 'correctionReason', v."correctionReason",
					'publishedAt', to_char(v."publishedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
					'pdfSha256', v."pdfSha256",
					'attachments', COALESCE((SELECT json_agg(json_build_object(
							'position', a."position", 'label', a."label", 'title', a."title",
							'fileName', a."fileName", 'contentType', a."contentType", 'size', a."size",
							'sha256', a."sha256") ORDER BY a."position")
						FROM "Attachment" a WHERE a."versionId" = v."id"), '[]'::json))
				ORDER BY v."number")::text
			FROM "NoticeVersion" v WHERE v."noticeId" = n."id") AS "versions",
			(SELECT json_agg(json_build_object(
					'id', i."id", 'number', i."number", 'title', i."title", 'kind', i."kind")
				ORDER BY i."number")::text
			FROM "ResponseItem" i WHERE i."noticeId" = n."id") AS "responseItems",
			(SELECT json_agg(json_build_object(
					'departmentId', ni."departmentId", 'organization', o."name",
					'department', d."name", 'organizationId', d."organizationId")
				ORDER BY ni."position" ASC, ni."departmentId" ASC)::text
			FROM "NoticeIssuer" ni
			JOIN "Department" d ON d."id" = ni."departmentId"
			JOIN "Organization" o ON o."id" = d."organizationId"
			WHERE ni."noticeId" = n."id") AS "issuers"`;
	// SQLite: JSON columns are text, and a subquery's JSON reaches json_object as text: json()
	// marks both as JSON.
	return Prisma.sql`
		(SELECT json_group_array(json_object(
				'number', v."number", 'noticeType', v."noticeType", 'title', v."title",
				'documentNumber', v."documentNumber", 'issuedOn', v."issuedOn",
				'deadline', v."deadline", 'addresseeLines', json(v."addresseeLines"),
				'addresseeRule', json(v."addresseeRule"), 'preamble', v."preamble",
				'items', json(v."items"), 'itemNumbering', v."itemNumbering",
				'contacts', json(v."contacts"), 'references', json(v."references"),
				'correctionReason', v."correctionReason", 'publishedAt', v."publishedAt",
				'pdfSha256', v."pdfSha256",
				'attachments', json((SELECT json_group_array(json_object(
						'position', a."position", 'label', a."label", 'title', a."title",
						'fileName', a."fileName", 'contentType', a."contentType", 'size', a."size",
						'sha256', a."sha256") ORDER BY a."position")
					FROM "Attachment" a WHERE a."versionId" = v."id")))
			ORDER BY v."number")
		FROM "NoticeVersion" v WHERE v."noticeId" = n."id") AS "versions",
		(SELECT json_group_array(json_object(
				'id', i."id", 'number', i."number", 'title', i."title", 'kind', i."kind")
			ORDER BY i."number")
		FROM "ResponseItem" i WHERE i."noticeId" = n."id") AS "responseItems",
		(SELECT json_group_array(json_object(
				'departmentId', ni."departmentId", 'organization', o."name",
				'department', d."name", 'organizationId', d."organizationId")
			ORDER BY ni."position" ASC, ni."departmentId" ASC)
		FROM "NoticeIssuer" ni
		JOIN "Department" d ON d."id" = ni."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE ni."noticeId" = n."id") AS "issuers"`;
}
