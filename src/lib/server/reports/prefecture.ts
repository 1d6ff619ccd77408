// A prefecture's drill-down for issuers and viewers: the prefecture's own departments and the
// cities and wards inside it, each with its status; and, one level further, one department's
// submitted answers. Only that prefecture's recipients are read.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFound } from '../errors.ts';
import { dueItems, isInformationOnly, itemOverdue } from '../responses/due.ts';
import { readableNotice } from './progress.ts';
import { grantRates } from './responses-columns.ts';
import { describeAnswer } from './describe-answer.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { readAnswer, summarizeAnswer } from '../../domain/forms/validate.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { FIRST_LEVEL } from '../recipients/levels.ts';

/** Furthest along first: what the row's badge says. */
export const BODY_STATUSES = [
	'submitted',
	'in_progress',
	'acknowledged',
	'viewed',
	'not_viewed',
	'overdue'
] as const;
export type BodyStatus = (typeof BODY_STATUSES)[number];

export async function prefectureDrilldown(
	db: Db,
	user: SessionUser,
	noticeId: string,
	prefectureCode: string,
	now = new Date()
) {
	const notice = await readableNotice(db, user, noticeId);
	const prefecture = await db.organization.findFirst({
		where: { kind: 'prefecture', prefectureCode },
		select: { name: true }
	});
	if (!prefecture) throw notFound();
	const recipients = await db.recipient.findMany({
		where: { noticeId, ...FIRST_LEVEL, department: { organization: { prefectureCode } } },
		select: {
			id: true,
			firstViewedAt: true,
			department: {
				select: {
					id: true,
					name: true,
					function: true,
					organization: { select: { name: true, kind: true, localGovernmentCode: true } }
				}
			},
			acknowledgments: {
				where: { versionNumber: notice.currentVersionNumber },
				select: { createdAt: true }
			},
			responses: { select: { responseItemId: true, status: true } }
		}
	});
	const today = todayInJapan(now);
	const rows = recipients.map((r) => {
		const due = dueItems(notice.responseItems, {
			bodyKind: r.department.organization.kind,
			function: r.department.function
		});
		const statusOf = (itemId: string) =>
			r.responses.find((x) => x.responseItemId === itemId)?.status;
		const itemsSubmitted = due.filter((i) => statusOf(i.id) === 'submitted').length;
		const itemsDrafted = due.filter((i) => statusOf(i.id) === 'draft').length;
		const acknowledgedAt = r.acknowledgments[0]?.createdAt ?? null;
		// As the issuer's delivery table counts it: an item past its deadline unsubmitted.
		const overdue = due.some(
			(i) => statusOf(i.id) !== 'submitted' && itemOverdue(i, notice.deadline, today)
		);
		const status: BodyStatus = overdue
			? 'overdue'
			: due.length > 0 && itemsSubmitted === due.length
				? 'submitted'
				: itemsSubmitted + itemsDrafted > 0
					? 'in_progress'
					: acknowledgedAt
						? 'acknowledged'
						: r.firstViewedAt
							? 'viewed'
							: 'not_viewed';
		return {
			recipientId: r.id,
			departmentId: r.department.id,
			organization: r.department.organization.name,
			organizationKind: r.department.organization.kind,
			localGovernmentCode: r.department.organization.localGovernmentCode,
			department: r.department.name,
			function: r.department.function,
			firstViewedAt: r.firstViewedAt,
			acknowledgedAt,
			itemsDue: due.length,
			itemsSubmitted,
			itemsDrafted,
			overdue,
			status
		};
	});
	// The prefecture's own departments first, then its cities and wards by their codes.
	rows.sort(
		(a, b) =>
			Number(b.organizationKind === 'prefecture') - Number(a.organizationKind === 'prefecture') ||
			(a.localGovernmentCode ?? '').localeCompare(b.localGovernmentCode ?? '') ||
			a.function.localeCompare(b.function)
	);
	return {
		notice: {
			id: notice.id,
			title: notice.title,
			deadline: notice.deadline,
			informationOnly: isInformationOnly(notice)
		},
		prefecture: { code: prefectureCode, name: prefecture.name },
		rows
	};
}

/**
 * One recipient department's answers as the national table has them: the latest submission of
 * each item, field by field. A draft is the department's own work in progress and is not shown.
 */
export async function departmentResponses(
	db: Db,
	user: SessionUser,
	noticeId: string,
	departmentId: string
) {
	const notice = await readableNotice(db, user, noticeId);
	const recipient = await db.recipient.findFirst({
		where: { noticeId, departmentId },
		select: {
			department: {
				select: {
					name: true,
					function: true,
					organization: { select: { name: true, prefectureCode: true, kind: true } }
				}
			},
			acknowledgments: {
				where: { versionNumber: notice.currentVersionNumber },
				select: { createdAt: true }
			},
			responses: {
				select: {
					responseItemId: true,
					status: true,
					submissions: {
						orderBy: { number: 'desc' },
						take: 1,
						select: { number: true, data: true, submittedAt: true }
					}
				}
			}
		}
	});
	if (!recipient) throw notFound();
	const { ratesOfYear } = await grantRates(db);
	const items = dueItems(notice.responseItems, {
		bodyKind: recipient.department.organization.kind,
		function: recipient.department.function
	}).map((item) => {
		const response = recipient.responses.find((r) => r.responseItemId === item.id);
		const submission = response?.submissions[0] ?? null;
		const definition = itemFromRow(item);
		const answer = submission ? readAnswer(definition, submission.data) : null;
		const fiscalYear = answer?.fiscalYear;
		return {
			id: item.id,
			number: item.number,
			title: item.title,
			state: submission ? 'submitted' : response ? 'draft' : 'not_started',
			submittedAt: submission?.submittedAt ?? null,
			submissionNumber: submission?.number ?? null,
			summary: submission
				? summarizeAnswer(definition, submission.data, {
						grantLines: ratesOfYear(typeof fiscalYear === 'number' ? fiscalYear : 0)
					})
				: '',
			fields: answer ? describeAnswer(definition, answer) : []
		};
	});
	return {
		notice: { id: notice.id, title: notice.title },
		department: {
			organization: recipient.department.organization.name,
			prefectureCode: recipient.department.organization.prefectureCode,
			name: recipient.department.name
		},
		acknowledgedAt: recipient.acknowledgments[0]?.createdAt ?? null,
		items
	};
}
