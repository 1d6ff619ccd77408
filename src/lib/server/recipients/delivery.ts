// What an issuer sees per recipient of a notice they manage: mailed (and the mail's state),
// viewed, acknowledged. The totals count every recipient by the same rules; the table is paged.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError, notFound } from '../errors.ts';
import { actor, record } from '../audit/index.ts';
import { resendFailed, resendMail } from '../mail/outbox.ts';
import { managedNotices } from '../notices/access.ts';
import { DUE_COLUMNS, dueItems, isInformationOnly, itemOverdue } from '../responses/due.ts';
import { todayInJapan } from '../../domain/dates.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { keysetWalk, pageSizeFor, type SortKey } from '../db/keyset.ts';
import { PAGE_SIZE, pageOfList, type PageRequest } from '../../domain/paging.ts';
import { inIdOrder, recipientIdsInOrder } from './order.ts';
import { FIRST_LEVEL } from './levels.ts';

const BY_ID: SortKey[] = [{ path: ['id'], dir: 'asc', type: 'string' }];

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
	/** The department's addresses marked as failing (a permanent refusal: addresses/failures.ts). */
	failingAddresses: string[];
};

async function managedNotice(db: Db, user: SessionUser, noticeId: string) {
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
	return { ...notice, deadline };
}

type ManagedNotice = Awaited<ReturnType<typeof managedNotice>>;

/** Items due, submitted and overdue for one recipient (the rule is responses/due.ts's). */
function answered(
	notice: ManagedNotice,
	today: string,
	r: {
		department: { function: string; organization: { kind: string } };
		responses: { responseItemId: string }[];
	}
) {
	const due = dueItems(notice.responseItems, {
		bodyKind: r.department.organization.kind,
		function: r.department.function
	});
	const isSubmitted = (id: string) => r.responses.some((x) => x.responseItemId === id);
	return {
		itemsDue: due.length,
		itemsSubmitted: due.filter((i) => isSubmitted(i.id)).length,
		overdue: due.some((i) => !isSubmitted(i.id) && itemOverdue(i, notice.deadline, today))
	};
}

/** Rows of the delivery table for these recipients (a page's ids: the IN is bounded). */
async function readRows(db: Db, notice: ManagedNotice, today: string, ids: string[]) {
	const recipients = await db.recipient.findMany({
		where: { noticeId: notice.id, id: { in: ids } },
		select: {
			id: true,
			firstViewedAt: true,
			department: {
				select: {
					name: true,
					function: true,
					emails: { where: { failedAt: { not: null } }, select: { address: true } },
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
	});
	// The newest reminder of each row: one grouped query, filtered by the notice through a join
	// (never a list of the recipients' ids).
	const reminded = await db.mail.groupBy({
		by: ['recipientId'],
		where: { kind: 'reminder', recipient: { is: { noticeId: notice.id } } },
		_max: { createdAt: true }
	});
	const lastReminded = new Map(reminded.map((g) => [g.recipientId, g._max.createdAt]));
	return recipients.map((r) => ({
		id: r.id,
		row: {
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
			...answered(notice, today, r),
			lastRemindedAt: lastReminded.get(r.id) ?? null,
			failingAddresses: r.department.emails.map((e) => e.address)
		} satisfies DeliveryRow
	}));
}

/**
 * The counts above the table, over every recipient of the notice (a notice has at most one
 * per department): read with only the columns they need.
 */
async function deliveryTotals(db: Db, notice: ManagedNotice, today: string) {
	const read = (args: { where: unknown; orderBy: unknown; take: number }) =>
		db.recipient.findMany({
			where: {
				AND: [{ noticeId: notice.id, ...FIRST_LEVEL }, args.where as Prisma.RecipientWhereInput]
			},
			orderBy: args.orderBy as Prisma.RecipientOrderByWithRelationInput[],
			take: args.take,
			select: {
				id: true,
				firstViewedAt: true,
				department: { select: { function: true, organization: { select: { kind: true } } } },
				mails: {
					orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
					take: 1,
					select: { status: true }
				},
				acknowledgments: {
					where: { versionNumber: notice.currentVersionNumber },
					select: { versionNumber: true }
				},
				responses: { where: { status: 'submitted' }, select: { responseItemId: true } }
			}
		});
	// In keyset pages by id (order does not matter for counting): a page's relations are loaded
	// by its ids, which must stay below SQLite's bound-parameter limit (5,400 fail with P2029).
	const recipients = keysetWalk(BY_ID, read, pageSizeFor(notice.responseItems.length));
	const totals = {
		recipients: 0,
		mailed: 0,
		failed: 0,
		pending: 0,
		viewed: 0,
		acknowledged: 0,
		complete: 0,
		overdue: 0
	};
	for await (const r of recipients) {
		totals.recipients++;
		const mail = r.mails[0]?.status;
		if (mail === 'sent') totals.mailed++;
		if (mail === 'failed') totals.failed++;
		if (mail && ['queued', 'sending', 'retrying'].includes(mail)) totals.pending++;
		if (r.firstViewedAt !== null) totals.viewed++;
		if (r.acknowledgments.length > 0) totals.acknowledged++;
		const a = answered(notice, today, r);
		if (a.itemsDue > 0 && a.itemsSubmitted === a.itemsDue) totals.complete++;
		if (a.overdue) totals.overdue++;
	}
	return totals;
}

/** One page of the delivery table, and the totals over all its recipients. */
export async function deliveryPage(
	db: Db,
	user: SessionUser,
	noticeId: string,
	request: PageRequest,
	now = new Date(),
	size = PAGE_SIZE
) {
	const notice = await managedNotice(db, user, noticeId);
	const today = todayInJapan(now);
	const { rows: ids, page } = pageOfList(
		await recipientIdsInOrder(db, notice.id),
		request,
		(id) => id,
		size
	);
	const [rows, totals] = await Promise.all([
		inIdOrder(ids, size, (chunk) => readRows(db, notice, today, chunk)),
		deliveryTotals(db, notice, today)
	]);
	const shown: DeliveryRow[] = [];
	for await (const r of rows) shown.push(r.row);
	return {
		notice: { ...notice, informationOnly: isInformationOnly(notice) },
		rows: shown,
		page,
		totals
	};
}

/**
 * Every row and the totals: for checks and tests. A notice has at most one recipient per
 * department, so this is bounded (~5,400), but pages use deliveryPage.
 */
export async function deliveryStatus(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date()
) {
	const notice = await managedNotice(db, user, noticeId);
	const today = todayInJapan(now);
	const rows: DeliveryRow[] = [];
	for await (const r of inIdOrder(
		await recipientIdsInOrder(db, notice.id),
		pageSizeFor(notice.responseItems.length),
		(chunk) => readRows(db, notice, today, chunk)
	))
		rows.push(r.row);
	return {
		notice: { ...notice, informationOnly: isInformationOnly(notice) },
		rows,
		totals: await deliveryTotals(db, notice, today)
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
