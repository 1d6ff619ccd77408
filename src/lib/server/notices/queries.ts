// Reading notices: the list a user sees first, first views, citations (one notice itself:
// reading.ts).
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { visibleNotices } from './access.ts';
import { actor, record } from '../audit/index.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { ISSUERS_IN_ORDER, issuerLine, issuerNames } from './issuers.ts';
import { formatEraDate } from '../../domain/dates.ts';
import { dueItems } from '../responses/due.ts';
import { keysetArgs, keysetPage, type SortKey } from '../db/keyset.ts';
import { PAGE_SIZE, type PageInfo, type PageRequest } from '../../domain/paging.ts';
import { NOTICE_TYPE_LABELS, normalizeForSearch, type NoticeType } from '../../domain/notices.ts';

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

// One notice (the detail page, its attachments, the editor's preview) is read in reading.ts.
export {
	findAttachment,
	getNotice,
	getNoticeWithHistory,
	type NoticeDetail,
	type VersionChoice
} from './reading.ts';

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
