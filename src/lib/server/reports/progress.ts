// National progress of a notice, aggregated in the database (grouped queries), never by
// loading every row into Node: recipients, acknowledged (current version), submitted per item,
// and the same by prefecture — a city or ward counts toward the prefecture it lies in.
// For issuers who manage the notice, viewers and admins.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError, notFound } from '../errors.ts';
import { reminderAudience } from '../recipients/reminders.ts';
import { managedNotices, visibleNotices } from '../notices/access.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb } from '../db/client.ts';
import { addDays, todayInJapan } from '../../domain/dates.ts';
import {
	DUE_COLUMNS,
	appliesSql,
	isInformationOnly,
	itemOverdue,
	recipientDueSql
} from '../responses/due.ts';

/** The notice, if this user may see its national progress (respondents never). */
export async function readableNotice(db: Db, user: SessionUser, noticeId: string) {
	if (user.role === 'respondent') throw notFound();
	const where = user.role === 'issuer' ? managedNotices(user) : visibleNotices(user);
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, where] },
		select: {
			id: true,
			status: true,
			publishedAt: true,
			currentVersionNumber: true,
			versions: { select: { number: true, deadline: true, title: true } },
			responseItems: {
				orderBy: { number: 'asc' },
				select: {
					id: true,
					number: true,
					title: true,
					kind: true,
					definition: true,
					...DUE_COLUMNS
				}
			}
		}
	});
	if (!notice) throw notFound();
	const current = notice.versions.find((v) => v.number === notice.currentVersionNumber);
	return { ...notice, title: current?.title ?? '', deadline: current?.deadline ?? null };
}

const asNumber = (v: unknown) => Number(v ?? 0);
type Count = bigint | number | string | null;

type ReadableNotice = Awaited<ReturnType<typeof readableNotice>>;

type CompletionGroup = {
	prefectureCode: string;
	complete: bigint | number;
	overdue: bigint | number;
};

/**
 * Per prefecture: how many recipients have submitted every item that applies to them (and at
 * least one applies), and how many have an item past its deadline unsubmitted — one grouped
 * query over responses/due.ts's per-recipient fragment. `only` narrows the organizations (a
 * fragment on `x`).
 */
function completionGroups(db: Db, notice: ReadableNotice, today: string, only: Prisma.Sql) {
	return db.$queryRaw<CompletionGroup[]>`
		SELECT x."prefectureCode" AS "prefectureCode",
			SUM(CASE WHEN x.due > 0 AND x.submitted >= x.due THEN 1 ELSE 0 END) AS complete,
			SUM(CASE WHEN x.overdue > 0 THEN 1 ELSE 0 END) AS overdue
		FROM (${recipientDueSql(db, notice, today)}) x
		WHERE 1 = 1 ${only}
		GROUP BY x."prefectureCode"`;
}

const sumOf = (groups: CompletionGroup[], key: 'complete' | 'overdue') =>
	groups.reduce((sum, g) => sum + asNumber(g[key]), 0);

export async function noticeProgress(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date()
) {
	return progressOf(db, await readableNotice(db, user, noticeId), now);
}

async function progressOf(db: Db, notice: ReadableNotice, now: Date) {
	const noticeId = notice.id;
	const today = todayInJapan(now);
	const [recipients, acknowledged, byItem, groups] = await Promise.all([
		db.recipient.count({ where: { noticeId } }),
		db.acknowledgment.count({
			where: { recipient: { noticeId }, versionNumber: notice.currentVersionNumber }
		}),
		// Per item: the recipients it applies to, and their submitted and draft answers (an
		// answer from a department the item no longer applies to is not counted, as in the CSV).
		db.$queryRaw<{ itemId: string; n: Count; submitted: Count; drafts: Count }[]>`
			SELECT i."id" AS "itemId", COUNT(*) AS n,
				SUM(CASE WHEN s."status" = 'submitted' THEN 1 ELSE 0 END) AS submitted,
				SUM(CASE WHEN s."status" = 'draft' THEN 1 ELSE 0 END) AS drafts
			FROM "ResponseItem" i
			JOIN "Recipient" r ON r."noticeId" = i."noticeId"
			JOIN "Department" d ON d."id" = r."departmentId"
			JOIN "Organization" o ON o."id" = d."organizationId"
			LEFT JOIN "Response" s ON s."responseItemId" = i."id" AND s."recipientId" = r."id"
			WHERE i."noticeId" = ${noticeId} AND ${appliesSql(db)}
			GROUP BY i."id"`,
		completionGroups(db, notice, today, Prisma.empty)
	]);
	const figures = new Map(byItem.map((d) => [d.itemId, d]));
	const pastDeadline = notice.deadline !== null && notice.deadline < today;
	const informationOnly = isInformationOnly(notice);
	const complete = sumOf(groups, 'complete');
	const items = notice.responseItems.map((item) => {
		const f = figures.get(item.id);
		const due = asNumber(f?.n);
		const submitted = asNumber(f?.submitted);
		const drafts = asNumber(f?.drafts);
		return {
			id: item.id,
			number: item.number,
			title: item.title,
			kind: item.kind,
			deadline: item.deadline ?? notice.deadline,
			due,
			submitted,
			drafts,
			notStarted: due - submitted - drafts,
			overdue: itemOverdue(item, notice.deadline, today) ? due - submitted : 0
		};
	});
	return {
		recipients,
		acknowledged,
		/** No items: the notice asks for receipt only, and nothing is "complete". */
		informationOnly,
		complete,
		deadline: notice.deadline,
		pastDeadline,
		/** Recipients with an item past its own deadline unsubmitted. */
		overdue: sumOf(groups, 'overdue'),
		items
	};
}
export type NoticeProgress = Awaited<ReturnType<typeof progressOf>>;

/** The calendar day in Japan of a timestamp column, as YYYY-MM-DD, in each database's SQL. */
function dayInJapan(db: Db, column: string) {
	const col = Prisma.raw(column);
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`to_char(${col} + interval '9 hours', 'YYYY-MM-DD')`
		: Prisma.sql`date(${col}, '+9 hours')`;
}

/**
 * Cumulative acknowledgments (of the current version) and first submissions per day, from the
 * day of publication to the later of the last event and the deadline (never past today).
 * The last point equals noticeProgress's acknowledged and the sum of its items' submitted.
 */
export async function progressTrend(db: Db, user: SessionUser, noticeId: string, now = new Date()) {
	return trendOf(db, await readableNotice(db, user, noticeId), now);
}

async function trendOf(db: Db, notice: ReadableNotice, now: Date) {
	const noticeId = notice.id;
	if (!notice.publishedAt) return [];
	const [acknowledgments, submissions] = await Promise.all([
		db.$queryRaw<{ day: string; n: bigint | number }[]>`
			SELECT ${dayInJapan(db, 'a."createdAt"')} AS day, COUNT(*) AS n
			FROM "Acknowledgment" a JOIN "Recipient" r ON r."id" = a."recipientId"
			WHERE r."noticeId" = ${noticeId} AND a."versionNumber" = ${notice.currentVersionNumber}
			GROUP BY 1`,
		// A response counts from its first submission; revisions do not count again.
		db.$queryRaw<{ day: string; n: bigint | number }[]>`
			SELECT ${dayInJapan(db, 'x."firstAt"')} AS day, COUNT(*) AS n
			FROM (
				SELECT COALESCE(MIN(sub."submittedAt"), s."submittedAt") AS "firstAt"
				FROM "Response" s
				JOIN "Recipient" r ON r."id" = s."recipientId"
				JOIN "ResponseItem" i ON i."id" = s."responseItemId"
				JOIN "Department" d ON d."id" = r."departmentId"
				JOIN "Organization" o ON o."id" = d."organizationId"
				LEFT JOIN "ResponseSubmission" sub ON sub."responseId" = s."id"
				WHERE r."noticeId" = ${noticeId} AND s."status" = 'submitted' AND ${appliesSql(db)}
				GROUP BY s."id", s."submittedAt"
			) x
			GROUP BY 1`
	]);
	const today = todayInJapan(now);
	const first = todayInJapan(notice.publishedAt);
	const days = [...acknowledgments, ...submissions].map((r) => r.day);
	let last = [first, notice.deadline ?? first, ...days].reduce((a, b) => (b > a ? b : a));
	if (last > today) last = today;
	return cumulativeByDay(first, last, [
		new Map(acknowledgments.map((r) => [r.day, asNumber(r.n)])),
		new Map(submissions.map((r) => [r.day, asNumber(r.n)]))
	]).map(([day, acknowledged, submitted]) => ({ day, acknowledged, submitted }));
}
export type ProgressTrend = Awaited<ReturnType<typeof trendOf>>;

/** [day, running total of each series…] for every day from first to last (events before
 * the first day count on the first day, after the last on the last: nothing is dropped). */
function cumulativeByDay(first: string, last: string, series: Map<string, number>[]) {
	const totals = series.map(() => 0);
	const rows: [string, ...number[]][] = [];
	for (let day = first; day <= last; day = addDays(day, 1)) {
		series.forEach((s, i) => {
			for (const [d, n] of s) {
				const inDay = d === day || (day === first && d < first) || (day === last && d > last);
				if (inDay) totals[i] += n;
			}
		});
		rows.push([day, ...totals]);
	}
	return rows;
}

/** Whose recipients a prefecture's figures count: all bodies in it, its own departments, or
 * only the cities and wards inside it (which by default count toward it). */
export const PREFECTURE_SCOPES = ['all', 'prefecture', 'municipal'] as const;
export type PrefectureScope = (typeof PREFECTURE_SCOPES)[number];

/** Per prefecture (JIS code): recipients, acknowledged and complete, with its name. */
export async function prefectureProgress(
	db: Db,
	user: SessionUser,
	noticeId: string,
	scope: PrefectureScope = 'all',
	now = new Date()
) {
	return prefecturesOf(db, await readableNotice(db, user, noticeId), scope, now);
}

async function prefecturesOf(db: Db, notice: ReadableNotice, scope: PrefectureScope, now: Date) {
	const noticeId = notice.id;
	const on = (column: string) =>
		scope === 'prefecture'
			? Prisma.sql`AND ${Prisma.raw(column)} = 'prefecture'`
			: scope === 'municipal'
				? Prisma.sql`AND ${Prisma.raw(column)} <> 'prefecture'`
				: Prisma.empty;
	const only = on('o."kind"');
	const counts = db.$queryRaw<
		{ prefectureCode: string; recipients: bigint | number; acknowledged: bigint | number }[]
	>`
		SELECT o."prefectureCode" AS "prefectureCode",
			COUNT(*) AS recipients,
			COUNT(a."id") AS acknowledged
		FROM "Recipient" r
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		LEFT JOIN "Acknowledgment" a
			ON a."recipientId" = r."id" AND a."versionNumber" = ${notice.currentVersionNumber}
		WHERE r."noticeId" = ${noticeId} ${only}
		GROUP BY o."prefectureCode"
		ORDER BY o."prefectureCode"`;
	const [rows, groups, names] = await Promise.all([
		counts,
		completionGroups(db, notice, todayInJapan(now), on('x."bodyKind"')),
		prefectureNames(db)
	]);
	return rows.map((r) => ({
		prefectureCode: r.prefectureCode,
		name: names.get(r.prefectureCode) ?? r.prefectureCode,
		recipients: asNumber(r.recipients),
		acknowledged: asNumber(r.acknowledged),
		/** Departments that have submitted every item applying to them. */
		complete: asNumber(groups.find((g) => g.prefectureCode === r.prefectureCode)?.complete)
	}));
}

/** Everything a progress panel shows for one notice. */
export async function noticeDashboard(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date(),
	scope: PrefectureScope = 'all'
) {
	const notice = await readableNotice(db, user, noticeId);
	const [progress, trend, prefectures] = await Promise.all([
		progressOf(db, notice, now),
		trendOf(db, notice, now),
		prefecturesOf(db, notice, scope, now)
	]);
	return {
		notice: {
			id: notice.id,
			title: notice.title,
			status: notice.status,
			deadline: notice.deadline,
			informationOnly: isInformationOnly(notice),
			items: notice.responseItems.map((i) => ({ id: i.id, number: i.number, title: i.title }))
		},
		progress,
		trend,
		prefectures
	};
}

/**
 * Departments that have not submitted an item (or, without one, any item that applies to
 * them): the same audience a reminder would reach, so "remind these" sends to exactly them.
 */
export async function nonResponders(
	db: Db,
	user: SessionUser,
	noticeId: string,
	itemId: string | null
) {
	const notice = await readableNotice(db, user, noticeId);
	if (itemId && !notice.responseItems.some((i) => i.id === itemId))
		throw new UserError(404, '回答項目が見つかりません。');
	const audience = await reminderAudience(db, noticeId, itemId);
	// Listed by prefecture (a city or ward under its own), so a long national list can be read.
	const prefectures = await prefectureNames(db);
	return audience
		.map((a) => {
			const code = a.prefectureCode ?? '';
			return {
				recipientId: a.recipientId,
				name: a.name,
				prefectureCode: code,
				prefecture: prefectures.get(code) ?? ''
			};
		})
		.sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode));
}

async function prefectureNames(db: Db) {
	const rows = await db.organization.findMany({
		where: { kind: 'prefecture' },
		select: { prefectureCode: true, name: true }
	});
	return new Map(rows.map((p) => [p.prefectureCode ?? '', p.name]));
}
