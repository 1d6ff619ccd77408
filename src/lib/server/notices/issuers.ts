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

/** An issuer with its ministry's id, as the notice page reads it (reading-sql.ts). */
export type NoticeIssuerWithOrganization = NoticeIssuerName & { organizationId: string };
