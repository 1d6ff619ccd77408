// Dashboard numbers come from grouped queries; they must equal what the export says.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { noticeProgress, prefectureProgress } from './progress.ts';
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
		const acknowledged = body.filter((r) => r[header.indexOf('受領確認日時')] !== '').length;
		expect(progress.acknowledged).toBe(acknowledged);
		expect(progress.acknowledged).toBeGreaterThan(0);
		for (const item of progress.items) {
			const column = header.indexOf(`記${item.number} 提出状況`);
			expect(item.submitted).toBe(body.filter((r) => r[column] === '提出済み').length);
			expect(item.due).toBe(body.filter((r) => r[column] !== '対象外').length);
		}
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

	test('a respondent sees no national numbers', async () => {
		const e = await noticeProgress(db, await as('tokyo.health@example.jp'), noticeId).catch(
			(x) => x
		);
		expect(e).toBeInstanceOf(UserError);
		expect((e as UserError).status).toBe(404);
	});
});
