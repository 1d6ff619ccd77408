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
					functions: true,
					deadline: true,
					definition: true
				}
			}
		}
	});
	if (!notice) throw notFound();
	const current = notice.versions.find((v) => v.number === notice.currentVersionNumber);
	return { ...notice, title: current?.title ?? '', deadline: current?.deadline ?? null };
}

const asNumber = (v: unknown) => Number(v ?? 0);
const functionsOf = (functions: unknown) =>
	Array.isArray(functions) ? (functions as string[]) : [];

type ReadableNotice = Awaited<ReturnType<typeof readableNotice>>;

type CompletionGroup = {
	prefectureCode: string;
	function: string;
	submitted: bigint | number;
	n: bigint | number;
};

/**
 * How many recipients of each prefecture and function have submitted how many items: a
 * handful of rows however many recipients there are (responses exist only for items that
 * apply). `only` narrows the organizations (a fragment on `o`).
 */
function completionGroups(db: Db, noticeId: string, only: Prisma.Sql) {
	return db.$queryRaw<CompletionGroup[]>`
		SELECT o."prefectureCode" AS "prefectureCode", d."function" AS "function",
			x.submitted AS submitted, COUNT(*) AS n
		FROM (
			SELECT r."departmentId" AS "departmentId",
				SUM(CASE WHEN s."status" = 'submitted' THEN 1 ELSE 0 END) AS submitted
			FROM "Recipient" r LEFT JOIN "Response" s ON s."recipientId" = r."id"
			WHERE r."noticeId" = ${noticeId}
			GROUP BY r."id", r."departmentId"
		) x
		JOIN "Department" d ON d."id" = x."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE 1 = 1 ${only}
		GROUP BY o."prefectureCode", d."function", x.submitted`;
}

/** Recipients that have submitted every item applying to them, among the given groups. */
function completeIn(notice: ReadableNotice, groups: CompletionGroup[]) {
	const itemsDueFor = (fn: string) =>
		notice.responseItems.filter((i) => {
			const functions = functionsOf(i.functions);
			return functions.length === 0 || functions.includes(fn);
		}).length;
	return groups
		.filter((g) => asNumber(g.submitted) >= itemsDueFor(g.function))
		.reduce((sum, g) => sum + asNumber(g.n), 0);
}

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
	const [recipients, acknowledged, byFunction, byStatus, perRecipient] = await Promise.all([
		db.recipient.count({ where: { noticeId } }),
		db.acknowledgment.count({
			where: { recipient: { noticeId }, versionNumber: notice.currentVersionNumber }
		}),
		db.$queryRaw<{ function: string; n: bigint | number }[]>`
			SELECT d."function" AS "function", COUNT(*) AS n
			FROM "Recipient" r JOIN "Department" d ON d."id" = r."departmentId"
			WHERE r."noticeId" = ${noticeId}
			GROUP BY d."function"`,
		db.response.groupBy({
			by: ['responseItemId', 'status'],
			where: { recipient: { noticeId } },
			_count: { _all: true }
		}),
		completionGroups(db, noticeId, Prisma.empty)
	]);
	const recipientsOf = new Map(byFunction.map((f) => [f.function, asNumber(f.n)]));
	const count = (itemId: string, status: string) =>
		byStatus.find((s) => s.responseItemId === itemId && s.status === status)?._count._all ?? 0;
	const pastDeadline = notice.deadline !== null && notice.deadline < todayInJapan(now);
	const complete = completeIn(notice, perRecipient);
	const items = notice.responseItems.map((item) => {
		const functions = functionsOf(item.functions);
		const due =
			functions.length === 0
				? recipients
				: functions.reduce((sum, f) => sum + (recipientsOf.get(f) ?? 0), 0);
		const submitted = count(item.id, 'submitted');
		const drafts = count(item.id, 'draft');
		return {
			id: item.id,
			number: item.number,
			title: item.title,
			kind: item.kind,
			due,
			submitted,
			drafts,
			notStarted: due - submitted - drafts,
			overdue: pastDeadline ? due - submitted : 0
		};
	});
	return {
		recipients,
		acknowledged,
		complete,
		deadline: notice.deadline,
		pastDeadline,
		overdue: pastDeadline ? recipients - complete : 0,
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
				LEFT JOIN "ResponseSubmission" sub ON sub."responseId" = s."id"
				WHERE r."noticeId" = ${noticeId} AND s."status" = 'submitted'
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
	scope: PrefectureScope = 'all'
) {
	return prefecturesOf(db, await readableNotice(db, user, noticeId), scope);
}

async function prefecturesOf(db: Db, notice: ReadableNotice, scope: PrefectureScope) {
	const noticeId = notice.id;
	const only =
		scope === 'prefecture'
			? Prisma.sql`AND o."kind" = 'prefecture'`
			: scope === 'municipal'
				? Prisma.sql`AND o."kind" <> 'prefecture'`
				: Prisma.empty;
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
		completionGroups(db, noticeId, only),
		prefectureNames(db)
	]);
	return rows.map((r) => ({
		prefectureCode: r.prefectureCode,
		name: names.get(r.prefectureCode) ?? r.prefectureCode,
		recipients: asNumber(r.recipients),
		acknowledged: asNumber(r.acknowledged),
		/** Departments that have submitted every item applying to them. */
		complete: completeIn(
			notice,
			groups.filter((g) => g.prefectureCode === r.prefectureCode)
		)
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
		prefecturesOf(db, notice, scope)
	]);
	return {
		notice: {
			id: notice.id,
			title: notice.title,
			status: notice.status,
			deadline: notice.deadline,
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
	const [places, prefectures] = await Promise.all([
		db.recipient.findMany({
			where: { id: { in: audience.map((a) => a.recipientId) } },
			select: {
				id: true,
				department: { select: { organization: { select: { prefectureCode: true } } } }
			}
		}),
		prefectureNames(db)
	]);
	const prefectureOf = new Map(
		places.map((p) => [p.id, p.department.organization.prefectureCode ?? ''])
	);
	return audience
		.map((a) => {
			const code = prefectureOf.get(a.recipientId) ?? '';
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
