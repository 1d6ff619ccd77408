// A notice's issuing departments in the order the issuer chose (NoticeIssuer.position): the
// notice page, its preview, the list, the mails and the PDF all print them from here, so a
// joint notice reads 厚生労働省 … 内閣府 … everywhere if that is how it was signed.
import type { Db, Tx } from '../db/client.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';

/** The nested select for Notice.issuers, in signing order. */
export const ISSUERS_IN_ORDER = {
	orderBy: [{ position: 'asc' }, { departmentId: 'asc' }],
	select: {
		departmentId: true,
		department: { select: { name: true, organization: { select: { name: true } } } }
	}
} satisfies Prisma.Notice$issuersArgs;

export type NoticeIssuerName = { departmentId: string; organization: string; department: string };

type IssuerRow = {
	departmentId: string;
	department: { name: string; organization: { name: string } };
};

/** Rows selected with ISSUERS_IN_ORDER as names, keeping their order. */
export function issuerNames(rows: IssuerRow[]): NoticeIssuerName[] {
	return rows.map((i) => ({
		departmentId: i.departmentId,
		organization: i.department.organization.name,
		department: i.department.name
	}));
}

/** One line per issuer, as a mail or a list prints it: 「厚生労働省 医政局総務課」. */
export function issuerLine(issuer: NoticeIssuerName): string {
	return `${issuer.organization} ${issuer.department}`;
}

/** The issuers of one notice, in signing order (no access check: callers have done it). */
export async function noticeIssuers(db: Db | Tx, noticeId: string): Promise<NoticeIssuerName[]> {
	return issuerNames(await db.noticeIssuer.findMany({ where: { noticeId }, ...ISSUERS_IN_ORDER }));
}

export type NoticeIssuerWithOrganization = NoticeIssuerName & { organizationId: string };

/**
 * The issuers of one notice, in signing order (ISSUERS_IN_ORDER's order), with their ministry's
 * id, in one statement: the notice page reads them on every view, and the nested select makes
 * three (issuers, departments, organizations). No access check: callers have done it.
 */
export async function noticeIssuersWithOrganization(
	db: Db | Tx,
	noticeId: string
): Promise<NoticeIssuerWithOrganization[]> {
	return db.$queryRaw<NoticeIssuerWithOrganization[]>`
		SELECT i."departmentId", o."name" AS "organization", d."name" AS "department",
			d."organizationId"
		FROM "NoticeIssuer" i
		JOIN "Department" d ON d."id" = i."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE i."noticeId" = ${noticeId}
		ORDER BY i."position" ASC, i."departmentId" ASC`;
}
