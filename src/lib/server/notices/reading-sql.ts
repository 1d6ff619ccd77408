// The notice page's read as ONE raw statement: the notice under the access rule
// (access-sql.ts), all its versions with their attachments' metadata, its response items, its
// issuers with their ministries and the number of departments it reached (a column the
// database keeps, see schema.prisma's Notice.recipientCount). The ORM took six
// statements for these (notice, versions, attachments, items, issuers, count), each with its
// fixed cost, on every view of the page (bench/ssr.ts); here the database builds the whole
// reading as one JSON text, read through the bare driver (db/client.ts's readScalar) as the
// dashboards' read is (reports/dashboard-read.ts): `$queryRaw`'s request pipeline and row
// conversion cost the page more than SQLite's own work. reading-sql.db.spec.ts checks that it
// returns exactly what the ORM's read returns.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { keyValue, providerOfClient, readScalar, type Db } from '../db/client.ts';
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

/** The statement's JSON: dates as text, SQLite's booleans as 0/1. */
type NoticeJson = Omit<
	NoticeRead,
	'publishedAt' | 'closedAt' | 'withdrawnAt' | 'forwardable' | 'versions'
> & {
	publishedAt: string | number | null;
	closedAt: string | number | null;
	withdrawnAt: string | number | null;
	forwardable: boolean | number;
	versions: VersionJson[];
};

type VersionJson = Omit<NoticeVersionRead, 'publishedAt'> & { publishedAt: string | number | null };

/** The notice with everything the page shows of it, or null when this user may not see it. */
export async function readNoticeForUser(
	db: Db,
	user: SessionUser,
	id: string
): Promise<NoticeRead | null> {
	const n = Prisma.raw('n');
	const text = await readScalar(
		db,
		Prisma.sql`SELECT ${noticeJsonSql(db)} FROM "Notice" n
		WHERE n."id" = ${keyValue(db, id)} AND ${visibleNoticesSql(user, n, db)}`
	);
	if (text === null) return null;
	const row = JSON.parse(text as string) as NoticeJson;
	return {
		id: row.id,
		status: row.status,
		currentVersionNumber: row.currentVersionNumber,
		publishedAt: instantOrNull(row.publishedAt),
		closedAt: instantOrNull(row.closedAt),
		withdrawnAt: instantOrNull(row.withdrawnAt),
		withdrawalReason: row.withdrawalReason,
		// SQLite has no booleans: 0/1.
		forwardable: Boolean(row.forwardable),
		externalQuestion: row.externalQuestion,
		versions: row.versions.map((v) => ({ ...v, publishedAt: instantOrNull(v.publishedAt) })),
		responseItems: row.responseItems,
		issuers: row.issuers,
		recipientCount: row.recipientCount
	};
}

const instantOrNull = (v: string | number | null) => (v === null ? null : instant(v));

/**
 * The notice, its versions (with attachments), response items, issuers and recipient count as
 * one JSON object's text. An aggregate over no rows is NULL on PostgreSQL (hence its COALESCEs).
 */
function noticeJsonSql(db: Db): Prisma.Sql {
	if (providerOfClient(db) === 'postgresql') {
		// Instants as UTC text with their milliseconds, which json_build_object would give
		// without a zone.
		const iso = (column: Prisma.Sql) =>
			Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
		return Prisma.sql`json_build_object(
			'id', n."id", 'status', n."status", 'currentVersionNumber', n."currentVersionNumber",
			'publishedAt', ${iso(Prisma.sql`n."publishedAt"`)},
			'closedAt', ${iso(Prisma.sql`n."closedAt"`)},
			'withdrawnAt', ${iso(Prisma.sql`n."withdrawnAt"`)},
			'withdrawalReason', n."withdrawalReason", 'forwardable', n."forwardable",
			'externalQuestion', n."externalQuestion",
			'versions', COALESCE((SELECT json_agg(json_build_object(
					'number', v."number", 'noticeType', v."noticeType", 'title', v."title",
					'documentNumber', v."documentNumber", 'issuedOn', v."issuedOn",
					'deadline', v."deadline", 'addresseeLines', v."addresseeLines",
					'addresseeRule', v."addresseeRule", 'preamble', v."preamble", 'items', v."items",
					'itemNumbering', v."itemNumbering", 'contacts', v."contacts",
					'references', v."references", 'correctionReason', v."correctionReason",
					'publishedAt', ${iso(Prisma.sql`v."publishedAt"`)},
					'pdfSha256', v."pdfSha256",
					'attachments', COALESCE((SELECT json_agg(json_build_object(
							'position', a."position", 'label', a."label", 'title', a."title",
							'fileName', a."fileName", 'contentType', a."contentType", 'size', a."size",
							'sha256', a."sha256") ORDER BY a."position")
						FROM "Attachment" a WHERE a."versionId" = v."id"), '[]'::json))
				ORDER BY v."number")
			FROM "NoticeVersion" v WHERE v."noticeId" = n."id"), '[]'::json),
			'responseItems', COALESCE((SELECT json_agg(json_build_object(
					'id', i."id", 'number', i."number", 'title', i."title", 'kind', i."kind")
				ORDER BY i."number")
			FROM "ResponseItem" i WHERE i."noticeId" = n."id"), '[]'::json),
			'issuers', COALESCE((SELECT json_agg(json_build_object(
					'departmentId', ni."departmentId", 'organization', o."name",
					'department', d."name", 'organizationId', d."organizationId")
				ORDER BY ni."position" ASC, ni."departmentId" ASC)
			FROM "NoticeIssuer" ni
			JOIN "Department" d ON d."id" = ni."departmentId"
			JOIN "Organization" o ON o."id" = d."organizationId"
			WHERE ni."noticeId" = n."id"), '[]'::json),
			-- Kept by triggers on "Recipient" (schema.prisma): counting the rows here was the
			-- larger part of this read for a notice to thousands of departments.
			'recipientCount', n."recipientCount"
		)::text`;
	}
	// SQLite: JSON columns are text, and a subquery's JSON reaches json_object as text: json()
	// marks both as JSON.
	return Prisma.sql`json_object(
		'id', n."id", 'status', n."status", 'currentVersionNumber', n."currentVersionNumber",
		'publishedAt', n."publishedAt", 'closedAt', n."closedAt", 'withdrawnAt', n."withdrawnAt",
		'withdrawalReason', n."withdrawalReason", 'forwardable', n."forwardable",
		'externalQuestion', n."externalQuestion",
		'versions', json((SELECT json_group_array(json_object(
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
		FROM "NoticeVersion" v WHERE v."noticeId" = n."id")),
		'responseItems', json((SELECT json_group_array(json_object(
				'id', i."id", 'number', i."number", 'title', i."title", 'kind', i."kind")
			ORDER BY i."number")
		FROM "ResponseItem" i WHERE i."noticeId" = n."id")),
		'issuers', json((SELECT json_group_array(json_object(
				'departmentId', ni."departmentId", 'organization', o."name",
				'department', d."name", 'organizationId', d."organizationId")
			ORDER BY ni."position" ASC, ni."departmentId" ASC)
		FROM "NoticeIssuer" ni
		JOIN "Department" d ON d."id" = ni."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE ni."noticeId" = n."id")),
		-- Kept by triggers on "Recipient" (schema.prisma): counting the rows here was the larger
		-- part of this read for a notice to thousands of departments.
		'recipientCount', n."recipientCount"
	)`;
}
