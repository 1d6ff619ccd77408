// National progress of a notice, read from the dashboards' rollup (reports/rollup.ts keeps it,
// reports/tallies.ts reads it), never by aggregating every recipient per request:
// recipients, acknowledged (current version), submitted per item, and the same by
// prefecture — a city or ward counts toward the prefecture it lies in.
// For issuers who manage the notice, viewers and admins.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError, notFound } from '../errors.ts';
import { reminderAudience } from '../recipients/reminders.ts';
import { managedNoticesSql, visibleNoticesSql } from '../notices/access-sql.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { isInformationOnly, itemOverdue } from '../responses/due.ts';
import {
	PREFECTURE_SCOPES,
	readTallies,
	recipientTotals,
	type NoticeTallies,
	type PrefectureScope
} from './tallies.ts';
import {
	readHeads,
	readHeadsAndTallies,
	type DashboardHead,
	type NoticeHead,
	type PageSql
} from './dashboard-read.ts';

/** Notices whose national progress this user may see (respondents none), as a condition on
 * the "Notice" row `n`. */
function readerSql(user: SessionUser) {
	const n = Prisma.raw('n');
	return user.role === 'issuer' ? managedNoticesSql(user, n) : visibleNoticesSql(user, n);
}

/** The page of one notice, if this user may read its progress (reports/dashboard-read.ts). */
function onePage(user: SessionUser, noticeId: string): PageSql {
	return Prisma.sql`SELECT n."id", 1 AS pos FROM "Notice" n
		WHERE n."id" = ${noticeId} AND ${readerSql(user)}`;
}

/** The newest open (published) notices this user may read, at most `limit`. */
function openPage(user: SessionUser, limit: number): PageSql {
	const newest = Prisma.sql`n."publishedAt" DESC NULLS FIRST, n."createdAt" DESC`;
	return Prisma.sql`SELECT n."id", ROW_NUMBER() OVER (ORDER BY ${newest}) AS pos
		FROM "Notice" n WHERE n."status" = 'published' AND ${readerSql(user)}
		ORDER BY ${newest} LIMIT ${limit}`;
}

/** The notice, if this user may see its national progress (respondents never). */
export async function readableNotice(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<NoticeHead> {
	if (user.role === 'respondent') throw notFound();
	const [notice] = await readHeads(db, onePage(user, noticeId));
	if (!notice) throw notFound();
	return notice;
}

/** What the figures below read of a notice (a readableNotice has more). */
type ReadableNotice = DashboardHead;

/** One notice's rollup (reports/tallies.ts). */
async function talliesOf(db: Db, notice: ReadableNotice, scope: PrefectureScope = 'all') {
	return (await readTallies(db, [notice.id], scope)).get(notice.id)!;
}

export async function noticeProgress(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date()
) {
	const notice = await readableNotice(db, user, noticeId);
	return progressOf(notice, await talliesOf(db, notice), todayInJapan(now));
}

/** National progress, read from the rollup: recipients, acknowledged (current version),
 * complete and overdue departments, and per item the departments it applies to and their
 * submitted and draft answers. */
function progressOf(notice: ReadableNotice, tallies: NoticeTallies, today: string) {
	const totals = recipientTotals(tallies, today);
	const pastDeadline = notice.deadline !== null && notice.deadline < today;
	const informationOnly = isInformationOnly(notice);
	const items = notice.responseItems.map((item) => {
		const f = tallies.items.get(item.id);
		const due = f?.due ?? 0;
		const submitted = f?.submitted ?? 0;
		const drafts = f?.drafts ?? 0;
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
		recipients: totals.recipients,
		acknowledged: totals.acknowledged,
		/** No items: the notice asks for receipt only, and nothing is "complete". */
		informationOnly,
		complete: totals.complete,
		deadline: notice.deadline,
		pastDeadline,
		/** Recipients with an item past its own deadline unsubmitted. */
		overdue: totals.overdue,
		items
	};
}
export type NoticeProgress = ReturnType<typeof progressOf>;

/**
 * Cumulative acknowledgments (of the current version) and first submissions per day, from the
 * day of publication to the later of the last event and the deadline (never past today).
 * The last point equals noticeProgress's acknowledged and the sum of its items' submitted.
 */
export async function progressTrend(db: Db, user: SessionUser, noticeId: string, now = new Date()) {
	const notice = await readableNotice(db, user, noticeId);
	return trendOf(notice, await talliesOf(db, notice), todayInJapan(now));
}

function trendOf(notice: ReadableNotice, tallies: NoticeTallies, today: string) {
	if (!notice.publishedAt) return [];
	const first = todayInJapan(notice.publishedAt);
	const days = tallies.days; // in day order (tallies.ts)
	let last = notice.deadline !== null && notice.deadline > first ? notice.deadline : first;
	if (days.length > 0 && days[days.length - 1].day > last) last = days[days.length - 1].day;
	if (last > today) last = today;
	return cumulativeByDay(first, last, days);
}
export type ProgressTrend = ReturnType<typeof trendOf>;

/** Two-digit day and month numbers, so stepping a day formats without building parts. */
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
const daysInMonth = (y: number, m: number) =>
	m === 2
		? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
			? 29
			: 28
		: m === 4 || m === 6 || m === 9 || m === 11
			? 30
			: 31;

/**
 * Running totals of acknowledgments and submissions for every day from first to last (events
 * before the first day count on the first day, after the last on the last: nothing is dropped).
 * One walk over the days beside one over the events (both in order): a notice open for years
 * has a trend of well over a thousand days, and the overview shapes twenty of them, so each day
 * costs its output point and nothing more (no Date, no map, no intermediate row).
 */
export function cumulativeByDay(
	first: string,
	last: string,
	events: readonly { day: string; acknowledged: number; submitted: number }[]
) {
	const points: { day: string; acknowledged: number; submitted: number }[] = [];
	let acknowledged = 0;
	let submitted = 0;
	let next = 0;
	let y = Number(first.slice(0, 4));
	let m = Number(first.slice(5, 7));
	let d = Number(first.slice(8, 10));
	for (let day = first; day <= last;) {
		// On the last day every remaining event counts (those after it included).
		const upTo = day === last ? null : day;
		while (next < events.length && (upTo === null || events[next].day <= upTo)) {
			acknowledged += events[next].acknowledged;
			submitted += events[next].submitted;
			next++;
		}
		points.push({ day, acknowledged, submitted });
		if (day === last) break;
		if (++d > daysInMonth(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		day = `${y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
	}
	return points;
}

export { PREFECTURE_SCOPES, type PrefectureScope };

/** Per prefecture (JIS code): recipients, acknowledged and complete (which does not depend
 * on the day), with its name. */
export async function prefectureProgress(
	db: Db,
	user: SessionUser,
	noticeId: string,
	scope: PrefectureScope = 'all'
) {
	const notice = await readableNotice(db, user, noticeId);
	const [tallies, names] = await Promise.all([talliesOf(db, notice, scope), prefectureNames(db)]);
	return prefecturesOf(tallies, names);
}

function prefecturesOf(tallies: NoticeTallies, names: Map<string, string>) {
	return tallies.prefectures.map((r) => ({
		prefectureCode: r.prefectureCode,
		name: names.get(r.prefectureCode) ?? r.prefectureCode,
		recipients: r.recipients,
		acknowledged: r.acknowledged,
		/** Departments that have submitted every item applying to them. */
		complete: r.complete
	}));
}

function dashboardOf(
	notice: ReadableNotice,
	tallies: NoticeTallies,
	names: Map<string, string>,
	now: Date
) {
	const today = todayInJapan(now); // once per panel (an Intl format; the overview shapes 20)
	return {
		notice: {
			id: notice.id,
			title: notice.title,
			status: notice.status,
			/** Prefectures are asked to forward it (its second layer: reports/forwarding.ts). */
			forwardable: notice.forwardable,
			deadline: notice.deadline,
			informationOnly: isInformationOnly(notice),
			items: notice.responseItems.map((i) => ({ id: i.id, number: i.number, title: i.title }))
		},
		progress: progressOf(notice, tallies, today),
		trend: trendOf(notice, tallies, today),
		prefectures: prefecturesOf(tallies, names)
	};
}

/** Everything a progress panel shows for one notice. */
export async function noticeDashboard(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date(),
	scope: PrefectureScope = 'all'
) {
	if (user.role === 'respondent') throw notFound();
	// The notice and its rollup in one statement: the rollup is read only for a notice that
	// passes the access rule (dashboard-read.ts), so nothing is returned for any other.
	const [{ heads, tallies }, names] = await Promise.all([
		readHeadsAndTallies(db, onePage(user, noticeId), scope),
		prefectureNames(db)
	]);
	const [notice] = heads;
	if (!notice) throw notFound();
	return dashboardOf(notice, tallies.get(noticeId)!, names, now);
}

/**
 * The overview: the progress panels of the newest open (published) notices this user may see,
 * at most `limit`, in a constant number of statements whatever their number of recipients.
 */
export async function openDashboards(
	db: Db,
	user: SessionUser,
	now = new Date(),
	scope: PrefectureScope = 'all',
	limit = 20
) {
	if (user.role === 'respondent') return [];
	// The page (access rule, order, limit), its notices and their rollup in one statement.
	const [{ heads, tallies }, names] = await Promise.all([
		readHeadsAndTallies(db, openPage(user, limit), scope),
		prefectureNames(db)
	]);
	return heads.map((n) => dashboardOf(n, tallies.get(n.id)!, names, now));
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

/**
 * Prefecture names by JIS code. They are reference data that do not change while the app runs
 * (47 rows loaded at start), so each database client keeps them in its process for a while
 * instead of reading them on every dashboard (one ORM statement each time).
 */
const NAMES_TTL_MS = 10 * 60_000;
const namesCache = new WeakMap<Db, { at: number; names: Promise<Map<string, string>> }>();
export function prefectureNames(db: Db) {
	const cached = namesCache.get(db);
	if (cached && Date.now() - cached.at < NAMES_TTL_MS) return cached.names;
	const names = db.organization
		.findMany({ where: { kind: 'prefecture' }, select: { prefectureCode: true, name: true } })
		.then((rows) => {
			// An empty read (a database before its reference data) is not kept.
			if (rows.length === 0) namesCache.delete(db);
			return new Map(rows.map((p) => [p.prefectureCode ?? '', p.name]));
		});
	names.catch(() => namesCache.delete(db));
	namesCache.set(db, { at: Date.now(), names });
	return names;
}
