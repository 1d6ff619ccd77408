// Reading notices: the list a user sees first, and one notice as its recipients read it.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { managedNotices, managesIssuedBy, visibleNotices } from './access.ts';
import { versionHistory } from './history.ts';
import { actor, record } from '../audit/index.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import {
	ISSUERS_IN_ORDER,
	issuerLine,
	issuerNames,
	noticeIssuersWithOrganization
} from './issuers.ts';
import { formatEraDate } from '../../domain/dates.ts';
import { dueItems } from '../responses/due.ts';
import { keysetArgs, keysetPage, type SortKey } from '../db/keyset.ts';
import { PAGE_SIZE, type PageInfo, type PageRequest } from '../../domain/paging.ts';
import { itemNumberingStyle } from '../../domain/item-numbering.ts';
import {
	NOTICE_TYPE_LABELS,
	normalizeForSearch,
	type Contact,
	type NoticeItem,
	type NoticeType,
	type Reference
} from '../../domain/notices.ts';

export type NoticeListEntry = {
	id: string;
	status: string;
	title: string;
	noticeType: NoticeType;
	issuedOn: string;
	deadline: string | null;
	issuers: string[];
	versionNumber: number;
	/** For a respondent: their own department's state of this notice. */
	mine: { viewed: boolean; acknowledged: boolean; complete: boolean } | null;
};

/**
 * The version a reader sees: the newest published one, or version 1 of a draft. Prisma cannot
 * compare with a column (number = currentVersionNumber) in a nested select, so it is "the
 * highest-numbered version that is published or is version 1"; a correction being written is
 * never published and never has number 1, so it is never shown by mistake.
 */
const READABLE_VERSION = {
	where: { OR: [{ publishedAt: { not: null } }, { number: 1 }] },
	orderBy: { number: 'desc' },
	take: 1
} satisfies Prisma.Notice$versionsArgs;

export type NoticeFilter = {
	/** Substring of any text of the notice (Japanese works: 「ワンストップ」). */
	q?: string;
	type?: NoticeType;
	/** An issuing department's id. */
	issuer?: string;
	/** Issue date range, YYYY-MM-DD, inclusive. */
	from?: string;
	to?: string;
	status?: string;
};

function filterWhere(filter: NoticeFilter): Prisma.NoticeWhereInput[] {
	const and: Prisma.NoticeWhereInput[] = [];
	const q = filter.q ? normalizeForSearch(filter.q.trim()) : '';
	const version: Prisma.NoticeVersionWhereInput = {
		...(q ? { searchText: { contains: q } } : {}),
		...(filter.type ? { noticeType: filter.type } : {}),
		...(filter.from || filter.to
			? {
					issuedOn: {
						...(filter.from ? { gte: filter.from } : {}),
						...(filter.to ? { lte: filter.to } : {})
					}
				}
			: {})
	};
	if (Object.keys(version).length > 0)
		and.push({ versions: { some: { ...version, ...READABLE_VERSION.where } } });
	if (filter.issuer) and.push({ issuers: { some: { departmentId: filter.issuer } } });
	if (filter.status) and.push({ status: filter.status });
	return and;
}

/** The notices list's order: unpublished drafts first, then newest published; id breaks ties. */
const NOTICE_ORDER: SortKey[] = [
	{ path: ['publishedAt'], dir: 'desc', type: 'date', nullable: true },
	{ path: ['createdAt'], dir: 'desc', type: 'date' },
	{ path: ['id'], dir: 'desc', type: 'string' }
];

/** The first page of the list (see noticePage); enough for "the newest few". */
export async function listNotices(
	db: Db,
	user: SessionUser,
	filter: NoticeFilter = {},
	request: PageRequest = { cursor: null, number: 1 },
	size = PAGE_SIZE
): Promise<NoticeListEntry[]> {
	return (await noticePage(db, user, filter, request, size, false)).rows;
}

/**
 * One keyset page of the notices a user may see, with the filters; `total` counts the whole
 * filtered list (one indexed count). Relations are read for this page's rows only.
 */
export async function noticePage(
	db: Db,
	user: SessionUser,
	filter: NoticeFilter = {},
	request: PageRequest = { cursor: null, number: 1 },
	size = PAGE_SIZE,
	withTotal = true
): Promise<{ rows: NoticeListEntry[]; page: PageInfo }> {
	const where: Prisma.NoticeWhereInput = { AND: [visibleNotices(user), ...filterWhere(filter)] };
	const args = keysetArgs(NOTICE_ORDER, request, size);
	const [fetched, total] = await Promise.all([
		db.notice.findMany({
			where: { AND: [where, args.where as Prisma.NoticeWhereInput] },
			orderBy: args.orderBy as Prisma.NoticeOrderByWithRelationInput[],
			take: args.take,
			select: {
				id: true,
				status: true,
				publishedAt: true,
				createdAt: true,
				currentVersionNumber: true,
				issuers: ISSUERS_IN_ORDER,
				versions: {
					...READABLE_VERSION,
					select: { title: true, noticeType: true, issuedOn: true, deadline: true, number: true }
				},
				// Only a respondent's own department's row; for anyone else an empty list.
				recipients: {
					where:
						user.role === 'respondent' && user.departmentId
							? { departmentId: user.departmentId }
							: { id: { in: [] } },
					select: {
						firstViewedAt: true,
						acknowledgments: { select: { versionNumber: true } },
						responses: { where: { status: 'submitted' }, select: { responseItemId: true } }
					}
				},
				responseItems: { select: { id: true, functions: true, bodyKinds: true } }
			}
		}),
		withTotal ? db.notice.count({ where }) : Promise.resolve(null)
	]);
	const { rows: notices, page } = keysetPage(NOTICE_ORDER, request, args, fetched, total, size);
	const myDepartment =
		user.role === 'respondent' && user.departmentId
			? await db.department.findUnique({
					where: { id: user.departmentId },
					select: { function: true, organization: { select: { kind: true } } }
				})
			: null;
	const myRef = myDepartment
		? { bodyKind: myDepartment.organization.kind, function: myDepartment.function }
		: null;
	const rows = notices.map((n): NoticeListEntry => {
		const v = n.versions[0];
		const mine = n.recipients?.[0];
		return {
			id: n.id,
			status: n.status,
			title: v.title,
			noticeType: v.noticeType as NoticeType,
			issuedOn: v.issuedOn,
			deadline: v.deadline,
			versionNumber: n.currentVersionNumber,
			issuers: issuerNames(n.issuers).map(issuerLine),
			mine: mine
				? {
						viewed: mine.firstViewedAt !== null,
						acknowledged: mine.acknowledgments.some(
							(a) => a.versionNumber === n.currentVersionNumber
						),
						complete: dueItems(n.responseItems, myRef).every((item) =>
							mine.responses.some((r) => r.responseItemId === item.id)
						)
					}
				: null
		};
	});
	return { rows, page };
}

export type VersionChoice = 'current' | 'editable' | number;

/**
 * Which version number a user may read: the current one; an older published one (history);
 * or — only for an issuer who manages the notice — the one being written (draft preview).
 */
function chooseVersion(
	notice: { status: string; currentVersionNumber: number },
	which: VersionChoice,
	manages: boolean
): number | null {
	if (which === 'current') return notice.currentVersionNumber;
	if (which === 'editable') {
		if (!manages) return null;
		return notice.status === 'draft'
			? notice.currentVersionNumber
			: notice.currentVersionNumber + 1;
	}
	if (which >= 1 && which <= notice.currentVersionNumber) return which;
	return null;
}

/** What a reader is shown of a version; every version of a notice is read with it (a handful). */
const VERSION_SELECT = {
	number: true,
	noticeType: true,
	title: true,
	documentNumber: true,
	issuedOn: true,
	deadline: true,
	addresseeLines: true,
	addresseeRule: true,
	preamble: true,
	items: true,
	itemNumbering: true,
	contacts: true,
	references: true,
	correctionReason: true,
	publishedAt: true,
	pdfSha256: true,
	// Metadata only: the files themselves are in storage, read by the attachment route.
	attachments: {
		orderBy: { position: 'asc' },
		select: {
			position: true,
			label: true,
			title: true,
			fileName: true,
			contentType: true,
			size: true,
			sha256: true
		}
	}
} satisfies Prisma.NoticeVersionSelect;

/**
 * A notice with all its versions, as read for one user: the access rule is part of the one
 * query, and the versions come with it (a notice has a handful), so the page's version, its
 * attachments and its history cost no statements of their own.
 */
async function readNotice(db: Db, user: SessionUser, id: string, which: VersionChoice) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id }, visibleNotices(user)] },
		select: {
			id: true,
			status: true,
			currentVersionNumber: true,
			publishedAt: true,
			closedAt: true,
			withdrawnAt: true,
			withdrawalReason: true,
			forwardable: true,
			externalQuestion: true,
			versions: { orderBy: { number: 'asc' }, select: VERSION_SELECT },
			responseItems: {
				orderBy: { number: 'asc' },
				select: { id: true, number: true, title: true, kind: true }
			}
		}
	});
	if (!notice) return null;
	const issuers = await noticeIssuersWithOrganization(db, id);
	const manages = managesIssuedBy(
		user,
		issuers.map((i) => i.organizationId)
	);
	const number = chooseVersion(notice, which, manages);
	const v = notice.versions.find((x) => x.number === number);
	if (!v) return null;
	const recipientCount = await countRecipients(db, id);
	const mine =
		user.role === 'respondent' && user.departmentId
			? await db.recipient.findUnique({
					where: { noticeId_departmentId: { noticeId: id, departmentId: user.departmentId } },
					select: {
						firstViewedAt: true,
						acknowledgments: {
							where: { versionNumber: notice.currentVersionNumber },
							select: { createdAt: true, user: { select: { name: true } } }
						}
					}
				})
			: null;
	const detail = {
		id: notice.id,
		status: notice.status,
		currentVersionNumber: notice.currentVersionNumber,
		publishedAt: notice.publishedAt,
		closedAt: notice.closedAt,
		withdrawnAt: notice.withdrawnAt,
		withdrawalReason: notice.withdrawalReason,
		forwardable: notice.forwardable,
		externalQuestion: notice.externalQuestion,
		recipientCount,
		manages,
		correctionInProgress: notice.versions.some(
			(x) => x.number > notice.currentVersionNumber && x.publishedAt === null
		),
		issuers: issuers.map(({ departmentId, organization, department }) => ({
			departmentId,
			organization,
			department
		})),
		responseItems: notice.responseItems,
		mine: mine
			? {
					firstViewedAt: mine.firstViewedAt,
					acknowledgment: mine.acknowledgments[0]
						? {
								at: mine.acknowledgments[0].createdAt,
								by: mine.acknowledgments[0].user.name
							}
						: null
				}
			: null,
		version: {
			number: v.number,
			noticeType: v.noticeType as NoticeType,
			title: v.title,
			documentNumber: v.documentNumber,
			issuedOn: v.issuedOn,
			deadline: v.deadline,
			addresseeLines: v.addresseeLines as string[],
			addresseeRule: v.addresseeRule,
			preamble: v.preamble,
			items: v.items as NoticeItem[],
			itemNumbering: itemNumberingStyle(v.itemNumbering),
			contacts: v.contacts as Contact[],
			references: v.references as Reference[],
			correctionReason: v.correctionReason,
			publishedAt: v.publishedAt,
			pdfSha256: v.pdfSha256,
			attachments: v.attachments
		}
	};
	return { notice: detail, versions: notice.versions };
}

/**
 * How many departments a notice reached (second-level ones included). Counted over the notice's
 * own index entries alone: Prisma's relation `_count` aggregated the whole Recipient table on
 * SQLite (~1 s a page at national size, bench/RESULTS.md), and its `count()` wraps the rows in a
 * subquery that reads every recipient row instead of the covering index (twice the time).
 */
async function countRecipients(db: Db, noticeId: string): Promise<number> {
	const [row] = await db.$queryRaw<{ n: number | bigint }[]>`
		SELECT COUNT(*) AS "n" FROM "Recipient" WHERE "noticeId" = ${noticeId}`;
	return Number(row.n);
}

/** One notice at a version (its current one by default), or null when this user may not see it. */
export async function getNotice(
	db: Db,
	user: SessionUser,
	id: string,
	which: VersionChoice = 'current'
) {
	return (await readNotice(db, user, id, which))?.notice ?? null;
}

/**
 * The notice page's data: the current version and the published versions' history (each with
 * what it changed), from the same reading; null when this user may not see the notice.
 */
export async function getNoticeWithHistory(db: Db, user: SessionUser, id: string) {
	const read = await readNotice(db, user, id, 'current');
	if (!read) return null;
	return {
		notice: read.notice,
		history: versionHistory(read.versions.filter((v) => v.publishedAt !== null))
	};
}

export type NoticeDetail = NonNullable<Awaited<ReturnType<typeof getNotice>>>;

/**
 * Attachment n of a version of a notice the user may see (see chooseVersion); null otherwise,
 * and the caller answers 404.
 */
export async function findAttachment(
	db: Db,
	user: SessionUser,
	noticeId: string,
	position: number,
	which: VersionChoice = 'current'
) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, visibleNotices(user)] },
		select: { status: true, currentVersionNumber: true }
	});
	if (!notice) return null;
	const manages =
		which === 'editable' &&
		(await db.notice.count({ where: { AND: [{ id: noticeId }, managedNotices(user)] } })) === 1;
	const number = chooseVersion(notice, which, manages);
	if (number === null) return null;
	return db.attachment.findFirst({ where: { position, version: { noticeId, number } } });
}

/** Records the first time someone of an addressed department opened the notice. */
export async function recordFirstView(db: Db, user: SessionUser, noticeId: string) {
	if (user.role !== 'respondent' || !user.departmentId) return;
	const departmentId = user.departmentId;
	// Cheap read first: this runs on every view, and only the first one changes anything.
	const recipient = await db.recipient.findFirst({
		where: { noticeId, departmentId, firstViewedAt: null },
		select: { id: true }
	});
	if (!recipient) return;
	await db.$transaction(async (tx) => {
		const marked = await tx.recipient.updateMany({
			where: { id: recipient.id, firstViewedAt: null },
			data: { firstViewedAt: new Date(), firstViewedById: user.id }
		});
		if (marked.count === 1)
			await record(tx, {
				...actor(user),
				action: 'recipient.first_view',
				objectType: 'recipient',
				objectId: recipient.id,
				after: { noticeId }
			});
	});
}

/** Published notices a new one may refer to, labelled as a citation reads: 令和3年4月8日 事務連絡「…」. */
export async function referenceCandidates(db: Db, user: SessionUser, exceptId?: string) {
	const notices = await db.notice.findMany({
		where: {
			AND: [visibleNotices(user), { status: { not: 'draft' } }],
			...(exceptId ? { id: { not: exceptId } } : {})
		},
		orderBy: { publishedAt: 'desc' },
		take: 200,
		select: {
			id: true,
			versions: { ...READABLE_VERSION, select: { title: true, noticeType: true, issuedOn: true } }
		}
	});
	return notices.map((n) => {
		const v = n.versions[0];
		return {
			id: n.id,
			label: `${formatEraDate(v.issuedOn)} ${NOTICE_TYPE_LABELS[v.noticeType as NoticeType].ja}「${v.title}」`
		};
	});
}
