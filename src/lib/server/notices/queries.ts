// Reading notices: the list a user sees first, and one notice as its recipients read it.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { visibleNotices } from './access.ts';
import type { Contact, NoticeItem, NoticeType, Reference } from '../../domain/notices.ts';

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
	mine: { viewed: boolean; acknowledged: boolean; answeredAll: boolean } | null;
};

export async function listNotices(db: Db, user: SessionUser): Promise<NoticeListEntry[]> {
	const notices = await db.notice.findMany({
		where: visibleNotices(user),
		orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
		select: {
			id: true,
			status: true,
			currentVersionNumber: true,
			issuers: {
				orderBy: { position: 'asc' },
				select: { department: { select: { name: true, organization: { select: { name: true } } } } }
			},
			versions: {
				orderBy: { number: 'desc' },
				take: 1,
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
			responseItems: { select: { id: true, functions: true } }
		}
	});
	const myFunction =
		user.role === 'respondent' && user.departmentId
			? (
					await db.department.findUnique({
						where: { id: user.departmentId },
						select: { function: true }
					})
				)?.function
			: undefined;
	return notices.map((n) => {
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
			issuers: n.issuers.map((i) => `${i.department.organization.name} ${i.department.name}`),
			mine: mine
				? {
						viewed: mine.firstViewedAt !== null,
						acknowledged: mine.acknowledgments.some(
							(a) => a.versionNumber === n.currentVersionNumber
						),
						answeredAll: n.responseItems
							.filter((item) => appliesTo(item.functions, myFunction))
							.every((item) => mine.responses.some((r) => r.responseItemId === item.id))
					}
				: null
		};
	});
}

/** One notice at its current version, or null when it does not exist for this user. */
export async function getNotice(db: Db, user: SessionUser, id: string) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id }, visibleNotices(user)] },
		select: {
			id: true,
			status: true,
			currentVersionNumber: true,
			publishedAt: true,
			issuers: {
				orderBy: { position: 'asc' },
				select: { department: { select: { name: true, organization: { select: { name: true } } } } }
			},
			versions: {
				orderBy: { number: 'desc' },
				take: 1,
				include: { attachments: { orderBy: { position: 'asc' } } }
			},
			responseItems: {
				orderBy: { number: 'asc' },
				select: { id: true, number: true, title: true, kind: true }
			},
			_count: { select: { recipients: true } }
		}
	});
	if (!notice) return null;
	const v = notice.versions[0];
	return {
		id: notice.id,
		status: notice.status,
		publishedAt: notice.publishedAt,
		recipientCount: notice._count.recipients,
		issuers: notice.issuers.map((i) => ({
			organization: i.department.organization.name,
			department: i.department.name
		})),
		responseItems: notice.responseItems,
		version: {
			number: v.number,
			noticeType: v.noticeType as NoticeType,
			title: v.title,
			documentNumber: v.documentNumber,
			issuedOn: v.issuedOn,
			deadline: v.deadline,
			addresseeLines: v.addresseeLines as string[],
			preamble: v.preamble,
			items: v.items as NoticeItem[],
			contacts: v.contacts as Contact[],
			references: v.references as Reference[],
			correctionReason: v.correctionReason,
			publishedAt: v.publishedAt,
			attachments: v.attachments.map((a) => ({
				position: a.position,
				label: a.label,
				title: a.title,
				fileName: a.fileName,
				contentType: a.contentType,
				size: a.size
			}))
		}
	};
}

export type NoticeDetail = NonNullable<Awaited<ReturnType<typeof getNotice>>>;

/**
 * The attachment n of a notice's current published version, for a user who may see the
 * notice; null otherwise (the caller answers 404).
 */
export async function findAttachment(
	db: Db,
	user: SessionUser,
	noticeId: string,
	position: number
) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, visibleNotices(user)] },
		select: { currentVersionNumber: true }
	});
	if (!notice) return null;
	return db.attachment.findFirst({
		where: { position, version: { noticeId, number: notice.currentVersionNumber } }
	});
}

/** Records the first time someone of an addressed department opened the notice. */
export async function recordFirstView(db: Db, user: SessionUser, noticeId: string) {
	if (user.role !== 'respondent' || !user.departmentId) return;
	await db.recipient.updateMany({
		where: { noticeId, departmentId: user.departmentId, firstViewedAt: null },
		data: { firstViewedAt: new Date(), firstViewedById: user.id }
	});
}

/** Whether a response item asks a department of this function (no functions: everyone). */
export function appliesTo(functions: unknown, departmentFunction: string | undefined): boolean {
	const list = Array.isArray(functions) ? (functions as string[]) : [];
	return (
		list.length === 0 || (departmentFunction !== undefined && list.includes(departmentFunction))
	);
}
