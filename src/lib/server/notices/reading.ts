// One notice as a user may see it: the access rule, the version they may read, and for the
// notice page the whole reading (versions, history, issuers, management) in a few statements.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { managedNotices, managesIssuedBy, visibleNotices } from './access.ts';
import { versionHistory } from './history.ts';
import { noticeIssuersWithOrganization } from './issuers.ts';
import { versionContent } from '../../domain/notices.ts';

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
			...versionContent(v),
			addresseeRule: v.addresseeRule,
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
