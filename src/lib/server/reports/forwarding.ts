// The second layer (issue 13): per notice and prefecture, whether its departments forwarded the
// notice to their municipalities, when, to how many, and how many of those acknowledged the
// current version and completed every item that applies to them — plus the organizations outside
// government reached by the same forwardings. Read from the rollup (rollup.ts counts second-level
// recipients under scope `forwarded`) and the Forwarding table, in a constant number of grouped
// statements per page of notices, whatever the history.
//
// Who reads what: issuers who manage the notice, viewers and admins see every prefecture
// (progress.ts's readableNotice); a prefecture's department that is a first-level recipient sees
// its own forwarded recipients (forwardedAccess) — their status, never their answers' contents.
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { notFound } from '../errors.ts';
import { FIRST_LEVEL } from '../recipients/levels.ts';
import { DUE_COLUMNS, dueItems } from '../responses/due.ts';
import { prefectureNames, readableNotice } from './progress.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { pageOfList, type PageRequest } from '../../domain/paging.ts';
import {
	FORWARDED_STATUSES,
	forwardedStatusOf,
	type ForwardedFilter,
	type ForwardedStatus
} from '../../domain/second-layer.ts';

type Count = bigint | number | string | null;
const asNumber = (v: unknown) => Number(v ?? 0);

export type SecondLayerRow = {
	prefectureCode: string;
	/** The prefecture was a first-level recipient (its departments could forward). */
	addressed: boolean;
	forwarded: boolean;
	/** YYYY-MM-DD (Japan) of its first forwarding, or null. */
	firstForwardedOn: string | null;
	forwardings: number;
	recipients: number;
	acknowledged: number;
	complete: number;
	external: { recipients: number; acknowledged: number; answered: number };
};

const emptyRow = (prefectureCode: string): SecondLayerRow => ({
	prefectureCode,
	addressed: false,
	forwarded: false,
	firstForwardedOn: null,
	forwardings: 0,
	recipients: 0,
	acknowledged: 0,
	complete: 0,
	external: { recipients: 0, acknowledged: 0, answered: 0 }
});

/**
 * The second layer of each notice in `noticeIds` (a short list the caller bounds: one page), per
 * prefecture in code order: four grouped statements in all.
 */
export async function readSecondLayers(
	db: Db,
	noticeIds: readonly string[]
): Promise<Map<string, SecondLayerRow[]>> {
	const out = new Map<string, Map<string, SecondLayerRow>>(noticeIds.map((id) => [id, new Map()]));
	if (noticeIds.length > 0) {
		const ids = Prisma.join([...noticeIds]);
		const [addressed, forwardings, tallies, external] = await Promise.all([
			// The prefectures whose own departments the issuer addressed (first level).
			db.$queryRaw<{ noticeId: string; prefectureCode: string }[]>`
				SELECT DISTINCT t."noticeId" AS "noticeId", t."prefectureCode" AS "prefectureCode"
				FROM "ProgressTally" t
				WHERE t."noticeId" IN (${ids}) AND t."scope" = 'prefecture' AND t."recipients" > 0`,
			db.forwarding.groupBy({
				by: ['noticeId', 'prefectureCode'],
				where: { noticeId: { in: [...noticeIds] } },
				_min: { createdAt: true },
				_count: { _all: true }
			}),
			db.$queryRaw<
				{
					noticeId: string;
					prefectureCode: string;
					n: Count;
					acknowledged: Count;
					complete: Count;
				}[]
			>`
				SELECT t."noticeId" AS "noticeId", t."prefectureCode" AS "prefectureCode",
					SUM(t."recipients") AS n,
					SUM(CASE WHEN t."acknowledged" = 1 THEN t."recipients" ELSE 0 END) AS acknowledged,
					SUM(CASE WHEN t."state" = 'complete' THEN t."recipients" ELSE 0 END) AS complete
				FROM "ProgressTally" t
				WHERE t."noticeId" IN (${ids}) AND t."scope" = 'forwarded'
				GROUP BY t."noticeId", t."prefectureCode"`,
			db.$queryRaw<
				{
					noticeId: string;
					prefectureCode: string;
					n: Count;
					acknowledged: Count;
					answered: Count;
				}[]
			>`
				SELECT e."noticeId" AS "noticeId", f."prefectureCode" AS "prefectureCode", COUNT(*) AS n,
					COUNT(e."acknowledgedAt") AS acknowledged, COUNT(e."answeredAt") AS answered
				FROM "ExternalRecipient" e
				JOIN "Forwarding" f ON f."id" = e."forwardingId"
				WHERE e."noticeId" IN (${ids})
				GROUP BY e."noticeId", f."prefectureCode"`
		]);
		const row = (noticeId: string, code: string) => {
			const rows = out.get(noticeId)!;
			let r = rows.get(code);
			if (!r) rows.set(code, (r = emptyRow(code)));
			return r;
		};
		for (const a of addressed) row(a.noticeId, a.prefectureCode).addressed = true;
		for (const f of forwardings) {
			const r = row(f.noticeId, f.prefectureCode);
			r.forwarded = true;
			r.forwardings = f._count._all;
			r.firstForwardedOn = f._min.createdAt ? todayInJapan(f._min.createdAt) : null;
		}
		for (const t of tallies) {
			const r = row(t.noticeId, t.prefectureCode);
			r.recipients = asNumber(t.n);
			r.acknowledged = asNumber(t.acknowledged);
			r.complete = asNumber(t.complete);
		}
		for (const e of external)
			row(e.noticeId, e.prefectureCode).external = {
				recipients: asNumber(e.n),
				acknowledged: asNumber(e.acknowledged),
				answered: asNumber(e.answered)
			};
	}
	return new Map(
		[...out].map(([id, rows]) => [
			id,
			[...rows.values()].sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode))
		])
	);
}

/** Totals of a notice's second layer: prefectures addressed and forwarded, and their figures. */
export function secondLayerTotals(rows: readonly SecondLayerRow[]) {
	const sum = (f: (r: SecondLayerRow) => number) => rows.reduce((n, r) => n + f(r), 0);
	return {
		addressed: rows.filter((r) => r.addressed).length,
		forwarded: rows.filter((r) => r.forwarded).length,
		recipients: sum((r) => r.recipients),
		acknowledged: sum((r) => r.acknowledged),
		complete: sum((r) => r.complete),
		external: sum((r) => r.external.recipients),
		externalAcknowledged: sum((r) => r.external.acknowledged),
		externalAnswered: sum((r) => r.external.answered)
	};
}

/** The ministry's second layer of one notice, with prefecture names (null: not forwardable). */
export async function noticeSecondLayer(db: Db, user: SessionUser, noticeId: string) {
	await readableNotice(db, user, noticeId);
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: { forwardable: true }
	});
	if (!notice.forwardable) return null;
	const [rows, names] = await Promise.all([
		readSecondLayers(db, [noticeId]).then((m) => m.get(noticeId)!),
		prefectureNames(db)
	]);
	const named = rows.map((r) => ({ ...r, name: names.get(r.prefectureCode) ?? r.prefectureCode }));
	return { rows: named, totals: secondLayerTotals(rows) };
}
export type NoticeSecondLayer = NonNullable<Awaited<ReturnType<typeof noticeSecondLayer>>>;

/**
 * Who may see a notice's forwarded recipients, and which: `forwarder` — a user of a prefecture
 * department that is a first-level recipient of the forwardable notice (its own forwardings only,
 * and it may remind them); `reader` — the issuers who manage it, viewers and admins (every
 * prefecture, read-only). Anyone else: 404.
 */
export type ForwardedAccess =
	| {
			mode: 'forwarder';
			recipientId: string;
			prefectureCode: string;
			prefecture: string;
			department: string;
	  }
	| { mode: 'reader' };

export async function forwardedAccess(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<ForwardedAccess> {
	if (user.role !== 'respondent') {
		await readableNotice(db, user, noticeId);
		return { mode: 'reader' };
	}
	if (!user.departmentId) throw notFound();
	const own = await db.recipient.findFirst({
		where: {
			noticeId,
			departmentId: user.departmentId,
			...FIRST_LEVEL,
			department: { organization: { kind: 'prefecture' } },
			notice: { forwardable: true, status: { in: ['published', 'closed', 'withdrawn'] } }
		},
		select: {
			id: true,
			department: {
				select: { name: true, organization: { select: { name: true, prefectureCode: true } } }
			}
		}
	});
	if (!own || !own.department.organization.prefectureCode) throw notFound();
	return {
		mode: 'forwarder',
		recipientId: own.id,
		prefectureCode: own.department.organization.prefectureCode,
		prefecture: own.department.organization.name,
		department: own.department.name
	};
}

/** Which forwarded recipients a list covers: one department's forwardings, a prefecture's, all. */
export type ForwardedScope = { forwardedBy: string } | { prefectureCode: string } | { all: true };

function scopeSql(scope: ForwardedScope) {
	if ('forwardedBy' in scope) return Prisma.sql`f."recipientId" = ${scope.forwardedBy}`;
	if ('prefectureCode' in scope) return Prisma.sql`f."prefectureCode" = ${scope.prefectureCode}`;
	return Prisma.sql`1 = 1`;
}

export type ForwardedListRow = {
	recipientId: string;
	prefectureCode: string;
	organization: string;
	localGovernmentCode: string;
	department: string;
	forwardedOn: string;
	status: ForwardedStatus;
};

/**
 * Every forwarded recipient in `scope`, in code order, with its status from the rollup (a
 * recipient not counted yet is unacknowledged and open). Bounded by the departments of the
 * bodies reached (at most one recipient per department); screens show a page of it.
 */
export async function forwardedList(
	db: Db,
	noticeId: string,
	scope: ForwardedScope,
	filter: ForwardedFilter | null = null
): Promise<ForwardedListRow[]> {
	const rows = await db.$queryRaw<
		{
			recipientId: string;
			prefectureCode: string | null;
			organization: string;
			localGovernmentCode: string | null;
			department: string;
			forwardedAt: Date | string;
			ackDay: string | null;
			state: string | null;
		}[]
	>`
		SELECT r."id" AS "recipientId", o."prefectureCode" AS "prefectureCode",
			o."name" AS "organization", o."localGovernmentCode" AS "localGovernmentCode",
			d."name" AS "department", f."createdAt" AS "forwardedAt", t."ackDay" AS "ackDay",
			t."state" AS "state"
		FROM "Recipient" r
		JOIN "Forwarding" f ON f."id" = r."forwardingId"
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		LEFT JOIN "RecipientTally" t ON t."recipientId" = r."id"
		WHERE r."noticeId" = ${noticeId} AND ${scopeSql(scope)}
		ORDER BY COALESCE(o."prefectureCode", ''), COALESCE(o."localGovernmentCode", ''),
			d."function", r."id"`;
	return rows
		.map((r) => ({
			recipientId: r.recipientId,
			prefectureCode: r.prefectureCode ?? '',
			organization: r.organization,
			localGovernmentCode: r.localGovernmentCode ?? '',
			department: r.department,
			forwardedOn: todayInJapan(new Date(r.forwardedAt)),
			status: forwardedStatusOf({ ackDay: r.ackDay ?? '', state: r.state ?? 'open' })
		}))
		.filter((r) => filter === null || matchesFilter(r.status, filter));
}

function matchesFilter(status: ForwardedStatus, filter: ForwardedFilter) {
	if (filter === 'unacknowledged') return status === 'not_acknowledged';
	if (filter === 'unanswered') return status === 'acknowledged' || status === 'not_acknowledged';
	return status === 'answered' || status === 'acknowledged_only';
}

/**
 * The page's rows with how many of the items that apply to each it has submitted (its answers'
 * contents are its own and are never read here). `rows` is one page: the IN is bounded.
 */
export async function withItemCounts(db: Db, noticeId: string, rows: ForwardedListRow[]) {
	const [notice, recipients] = await Promise.all([
		db.notice.findUniqueOrThrow({
			where: { id: noticeId },
			select: {
				responseItems: { select: { id: true, ...DUE_COLUMNS } }
			}
		}),
		db.recipient.findMany({
			where: { noticeId, id: { in: rows.map((r) => r.recipientId) } },
			select: {
				id: true,
				department: { select: { function: true, organization: { select: { kind: true } } } },
				responses: { where: { status: 'submitted' }, select: { responseItemId: true } }
			}
		})
	]);
	const byId = new Map(recipients.map((r) => [r.id, r]));
	return rows.map((row) => {
		const r = byId.get(row.recipientId);
		const due = r
			? dueItems(notice.responseItems, {
					bodyKind: r.department.organization.kind,
					function: r.department.function
				})
			: [];
		const submitted = new Set(r?.responses.map((s) => s.responseItemId));
		return {
			...row,
			itemsDue: due.length,
			itemsSubmitted: due.filter((i) => submitted.has(i.id)).length
		};
	});
}

export { FORWARDED_STATUSES };

/** One page of the forwarded recipients in `scope` (filtered), with item counts, and the total. */
export async function forwardedPage(
	db: Db,
	noticeId: string,
	scope: ForwardedScope,
	filter: ForwardedFilter | null,
	request: PageRequest
) {
	const list = await forwardedList(db, noticeId, scope, filter);
	const { rows, page } = pageOfList(list, request, (r) => r.recipientId);
	return { rows: await withItemCounts(db, noticeId, rows), page, total: list.length };
}

/** The notice as the forwarded page heads it: title, status, whether it may be reminded. */
export async function forwardedNotice(db: Db, noticeId: string) {
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: {
			id: true,
			status: true,
			currentVersionNumber: true,
			versions: { select: { number: true, title: true } }
		}
	});
	return {
		id: notice.id,
		status: notice.status,
		title: notice.versions.find((v) => v.number === notice.currentVersionNumber)?.title ?? ''
	};
}
