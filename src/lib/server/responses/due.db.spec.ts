// One rule, one home: who must answer an item (body kinds as well as functions), its effective
// deadline and what is overdue are decided once (responses/due.ts), so changing an item's
// definition moves every screen at once — progress, drill-down, delivery, reminders, the
// respondent home, the respond page and the national CSV — on SQLite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { storeItemDefinition } from './items-store.ts';
import { rebuildNotice } from '../reports/rollup.ts';
import { ruleOfRow } from './due.ts';
import { ownResponses } from './own.ts';
import { noticeDashboard, noticeProgress, prefectureProgress } from '../reports/progress.ts';
import { prefectureDrilldown } from '../reports/prefecture.ts';
import { itemSummaries } from '../reports/item-summaries.ts';
import { nationalResponseTable } from '../reports/responses-table.ts';
import { tableToCsv } from '../reports/table-files.ts';
import { deliveryStatus } from '../recipients/delivery.ts';
import { reminderAudience } from '../recipients/reminders.ts';
import { openItems } from '../recipients/open-items.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const as = (email: string) => sessionUserFor(db, email);
/** Before the demo notice's own deadline. */
const during = new Date('2024-10-20T10:00:00+09:00');

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
});

afterAll(async () => {
	await env?.cleanup();
});

async function itemNumbered(number: number) {
	return db.responseItem.findFirstOrThrow({ where: { noticeId, number } });
}

/** Rewrites an item's definition the way the editor will: through storeItemDefinition. */
async function redefine(
	number: number,
	change: (d: ReturnType<typeof itemFromRow>) => ReturnType<typeof itemFromRow>
) {
	const row = await itemNumbered(number);
	// A demo row may still have no definition (read as its kind's template): its rule is then
	// in its columns, which the definition written here keeps.
	const current = { ...itemFromRow(row), appliesTo: ruleOfRow(row) };
	await db.$transaction((tx) => storeItemDefinition(tx, row.id, change(current)));
	return row.id;
}

/** The CSV's status of item `number` per row, found by its header (not its position). */
async function csvStatuses(number: number) {
	const viewer = await as('viewer@example.jp');
	const [header, ...body] = parse(
		tableToCsv(await nationalResponseTable(db, viewer, noticeId)).slice(1)
	) as string[][];
	const column = header.indexOf(`記${number} 提出状況`);
	expect(column).toBeGreaterThanOrEqual(0);
	return body.map((r) => r[column]);
}

/** Recipient id → organization kind, for the whole notice. */
async function bodyKinds() {
	const rows = await db.recipient.findMany({
		where: { noticeId },
		select: { id: true, department: { select: { organization: { select: { kind: true } } } } }
	});
	return new Map(rows.map((r) => [r.id, r.department.organization.kind]));
}

describe('an item limited to prefectures', () => {
	test('is counted only for prefectures on every screen, as in the CSV', async () => {
		const viewer = await as('viewer@example.jp');
		const mhlw = await as('mhlw.issuer@example.jp');
		const beforeDelivery = await deliveryStatus(db, mhlw, noticeId, during);
		const dueBefore = new Map(beforeDelivery.rows.map((r) => [r.recipientId, r.itemsDue]));

		const itemId = await redefine(1, (d) => ({
			...d,
			appliesTo: { ...d.appliesTo, bodyKinds: ['prefecture'] }
		}));
		const stored = await db.responseItem.findUniqueOrThrow({ where: { id: itemId } });
		expect(stored.bodyKinds).toEqual(['prefecture']);
		expect(itemFromRow(stored).appliesTo.bodyKinds).toEqual(['prefecture']);

		const kinds = await bodyKinds();
		const prefectures = [...kinds.values()].filter((k) => k === 'prefecture').length;
		expect(prefectures).toBeGreaterThan(0);
		expect(prefectures).toBeLessThan(kinds.size);

		// National CSV and progress agree, item by item.
		const statuses = await csvStatuses(1);
		const progress = await noticeProgress(db, viewer, noticeId, during);
		const item = progress.items.find((i) => i.number === 1)!;
		expect(item.due).toBe(statuses.filter((s) => s !== '対象外').length);
		expect(item.submitted).toBe(statuses.filter((s) => s === '提出済み').length);
		expect(item.due).toBeLessThanOrEqual(prefectures);
		expect(item.due).toBeGreaterThan(0);
		// Complete departments: every item applying to them submitted, as the CSV rows say.
		const viewerCsv = parse(
			tableToCsv(await nationalResponseTable(db, viewer, noticeId)).slice(1)
		) as string[][];
		const [header, ...body] = viewerCsv;
		const statusColumns = header.flatMap((h, i) => (h.endsWith(' 提出状況') ? [i] : []));
		const complete = body.filter((r) =>
			statusColumns.every((c) => r[c] === '提出済み' || r[c] === '対象外')
		).length;
		expect(progress.complete).toBe(complete);
		const byPrefecture = await prefectureProgress(db, viewer, noticeId, 'all');
		expect(byPrefecture.reduce((sum, p) => sum + p.complete, 0)).toBe(complete);
		const dashboard = await noticeDashboard(db, viewer, noticeId, during);
		expect(dashboard.progress.items).toEqual(progress.items);

		// Item summaries count the same answers.
		const summaries = await itemSummaries(db, viewer, noticeId);
		const summary = summaries.find((s) => s.number === 1)!;
		expect(summary.submitted).toBe(item.submitted);

		// Delivery: one item fewer for every body but prefectures that the item asked before.
		const functions = itemFromRow(stored).appliesTo.functions as string[];
		const delivery = await deliveryStatus(db, mhlw, noticeId, during);
		let fewer = 0;
		for (const row of delivery.rows) {
			const before = dueBefore.get(row.recipientId)!;
			const askedBefore = functions.length === 0 || functions.includes(row.function);
			const dropped = askedBefore && kinds.get(row.recipientId) !== 'prefecture';
			if (dropped) fewer++;
			expect(row.itemsDue).toBe(dropped ? before - 1 : before);
		}
		expect(fewer).toBeGreaterThan(0);

		// Drill-down (神奈川県: the prefecture and its cities) says the same as delivery.
		const drill = await prefectureDrilldown(db, viewer, noticeId, '14', during);
		expect(drill.rows.some((r) => r.organizationKind !== 'prefecture')).toBe(true);
		for (const row of drill.rows)
			expect(row.itemsDue).toBe(
				delivery.rows.find((d) => d.recipientId === row.recipientId)!.itemsDue
			);

		// Reminders for the item reach only prefectures, and exactly those that have not submitted.
		const audience = await reminderAudience(db, noticeId, itemId);
		expect(audience.every((a) => kinds.get(a.recipientId) === 'prefecture')).toBe(true);
		expect(audience).toHaveLength(item.due - item.submitted);

		// A city's home and respond page do not ask it; a prefecture's do.
		const yokohama = await as('yokohama.health@example.jp');
		const tokyo = await as('tokyo.health@example.jp');
		const cityHome = (await openItems(db, yokohama, during)).notices[0];
		expect(cityHome.items.map((i) => i.number)).not.toContain(1);
		expect((await ownResponses(db, yokohama, noticeId)).items.map((i) => i.number)).not.toContain(
			1
		);
		expect((await ownResponses(db, tokyo, noticeId)).items.map((i) => i.number)).toContain(1);
		const tokyoHome = (await openItems(db, tokyo, during)).notices.find(
			(n) => n.noticeId === noticeId
		);
		if (tokyoHome) expect(tokyoHome.items.map((i) => i.number)).toContain(1);

		// Back to everyone, for the tests that follow.
		await redefine(1, (d) => ({ ...d, appliesTo: { ...d.appliesTo, bodyKinds: [] } }));
		expect((await noticeProgress(db, viewer, noticeId, during)).items[0].due).toBe(
			(await csvStatuses(1)).filter((s) => s !== '対象外').length
		);
	});
});

describe("an item's own deadline", () => {
	test('moves overdue on every screen at once', async () => {
		const viewer = await as('viewer@example.jp');
		const mhlw = await as('mhlw.issuer@example.jp');
		const early = await noticeProgress(db, viewer, noticeId, during);
		expect(early.overdue).toBe(0);
		const noticeDeadline = early.deadline!;
		expect(noticeDeadline > '2024-10-20').toBe(true);

		const itemId = await redefine(2, (d) => ({ ...d, deadline: '2024-10-10' }));
		expect((await itemNumbered(2)).deadline).toBe('2024-10-10');

		// Progress: only item 2 is overdue, for each department that has not submitted it.
		const progress = await noticeProgress(db, viewer, noticeId, during);
		const item2 = progress.items.find((i) => i.number === 2)!;
		expect(item2.deadline).toBe('2024-10-10');
		expect(item2.overdue).toBe(item2.due - item2.submitted);
		expect(item2.overdue).toBeGreaterThan(0);
		expect(progress.items.filter((i) => i.number !== 2).every((i) => i.overdue === 0)).toBe(true);
		const unsubmitted = (await csvStatuses(2)).filter((s) => s === '未提出').length;
		expect(progress.overdue).toBe(unsubmitted);

		// Delivery and reminders: the overdue departments are those missing item 2.
		const delivery = await deliveryStatus(db, mhlw, noticeId, during);
		const audience = await reminderAudience(db, noticeId, itemId);
		const overdueRows = delivery.rows.filter((r) => r.overdue).map((r) => r.recipientId);
		expect(overdueRows.sort()).toEqual(audience.map((a) => a.recipientId).sort());
		expect(delivery.totals.overdue).toBe(progress.overdue);
		// Each reminder names item 2 with its own deadline, the others with the notice's.
		const all = await reminderAudience(db, noticeId);
		for (const a of all)
			for (const missing of a.missingItems ?? [])
				expect(missing.deadline).toBe(missing.number === 2 ? '2024-10-10' : noticeDeadline);

		// Drill-down: a row is overdue exactly when delivery says so.
		const drill = await prefectureDrilldown(db, viewer, noticeId, '14', during);
		for (const row of drill.rows) {
			const d = delivery.rows.find((x) => x.recipientId === row.recipientId)!;
			expect(row.overdue).toBe(d.overdue);
			if (row.overdue) expect(row.status).toBe('overdue');
		}

		// The respond page's deadline and the respondent home.
		const yokohama = await as('yokohama.health@example.jp');
		const own = await ownResponses(db, yokohama, noticeId);
		expect(own.items.find((i) => i.number === 2)!.deadline).toBe('2024-10-10');
		expect(own.items.find((i) => i.number === 1)!.deadline).toBe(noticeDeadline);
		const home = (await openItems(db, yokohama, during)).notices[0];
		const homeItem2 = home.items.find((i) => i.number === 2)!;
		expect(homeItem2.deadline).toBe('2024-10-10');
		expect(home.overdue).toBe(homeItem2.state !== 'submitted');
		if (homeItem2.state !== 'submitted') expect(home.deadline).toBe('2024-10-10');

		// Before the item's deadline nothing is overdue.
		const before = new Date('2024-10-05T10:00:00+09:00');
		expect((await noticeProgress(db, viewer, noticeId, before)).overdue).toBe(0);
		expect((await deliveryStatus(db, mhlw, noticeId, before)).totals.overdue).toBe(0);

		await redefine(2, (d) => ({ ...d, deadline: null }));
		expect((await noticeProgress(db, viewer, noticeId, during)).overdue).toBe(0);
	});
});

describe('a notice with no items (information only)', () => {
	test('never shows complete: receipt only on every screen', async () => {
		const viewer = await as('viewer@example.jp');
		const mhlw = await as('mhlw.issuer@example.jp');
		await db.responseItem.deleteMany({ where: { noticeId } });
		// Removed behind the app's back (no screen deletes a published item): recount the rollup.
		await db.$transaction((tx) => rebuildNotice(tx, noticeId));
		const late = new Date('2026-12-01T10:00:00+09:00');

		const progress = await noticeProgress(db, viewer, noticeId, late);
		expect(progress.informationOnly).toBe(true);
		expect(progress.items).toEqual([]);
		expect(progress.complete).toBe(0);
		expect(progress.overdue).toBe(0);
		expect(progress.acknowledged).toBeGreaterThan(0);
		const prefectures = await prefectureProgress(db, viewer, noticeId, 'all');
		expect(prefectures.every((p) => p.complete === 0)).toBe(true);
		const dashboard = await noticeDashboard(db, viewer, noticeId, late);
		expect(dashboard.notice.informationOnly).toBe(true);

		const drill = await prefectureDrilldown(db, viewer, noticeId, '13', late);
		expect(drill.notice.informationOnly).toBe(true);
		expect(drill.rows.length).toBeGreaterThan(0);
		expect(drill.rows.some((r) => r.status === 'submitted' || r.status === 'overdue')).toBe(false);

		const delivery = await deliveryStatus(db, mhlw, noticeId, late);
		expect(delivery.notice.informationOnly).toBe(true);
		expect(delivery.totals.complete).toBe(0);
		expect(delivery.totals.overdue).toBe(0);
		expect(delivery.rows.every((r) => r.itemsDue === 0)).toBe(true);
		expect(await reminderAudience(db, noticeId)).toEqual([]);
	});
});
