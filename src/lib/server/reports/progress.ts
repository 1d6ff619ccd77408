// National progress of a notice, read from the dashboards' rollup (reports/rollup.ts keeps it,
// reports/tallies.ts reads it), never by aggregating every recipient per request:
// recipients, acknowledged (current version), submitted per item, and the same by
// prefecture — a city or ward counts toward the prefecture it lies in.
// For issuers who manage the notice, viewers and admins.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError, notFound } from '../errors.ts';
import { reminderAudience } from '../recipients/reminders.ts';
import { managedNotices, visibleNotices } from '../notices/access.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { DUE_COLUMNS, isInformationOnly, itemOverdue } from '../responses/due.ts';
import {
	PREFECTURE_SCOPES,
	readTallies,
	recipientTotals,
	type NoticeTallies,
	type PrefectureScope
} from './tallies.ts';

const NOTICE_SELECT = {
	id: true,
	status: true,
	forwardable: true,
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
} satisfies Prisma.NoticeSelect;

/** Notices whose national progress this user may see (respondents none). */
function readerWhere(user: SessionUser) {
	return user.role === 'issuer' ? managedNotices(user) : visibleNotices(user);
}

function withCurrentVersion<
	T extends {
		currentVersionNumber: number;
		versions: { number: number; deadline: string | null; title: string }[];
	}
>(notice: T) {
	const current = notice.versions.find((v) => v.number === notice.currentVersionNumber);
	return { ...notice, title: current?.title ?? '', deadline: current?.deadline ?? null };
}

/** The notice, if this user may see its national progress (respondents never). */
export async function readableNotice(db: Db, user: SessionUser, noticeId: string) {
	if (user.role === 'respondent') throw notFound();
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, readerWhere(user)] },
		select: NOTICE_SELECT
	});
	if (!notice) throw notFound();
	return withCurrentVersion(notice);
}

type ReadableNotice = Awaited<ReturnType<typeof readableNotice>>;

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
	return progressOf(notice, await talliesOf(db, notice), now);
}

/** National progress, read from the rollup: recipients, acknowledged (current version),
 * complete and overdue departments, and per item the departments it applies to and their
 * submitted and draft answers. */
function progressOf(notice: ReadableNotice, tallies: NoticeTallies, now: Date) {
	const today = todayInJapan(now);
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
	return trendOf(notice, await talliesOf(db, notice), now);
}

function trendOf(notice: ReadableNotice, tallies: NoticeTallies, now: Date) {
	if (!notice.publishedAt) return [];
	const today = todayInJapan(now);
	const first = todayInJapan(notice.publishedAt);
	const days = tallies.days.map((r) => r.day);
	let last = [first, notice.deadline ?? first, ...days].reduce((a, b) => (b > a ? b : a));
	if (last > today) last = today;
	return cumulativeByDay(first, last, [
		new Map(tallies.days.map((r) => [r.day, r.acknowledged])),
		new Map(tallies.days.map((r) => [r.day, r.submitted]))
	]).map(([day, acknowledged, submitted]) => ({ day, acknowledged, submitted }));
}
export type ProgressTrend = ReturnType<typeof trendOf>;

/** [day, running total of each series…] for every day from first to last (events before
 * the first day count on the first day, after the last on the last: nothing is dropped). */
function cumulativeByDay(first: string, last: string, series: Map<string, number>[]) {
	// Each event added once to its (clamped) day, then one walk over the days: linear in days
	// plus events, where matching every event against every day grew with their product (the
	// overview shapes 20 notices of months of days each).
	const onDay = series.map((s) => {
		const byDay = new Map<string, number>();
		for (const [d, n] of s) {
			const day = d < first ? first : d > last ? last : d;
			byDay.set(day, (byDay.get(day) ?? 0) + n);
		}
		return byDay;
	});
	const totals = series.map(() => 0);
	const rows: [string, ...number[]][] = [];
	// Days stepped as UTC midnights (what addDays does), without re-parsing each day's text: a
	// notice open for years has a trend of well over a thousand days.
	const end = Date.parse(`${last}T00:00:00Z`);
	for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000) {
		const day = new Date(t).toISOString().slice(0, 10);
		onDay.forEach((byDay, i) => (totals[i] += byDay.get(day) ?? 0));
		rows.push([day, ...totals]);
	}
	return rows;
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
		progress: progressOf(notice, tallies, now),
		trend: trendOf(notice, tallies, now),
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
	// The rollup is read beside the access check, not after it (on PostgreSQL they run on two
	// pooled connections at once); nothing of it is shown unless the notice proves readable.
	const [notice, tallies, names] = await Promise.all([
		readableNotice(db, user, noticeId),
		readTallies(db, [noticeId], scope),
		prefectureNames(db)
	]);
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
	// The page's ids first (one flat statement), then the notices and their rollup side by side:
	// on PostgreSQL the two reads run on two pooled connections at once instead of one after
	// the other. Both are bounded by `limit`.
	const ids = (
		await db.notice.findMany({
			where: { AND: [readerWhere(user), { status: 'published' }] },
			orderBy: [{ publishedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
			take: limit,
			select: { id: true }
		})
	).map((n) => n.id);
	if (ids.length === 0) return [];
	const [rows, tallies, names] = await Promise.all([
		db.notice.findMany({ where: { id: { in: ids } }, select: NOTICE_SELECT }),
		readTallies(db, ids, scope),
		prefectureNames(db)
	]);
	const byId = new Map(rows.map((n) => [n.id, withCurrentVersion(n)]));
	const notices = ids.flatMap((id) => byId.get(id) ?? []);
	return notices.map((n) => dashboardOf(n, tallies.get(n.id)!, names, now));
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
