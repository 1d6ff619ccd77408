// Dashboard numbers come from grouped queries; they must equal what the export says.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import {
	nonResponders,
	noticeDashboard,
	noticeProgress,
	prefectureProgress,
	progressTrend
} from './progress.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { nationalResponseTable } from './responses-table.ts';
import { tableToCsv } from './table-files.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const as = (email: string) => sessionUserFor(db, email);

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
});

async function csvRows(user: Awaited<ReturnType<typeof as>>) {
	const csv = tableToCsv(await nationalResponseTable(db, user, noticeId));
	return parse(csv.slice(1)) as string[][];
}

afterAll(async () => {
	await env?.cleanup();
});

describe('national progress', () => {
	test('equals the national table exported as CSV, item by item', async () => {
		const viewer = await as('viewer@example.jp');
		const progress = await noticeProgress(db, viewer, noticeId);
		const rows = parse(
			tableToCsv(await nationalResponseTable(db, viewer, noticeId)).slice(1)
		) as string[][];
		const [header, ...body] = rows;
		expect(progress.recipients).toBe(204);
		expect(body).toHaveLength(progress.recipients);
		const acknowledged = body.filter(
			(r) => r[header.indexOf('受領確認日時（日本時間）')] !== ''
		).length;
		expect(progress.acknowledged).toBe(acknowledged);
		expect(progress.acknowledged).toBeGreaterThan(0);
		for (const item of progress.items) {
			const column = header.indexOf(`記${item.number} 提出状況`);
			expect(item.submitted).toBe(body.filter((r) => r[column] === '提出済み').length);
			expect(item.due).toBe(body.filter((r) => r[column] !== '対象外').length);
		}
	});

	test('complete and overdue departments equal the CSV rows with every applicable item submitted', async () => {
		const viewer = await as('viewer@example.jp');
		const progress = await noticeProgress(db, viewer, noticeId);
		const [header, ...body] = await csvRows(viewer);
		const statusColumns = header.flatMap((h, i) => (h.endsWith(' 提出状況') ? [i] : []));
		const complete = body.filter((r) =>
			statusColumns.every((c) => r[c] === '提出済み' || r[c] === '対象外')
		).length;
		expect(progress.complete).toBe(complete);
		expect(progress.complete).toBeGreaterThan(0);
		// The seed's deadline is in 2024: everything not complete is overdue.
		expect(progress.pastDeadline).toBe(true);
		expect(progress.overdue).toBe(body.length - complete);
		for (const item of progress.items) {
			expect(item.submitted + item.drafts + item.notStarted).toBe(item.due);
			expect(item.overdue).toBe(item.due - item.submitted);
		}
		// Before the deadline nothing is overdue.
		const early = await noticeProgress(db, viewer, noticeId, new Date('2024-10-20T00:00:00Z'));
		expect(early.pastDeadline).toBe(false);
		expect(early.overdue).toBe(0);
		expect(early.items.every((i) => i.overdue === 0)).toBe(true);
	});

	test('the trend ends at the totals, day by day as the CSV dates say', async () => {
		const viewer = await as('viewer@example.jp');
		const progress = await noticeProgress(db, viewer, noticeId);
		const trend = await progressTrend(db, viewer, noticeId);
		const notice = await db.notice.findUniqueOrThrow({ where: { id: noticeId } });
		expect(trend[0].day).toBe(todayInJapan(notice.publishedAt!));
		const last = trend.at(-1)!;
		expect(last.acknowledged).toBe(progress.acknowledged);
		expect(last.submitted).toBe(progress.items.reduce((s, i) => s + i.submitted, 0));
		for (let i = 1; i < trend.length; i++) {
			expect(trend[i].day > trend[i - 1].day).toBe(true);
			expect(trend[i].acknowledged).toBeGreaterThanOrEqual(trend[i - 1].acknowledged);
			expect(trend[i].submitted).toBeGreaterThanOrEqual(trend[i - 1].submitted);
		}
		// Acknowledgments per day in Japan, counted from the CSV's timestamps (in Japan time).
		const [header, ...body] = await csvRows(viewer);
		const column = header.indexOf('受領確認日時（日本時間）');
		const perDay = new Map<string, number>();
		for (const r of body.filter((row) => row[column] !== '')) {
			const day = r[column].slice(0, 10);
			perDay.set(day, (perDay.get(day) ?? 0) + 1);
		}
		for (let i = 0; i < trend.length; i++) {
			const added = trend[i].acknowledged - (i === 0 ? 0 : trend[i - 1].acknowledged);
			expect(added, trend[i].day).toBe(perDay.get(trend[i].day) ?? 0);
		}
	});

	test('the non-responders are exactly those a reminder would reach, overall and per item', async () => {
		const viewer = await as('viewer@example.jp');
		const progress = await noticeProgress(db, viewer, noticeId);
		const all = await nonResponders(db, viewer, noticeId, null);
		expect(all).toHaveLength(progress.recipients - progress.complete);
		// By prefecture, each under the right one.
		const codes = all.map((a) => a.prefectureCode);
		expect(codes).toEqual([...codes].sort());
		const yokohama = all.find((a) => a.name.startsWith('横浜市'));
		expect(yokohama).toMatchObject({ prefectureCode: '14', prefecture: '神奈川県' });
		for (const item of progress.items) {
			const pending = await nonResponders(db, viewer, noticeId, item.id);
			expect(pending).toHaveLength(item.due - item.submitted);
			expect(pending.every((p) => all.some((a) => a.recipientId === p.recipientId))).toBe(true);
		}
		const unknown = await nonResponders(db, viewer, noticeId, 'nosuchitem000000000000').catch(
			(x) => x
		);
		expect((unknown as UserError).status).toBe(404);
		const respondent = await nonResponders(
			db,
			await as('tokyo.health@example.jp'),
			noticeId,
			null
		).catch((x) => x);
		expect((respondent as UserError).status).toBe(404);
	});

	test('by prefecture: 47 prefectures whose recipients add up to the national total', async () => {
		const viewer = await as('viewer@example.jp');
		const byPrefecture = await prefectureProgress(db, viewer, noticeId);
		expect(byPrefecture).toHaveLength(47);
		expect(byPrefecture.reduce((s, p) => s + p.recipients, 0)).toBe(204);
		const progress = await noticeProgress(db, viewer, noticeId);
		expect(byPrefecture.reduce((s, p) => s + p.acknowledged, 0)).toBe(progress.acknowledged);
		const kanagawa = byPrefecture.find((p) => p.prefectureCode === '14')!;
		// 神奈川県 (health + center), 横浜市, 川崎市, 相模原市, 横須賀市, 藤沢市, 茅ヶ崎市 (health).
		expect(kanagawa).toMatchObject({ name: '神奈川県', recipients: 8 });
	});

	test('complete departments by prefecture add up and equal the CSV, prefecture by prefecture', async () => {
		const viewer = await as('viewer@example.jp');
		const progress = await noticeProgress(db, viewer, noticeId);
		const byPrefecture = await prefectureProgress(db, viewer, noticeId);
		expect(byPrefecture.reduce((s, p) => s + p.complete, 0)).toBe(progress.complete);
		const [header, ...body] = await csvRows(viewer);
		const statusColumns = header.flatMap((h, i) => (h.endsWith(' 提出状況') ? [i] : []));
		for (const p of byPrefecture) {
			const rows = body.filter((r) => r[header.indexOf('都道府県コード')] === p.prefectureCode);
			const complete = rows.filter((r) =>
				statusColumns.every((c) => r[c] === '提出済み' || r[c] === '対象外')
			).length;
			expect(p.complete, p.name).toBe(complete);
		}
	});

	test('a prefecture shown apart from its cities and wards: the two add up to the whole', async () => {
		const viewer = await as('viewer@example.jp');
		const all = await prefectureProgress(db, viewer, noticeId);
		const own = await prefectureProgress(db, viewer, noticeId, 'prefecture');
		const municipal = await prefectureProgress(db, viewer, noticeId, 'municipal');
		// Every prefecture has its own departments among the recipients.
		expect(own).toHaveLength(47);
		for (const p of all) {
			const a = own.find((x) => x.prefectureCode === p.prefectureCode);
			const b = municipal.find((x) => x.prefectureCode === p.prefectureCode);
			expect((a?.recipients ?? 0) + (b?.recipients ?? 0)).toBe(p.recipients);
			expect((a?.acknowledged ?? 0) + (b?.acknowledged ?? 0)).toBe(p.acknowledged);
			expect((a?.complete ?? 0) + (b?.complete ?? 0)).toBe(p.complete);
		}
		// 神奈川県: health + center departments; 横浜市 … 茅ヶ崎市 are the six cities.
		expect(own.find((p) => p.prefectureCode === '14')?.recipients).toBe(2);
		expect(municipal.find((p) => p.prefectureCode === '14')?.recipients).toBe(6);
	});

	test('the dashboard reads the notice once and says what each part says alone', async () => {
		const viewer = await as('viewer@example.jp');
		const now = new Date();
		const dashboard = await noticeDashboard(db, viewer, noticeId, now, 'municipal');
		expect(dashboard.progress).toEqual(await noticeProgress(db, viewer, noticeId, now));
		expect(dashboard.trend).toEqual(await progressTrend(db, viewer, noticeId, now));
		expect(dashboard.prefectures).toEqual(
			await prefectureProgress(db, viewer, noticeId, 'municipal')
		);
		expect(dashboard.notice.items.map((i) => i.number)).toEqual([1, 2, 3, 4]);
	});

	test('a respondent sees no national numbers', async () => {
		const e = await noticeProgress(db, await as('tokyo.health@example.jp'), noticeId).catch(
			(x) => x
		);
		expect(e).toBeInstanceOf(UserError);
		expect((e as UserError).status).toBe(404);
	});
});
