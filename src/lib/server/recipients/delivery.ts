// What an issuer sees per recipient of a notice they manage: mailed (and the mail's state),
// viewed, acknowledged. Counts come from the same rows the table shows.
import type { Db } from '../db/client.ts';
import { readByIdInChunks } from '../db/chunks.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError, notFound } from '../errors.ts';
import { actor, record } from '../audit/index.ts';
import { resendFailed, resendMail } from '../mail/outbox.ts';
import { managedNotices } from '../notices/access.ts';
import { DUE_COLUMNS, dueItems, isInformationOnly, itemOverdue } from '../responses/due.ts';
import { todayInJapan } from '../../domain/dates.ts';

export type DeliveryRow = {
	recipientId: string;
	organization: string;
	prefectureCode: string | null;
	department: string;
	function: string;
	/** The newest message to this recipient (publication, correction…). */
	mail: {
		id: string;
		kind: string;
		versionNumber: number | null;
		status: string;
		attempts: number;
		lastError: string | null;
		sentAt: Date | null;
		nextAttemptAt: Date;
		hasAddress: boolean;
	} | null;
	firstViewedAt: Date | null;
	acknowledgedAt: Date | null;
	acknowledgedBy: string | null;
	/** Items this department must answer, and how many it has submitted. */
	itemsDue: number;
	itemsSubmitted: number;
	/** The deadline has passed with something still not submitted. */
	overdue: boolean;
	/** When the newest reminder (督促) to this department was queued, if it was ever reminded. */
	lastRemindedAt: Date | null;
};

export async function deliveryStatus(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date()
) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, managedNotices(user)] },
		select: {
			id: true,
			currentVersionNumber: true,
			status: true,
			versions: { select: { number: true, deadline: true } },
			responseItems: { select: { id: true, ...DUE_COLUMNS } }
		}
	});
	if (!notice) throw notFound();
	const deadline =
		notice.versions.find((v) => v.number === notice.currentVersionNumber)?.deadline ?? null;
	const today = todayInJapan(now);
	// A page of recipients at a time: their relations are loaded with an IN list of their ids.
	const recipients = await readByIdInChunks((after, take) =>
		db.recipient.findMany({
			where: { noticeId, ...after },
			orderBy: { id: 'asc' },
			take,
			select: {
				id: true,
				firstViewedAt: true,
				department: {
					select: {
						name: true,
						function: true,
						organization: {
							select: { name: true, kind: true, prefectureCode: true, localGovernmentCode: true }
						}
					}
				},
				mails: {
					orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
					take: 1,
					select: {
						id: true,
						kind: true,
						versionNumber: true,
						status: true,
						attempts: true,
						lastError: true,
						sentAt: true,
						nextAttemptAt: true,
						toAddresses: true
					}
				},
				acknowledgments: {
					where: { versionNumber: notice.currentVersionNumber },
					select: { createdAt: true, user: { select: { name: true } } }
				},
				responses: { where: { status: 'submitted' }, select: { responseItemId: true } }
			}
		})
	);
	// One grouped query for every row's last reminder, filtered by the notice through a join
	// (never a list of the recipients' ids).
	const reminded = await db.mail.groupBy({
		by: ['recipientId'],
		where: { kind: 'reminder', recipient: { is: { noticeId } } },
		_max: { createdAt: true }
	});
	const lastReminded = new Map(reminded.map((g) => [g.recipientId, g._max.createdAt]));
	const sortKey = (r: (typeof recipients)[number]) =>
		[
			r.department.organization.prefectureCode ?? '',
			r.department.organization.localGovernmentCode ?? '',
			r.department.function
		].join('/');
	const answered = (r: (typeof recipients)[number]) => {
		const due = dueItems(notice.responseItems, {
			bodyKind: r.department.organization.kind,
			function: r.department.function
		});
		const isSubmitted = (id: string) => r.responses.some((x) => x.responseItemId === id);
		return {
			itemsDue: due.length,
			itemsSubmitted: due.filter((i) => isSubmitted(i.id)).length,
			overdue: due.some((i) => !isSubmitted(i.id) && itemOverdue(i, deadline, today))
		};
	};
	const rows: DeliveryRow[] = recipients
		.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
		.map((r) => ({
			recipientId: r.id,
			organization: r.department.organization.name,
			prefectureCode: r.department.organization.prefectureCode,
			department: r.department.name,
			function: r.department.function,
			mail: r.mails[0]
				? (({ toAddresses, ...mail }) => ({
						...mail,
						// No address on record: resending cannot help until one is registered.
						hasAddress: toAddresses.trim() !== ''
					}))(r.mails[0])
				: null,
			firstViewedAt: r.firstViewedAt,
			acknowledgedAt: r.acknowledgments[0]?.createdAt ?? null,
			acknowledgedBy: r.acknowledgments[0]?.user.name ?? null,
			...answered(r),
			lastRemindedAt: lastReminded.get(r.id) ?? null
		}));
	const count = (pred: (r: DeliveryRow) => boolean) => rows.filter(pred).length;
	return {
		notice: { ...notice, informationOnly: isInformationOnly(notice) },
		rows,
		totals: {
			recipients: rows.length,
			mailed: count((r) => r.mail?.status === 'sent'),
			failed: count((r) => r.mail?.status === 'failed'),
			pending: count(
				(r) => r.mail !== null && ['queued', 'sending', 'retrying'].includes(r.mail.status)
			),
			viewed: count((r) => r.firstViewedAt !== null),
			acknowledged: count((r) => r.acknowledgedAt !== null),
			complete: count((r) => r.itemsDue > 0 && r.itemsSubmitted === r.itemsDue),
			overdue: count((r) => r.overdue)
		}
	};
}

/**
 * Sends the newest message to one recipient again when it failed (the issuer pressed 再送 on
 * its row). A message that was sent is never sent twice.
 */
export async function resendToRecipient(
	db: Db,
	user: SessionUser,
	noticeId: string,
	recipientId: string
) {
	const mail = await db.mail.findFirst({
		where: {
			recipientId,
			recipient: { notice: { AND: [{ id: noticeId }, managedNotices(user)] } }
		},
		orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
		select: { id: true, toAddresses: true }
	});
	if (!mail) throw notFound();
	if (mail.toAddresses === '')
		throw new UserError(
			409,
			'この部局にはメールアドレスが登録されていないため送信できません。 / No mail address.'
		);
	await db.$transaction(async (tx) => {
		// The outbox takes a database handle; inside the transaction its one update runs on tx.
		if (!(await resendMail(tx as Db, mail.id)))
			throw new UserError(
				409,
				'このメールは送信に失敗していないため再送しません。 / Not a failed mail.'
			);
		await record(tx, {
			...actor(user),
			action: 'mail.resend',
			objectType: 'mail',
			objectId: mail.id,
			before: { status: 'failed' },
			after: { status: 'queued' }
		});
	});
}

/** Queues again every failed message of a notice; returns how many. */
export async function resendAllFailed(db: Db, user: SessionUser, noticeId: string) {
	const managed = await db.notice.count({
		where: { AND: [{ id: noticeId }, managedNotices(user)] }
	});
	if (managed !== 1) throw notFound();
	return db.$transaction(async (tx) => {
		const count = await resendFailed(tx as Db, { noticeId });
		await record(tx, {
			...actor(user),
			action: 'mail.resend_failed',
			objectType: 'notice',
			objectId: noticeId,
			after: { count }
		});
		return count;
	});
}
