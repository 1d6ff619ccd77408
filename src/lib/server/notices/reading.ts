// One notice as a user may see it: the access rule, the version they may read, and for the
// notice page the whole reading (versions, history, issuers, management) in one statement.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { managedNotices, managesIssuedBy, visibleNotices } from './access.ts';
import { versionHistory } from './history.ts';
import { readNoticeForUser } from './reading-sql.ts';
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

/**
 * A notice with all its versions, as read for one user: one statement (reading-sql.ts) with the
 * access rule, the versions, their attachments, the response items, the issuers and the
 * recipient count, so the page's version, its attachments and its history cost nothing more.
 */
async function readNotice(db: Db, user: SessionUser, id: string, which: VersionChoice) {
	const notice = await readNoticeForUser(db, user, id);
	if (!notice) return null;
	const { issuers } = notice;
	const manages = managesIssuedBy(
		user,
		issuers.map((i) => i.organizationId)
	);
	const number = chooseVersion(notice, which, manages);
	const v = notice.versions.find((x) => x.number === number);
	if (!v) return null;
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
		recipientCount: notice.recipientCount,
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
