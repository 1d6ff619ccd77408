// The national CSV/XLSX of items an issuer wrote: columns from the definition (one per field,
// 「記N 見出し」, choices by label, はい/いいえ), each table's rows in long form with the
// department's identifying columns, dates as date cells and timestamps in Japan time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { CUSTOM_ITEMS, installItems } from '../../../../tests/db/custom-items.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { ownResponses, saveResponse } from '../responses/own.ts';
import { nationalResponseTables, nationalTableRows, parseTableRef } from './responses-table.ts';
import { tableToCsv, tablesToXlsx } from './table-files.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const now = new Date('2024-10-20T10:00:00+09:00');

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
	await installItems(db, noticeId, CUSTOM_ITEMS);
	const tokyo = await sessionUserFor(db, 'tokyo.health@example.jp');
	const items = (await ownResponses(db, tokyo, noticeId)).items;
	const answers = [
		{
			office: 'こども家庭課',
			staff: '12',
			startedOn: '令和5年4月1日',
			setting: 'outsourced',
			topics: ['law', 'care'],
			hasPlan: true,
			planName: '第2次計画',
			members: [
				{ name: '県立中央病院', sector: 'medical', joinedOn: '2023-05-10', active: true, seats: 3 },
				{ name: '県警察本部', roles: ['member'], active: false, reason: '予算の都合' }
			]
		},
		{ total: 4, visits: [{ place: '公民館', on: '2024-08-01' }] }
	];
	for (const [i, data] of answers.entries()) {
		const saved = await saveResponse(
			db,
			tokyo,
			noticeId,
			{ itemId: items[i].id, data, revision: 0, mode: 'submit' },
			now
		);
		expect(saved.ok, JSON.stringify(saved)).toBe(true);
	}
});

afterAll(async () => {
	await env?.cleanup();
});

const viewer = () => sessionUserFor(db, 'viewer@example.jp');

describe('national export of a custom definition', () => {
	test('one column per field, labelled 記N and the field; values as people read them', async () => {
		const { main } = await nationalResponseTables(db, await viewer(), noticeId);
		expect(main.columns.slice(0, 6)).toEqual([
			'都道府県コード',
			'団体コード',
			'団体名',
			'部局',
			'部局の種類コード',
			'受領確認日時（日本時間）'
		]);
		expect(main.columns.filter((c) => c.startsWith('記1 '))).toEqual([
			'記1 提出状況',
			'記1 提出日時（日本時間）',
			'記1 担当課',
			'記1 取組の概要',
			'記1 職員数',
			'記1 予算額',
			'記1 実施率',
			'記1 開始日',
			'記1 対象年度',
			'記1 設置形態',
			'記1 研修の内容',
			'記1 計画の有無',
			'記1 計画の名称',
			'記1 計画書',
			'記1 郵便番号',
			'記1 連絡会議の構成機関 件数'
		]);
		const [header, ...rows] = parse(tableToCsv(main).slice(1)) as string[][];
		const tokyo = rows.find(
			(r) => r[2] === '東京都' && r[header.indexOf('記1 提出状況')] === '提出済み'
		)!;
		const cell = (column: string) => tokyo[header.indexOf(column)];
		expect(cell('記1 提出日時（日本時間）')).toBe('2024-10-20 10:00:00');
		expect(cell('記1 担当課')).toBe('こども家庭課');
		expect(cell('記1 職員数')).toBe('12');
		expect(cell('記1 開始日')).toBe('2023-04-01');
		expect(cell('記1 設置形態')).toBe('委託');
		expect(cell('記1 研修の内容')).toBe('法制度、被害者対応');
		expect(cell('記1 計画の有無')).toBe('はい');
		expect(cell('記1 計画の名称')).toBe('第2次計画');
		expect(cell('記1 予算額')).toBe('');
		expect(cell('記1 連絡会議の構成機関 件数')).toBe('2');
		expect(cell('記2 相談件数')).toBe('4');
		expect(cell('記2 月別 件数')).toBe('0');
		expect(cell('記2 出張相談 件数')).toBe('1');
		const others = rows.filter((r) => r !== tokyo);
		expect(others.every((r) => r[header.indexOf('記1 提出状況')] === '未提出')).toBe(true);
	});

	test('tables in long form: one row per table row, after the department’s columns', async () => {
		const table = await nationalTableRows(db, await viewer(), noticeId, {
			number: 1,
			key: 'members'
		});
		const [header, ...rows] = parse(tableToCsv(table).slice(1)) as string[][];
		expect(header).toEqual([
			'都道府県コード',
			'団体コード',
			'団体名',
			'部局',
			'部局の種類コード',
			'行',
			'記1 連絡会議の構成機関 機関名',
			'記1 連絡会議の構成機関 分野',
			'記1 連絡会議の構成機関 参加日',
			'記1 連絡会議の構成機関 委員数',
			'記1 連絡会議の構成機関 役割',
			'記1 連絡会議の構成機関 活動中',
			'記1 連絡会議の構成機関 休止の理由',
			'記1 連絡会議の構成機関 医療機関コード',
			'記1 連絡会議の構成機関 負担割合',
			'記1 連絡会議の構成機関 補助額',
			'記1 連絡会議の構成機関 参加年度'
		]);
		expect(rows).toHaveLength(2);
		expect(rows.map((r) => [r[2], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12]])).toEqual([
			['東京都', '1', '県立中央病院', '医療', '2023-05-10', '3', '', 'はい', ''],
			['東京都', '2', '県警察本部', '', '', '', '構成員', 'いいえ', '予算の都合']
		]);
		expect(parseTableRef('1.members')).toEqual({ number: 1, key: 'members' });
		for (const bad of ['members', '1.', '1.Members', 'x.members', '1.members;drop'])
			expect(parseTableRef(bad), bad).toBeNull();
		const missing = await nationalTableRows(db, await viewer(), noticeId, {
			number: 2,
			key: 'members'
		}).then(
			() => null,
			(e: unknown) => e
		);
		expect(missing).toBeInstanceOf(UserError);
		expect((missing as UserError).status).toBe(404);
	});

	test('XLSX: a sheet per table, real date cells, timestamps in Japan time', async () => {
		const { main, rows } = await nationalResponseTables(db, await viewer(), noticeId);
		const workbook = new ExcelJS.Workbook();
		const bytes = await tablesToXlsx([main, ...rows]);
		await workbook.xlsx.load(bytes.buffer.slice(0) as ArrayBuffer);
		expect(workbook.worksheets.map((s) => s.name)).toEqual([
			expect.stringMatching(/^回答一覧/),
			'記1 連絡会議の構成機関',
			'記2 月別',
			'記2 出張相談'
		]);
		const sheet = workbook.worksheets[0];
		const header = (sheet.getRow(1).values as unknown[]).slice(1);
		let tokyo = 0;
		sheet.eachRow((row, n) => {
			if (
				row.getCell(3).value === '東京都' &&
				row.getCell(header.indexOf('記1 提出状況') + 1).value === '提出済み'
			)
				tokyo = n;
		});
		const cell = (column: string) => sheet.getCell(tokyo, header.indexOf(column) + 1);
		expect(cell('記1 開始日').value).toEqual(new Date(Date.UTC(2023, 3, 1)));
		expect(cell('記1 開始日').numFmt).toBe('yyyy/m/d');
		// Japan's wall clock, as Excel shows date cells (it has no time zones).
		expect(cell('記1 提出日時（日本時間）').value).toEqual(
			new Date(Date.UTC(2024, 9, 20, 10, 0, 0))
		);
		expect(cell('記1 職員数').value).toBe(12);
		const visits = workbook.getWorksheet('記2 出張相談')!;
		expect(visits.getCell(2, 8).value).toEqual(new Date(Date.UTC(2024, 7, 1)));
		expect(visits.getCell(2, 7).value).toBe('公民館');
	});
});
