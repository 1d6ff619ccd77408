// A respondent's home: what its own department still has to do — notices to acknowledge and
// items to submit — nearest deadline first. Only the signed-in user's department, only
// published notices (a closed or withdrawn notice asks nothing any more).
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import {
	DUE_COLUMNS,
	dueItems,
	itemDeadline,
	itemOverdue,
	nearestDeadline
} from '../responses/due.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { businessDaysBetween } from '../../domain/business-days.ts';

export type ItemState = 'submitted' | 'draft' | 'not_started';

export async function openItems(db: Db, user: SessionUser, now = new Date()) {
	if (user.role !== 'respondent' || !user.departmentId)
		return { department: '', today: todayInJapan(now), notices: [] };
	const departmentId = user.departmentId;
	const department = await db.department.findUnique({
		where: { id: departmentId },
		select: { name: true, function: true, organization: { select: { name: true, kind: true } } }
	});
	const recipients = await db.recipient.findMany({
		where: { departmentId, notice: { status: 'published' } },
		select: {
			acknowledgments: { select: { versionNumber: true } },
			responses: { select: { responseItemId: true, status: true } },
			notice: {
				select: {
					id: true,
					currentVersionNumber: true,
					versions: { select: { number: true, title: true, deadline: true } },
					responseItems: {
						orderBy: { number: 'asc' },
						select: { id: true, number: true, title: true, ...DUE_COLUMNS }
					}
				}
			}
		}
	});
	const today = todayInJapan(now);
	const ref = department
		? { bodyKind: department.organization.kind, function: department.function }
		: null;
	const open = recipients.map((r) => {
		const notice = r.notice;
		const version = notice.versions.find((v) => v.number === notice.currentVersionNumber);
		const noticeDeadline = version?.deadline ?? null;
		const items = dueItems(notice.responseItems, ref).map((i) => {
			const status = r.responses.find((x) => x.responseItemId === i.id)?.status;
			const state: ItemState =
				status === 'submitted' ? 'submitted' : status === 'draft' ? 'draft' : 'not_started';
			return {
				id: i.id,
				number: i.number,
				title: i.title,
				state,
				deadline: itemDeadline(i, noticeDeadline),
				overdue: state !== 'submitted' && itemOverdue(i, noticeDeadline, today)
			};
		});
		const left = items.filter((i) => i.state !== 'submitted');
		// The nearest deadline among what is left (the notice's own when nothing is left).
		const deadline = left.length > 0 ? nearestDeadline(left, null) : noticeDeadline;
		return {
			noticeId: notice.id,
			title: version?.title ?? '',
			deadline,
			/** An item left is past its own deadline (the day itself still counts as in time). */
			overdue: left.some((i) => i.overdue),
			/**
			 * Business days (土日祝 and 12/29–1/3 skipped) to the deadline, or past it when overdue:
			 * the count the respond page shows too.
			 */
			businessDays: deadline === null ? null : Math.abs(businessDaysBetween(today, deadline)),
			acknowledged: r.acknowledgments.some((a) => a.versionNumber === notice.currentVersionNumber),
			items,
			itemsLeft: items.filter((i) => i.state !== 'submitted').length
		};
	});
	const notices = open
		.filter((n) => !n.acknowledged || n.itemsLeft > 0)
		.sort(
			(a, b) =>
				(a.deadline ?? '9999-12-31').localeCompare(b.deadline ?? '9999-12-31') ||
				a.title.localeCompare(b.title, 'ja')
		);
	return {
		department: department ? `${department.organization.name} ${department.name}` : '',
		today,
		notices
	};
}
