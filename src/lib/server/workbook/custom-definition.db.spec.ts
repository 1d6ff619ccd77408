// The 回答様式 of items an issuer wrote (every field type, tables, a field shown only when
// another has a value): exported from the definition, filled in by ExcelJS and by openpyxl as
// people and office scripts do, imported, and stored exactly; every problem at its cell.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { CUSTOM_ITEMS, installItems } from '../../../../tests/db/custom-items.ts';
import type { Db } from '../db/client.ts';
import { ownResponses } from '../responses/own.ts';
import { buildResponseWorkbook } from './export.ts';
import { importResponseWorkbook } from './import.ts';

const run = promisify(execFile);
const FILL = path.resolve(import.meta.dirname, '../../../../tests/fixtures/openpyxl-fill.py');
const now = new Date('2024-10-20T10:00:00+09:00');

let env: TestDatabase;
let db: Db;
let noticeId: string;
let dir: string;

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
	await installItems(db, noticeId, CUSTOM_ITEMS);
	dir = await mkdtemp(path.join(os.tmpdir(), 'kairan-custom-form-'));
});

afterAll(async () => {
	await env?.cleanup();
	if (dir) await rm(dir, { recursive: true, force: true });
});

const load = async (bytes: Uint8Array) => {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes.buffer.slice(0) as ArrayBuffer);
	return workbook;
};
const save = async (workbook: ExcelJS.Workbook) =>
	new Uint8Array(await workbook.xlsx.writeBuffer());

/** The row whose column A reads `caption` (a label row or a table's header). */
function rowOf(sheet: ExcelJS.Worksheet, caption: string): number {
	for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === caption) return r;
	throw new Error(`no row ${caption} in ${sheet.name}`);
}

async function answers(email: string) {
	const own = await ownResponses(db, await sessionUserFor(db, email), noticeId);
	return own.items.map((i) => ({ status: i.response?.status, data: i.response?.data }));
}

describe('回答様式 of a custom definition', () => {
	test('sheets follow the definition: label rows, tables with their columns, validation by type', async () => {
		const { bytes } = await buildResponseWorkbook(
			db,
			await sessionUserFor(db, 'tokyo.health@example.jp'),
			noticeId,
			now
		);
		const wb = await load(bytes);
		expect(wb.worksheets.filter((s) => s.state === 'visible').map((s) => s.name)).toEqual([
			'記1',
			'記2'
		]);
		const s1 = wb.getWorksheet('記1')!;
		expect([1, 2, 3, 4, 5, 6, 7].map((r) => s1.getCell(r, 1).value)).toEqual([
			'項目',
			'担当課',
			'取組の概要',
			'職員数（人）',
			'予算額（円）',
			'実施率（%）',
			'開始日'
		]);
		expect(s1.getCell(rowOf(s1, '研修の内容：法制度'), 2).dataValidation).toMatchObject({
			type: 'list',
			formulae: ['"はい,いいえ"']
		});
		expect(s1.getCell(rowOf(s1, '設置形態'), 2).dataValidation).toMatchObject({
			type: 'list',
			formulae: ['"直営,委託,なし"']
		});
		expect(s1.getCell(rowOf(s1, '職員数（人）'), 2).dataValidation).toMatchObject({
			type: 'whole',
			formulae: [0, 1000]
		});
		expect(s1.getCell(rowOf(s1, '実施率（%）'), 2).dataValidation).toMatchObject({
			type: 'decimal',
			formulae: [0, 100]
		});
		expect(s1.getCell(rowOf(s1, '担当課'), 2).dataValidation).toMatchObject({
			type: 'textLength',
			formulae: [50]
		});
		const dateCell = s1.getCell(rowOf(s1, '開始日'), 2);
		expect(dateCell.dataValidation.type).toBe('date');
		expect(dateCell.numFmt).toBe('yyyy/m/d');
		// The file field is attached on screen, not in the sheet.
		expect(() => rowOf(s1, '計画書')).toThrow();
		const header = rowOf(s1, '機関名');
		expect(s1.getRow(header).values).toEqual([
			undefined,
			'機関名',
			'分野',
			'参加日',
			'委員数（人）',
			'役割',
			'活動中',
			'休止の理由',
			'医療機関コード',
			'負担割合（%）',
			'補助額（円）',
			'参加年度'
		]);
		expect(s1.getCell(header + 1, 3).numFmt).toBe('yyyy/m/d');
		const s2 = wb.getWorksheet('記2')!;
		expect(rowOf(s2, '月')).toBe(4);
		expect(rowOf(s2, '場所')).toBe(4 + 3 + 2);
	});

	test('filled in with ExcelJS as people type (labels, 和暦, 円 and commas, date cells): stored exactly', async () => {
		const tokyo = await sessionUserFor(db, 'tokyo.health@example.jp');
		const wb = await load((await buildResponseWorkbook(db, tokyo, noticeId, now)).bytes);
		const s1 = wb.getWorksheet('記1')!;
		const set = (caption: string, value: ExcelJS.CellValue) =>
			(s1.getCell(rowOf(s1, caption), 2).value = value);
		set('担当課', 'こども家庭課');
		set('取組の概要', '関係機関と連携\n月1回');
		set('職員数（人）', '１２人');
		set('予算額（円）', '1,200,000円');
		set('実施率（%）', 45.5);
		set('開始日', '令和5年4月1日');
		set('対象年度', '令和6年度');
		set('設置形態', '委託');
		set('研修の内容：法制度', 'はい');
		set('研修の内容：被害者対応', '○');
		set('計画の有無', 'はい');
		set('計画の名称', '第2次計画');
		set('郵便番号', 600001); // typed into a number cell: the leading zero is lost
		const header = rowOf(s1, '機関名');
		s1.getRow(header + 1).values = [
			'県立中央病院',
			'医療',
			new Date(Date.UTC(2023, 4, 10)),
			3,
			'座長、構成員',
			'はい',
			null,
			1312345678,
			30,
			'500,000円',
			2023
		];
		s1.getRow(header + 2).values = [
			'県警察本部',
			'警察',
			'2023/06/01',
			'2人',
			'構成員',
			'いいえ',
			'予算の都合'
		];
		const s2 = wb.getWorksheet('記2')!;
		s2.getCell('B2').value = '34件';
		s2.getRow(5).values = ['4月', 10];
		s2.getRow(6).values = ['5月', '24'];
		s2.getRow(10).values = ['公民館', new Date(Date.UTC(2024, 7, 1))];

		const result = await importResponseWorkbook(db, tokyo, noticeId, await save(wb), now);
		expect(result).toEqual({ ok: true, submitted: 2 });
		expect(await answers('tokyo.health@example.jp')).toEqual([
			{
				status: 'submitted',
				data: {
					office: 'こども家庭課',
					memo: '関係機関と連携\n月1回',
					staff: 12,
					budget: 1_200_000,
					coverage: 45.5,
					startedOn: '2023-04-01',
					year: 2024,
					setting: 'outsourced',
					topics: ['law', 'care'],
					hasPlan: true,
					planName: '第2次計画',
					postal: '0600001',
					members: [
						{
							name: '県立中央病院',
							sector: 'medical',
							joinedOn: '2023-05-10',
							seats: 3,
							roles: ['chair', 'member'],
							active: true,
							code: '1312345678',
							share: 30,
							grant: 500_000,
							since: 2023
						},
						{
							name: '県警察本部',
							sector: 'police',
							joinedOn: '2023-06-01',
							seats: 2,
							roles: ['member'],
							active: false,
							reason: '予算の都合'
						}
					]
				}
			},
			{
				status: 'submitted',
				data: {
					total: 34,
					byMonth: [
						{ month: '4月', count: 10 },
						{ month: '5月', count: 24 }
					],
					visits: [{ place: '公民館', on: '2024-08-01' }]
				}
			}
		]);

		// Exported again, the answers come back as they were stored: re-imported unchanged.
		const before = await answers('tokyo.health@example.jp');
		const again = await buildResponseWorkbook(db, tokyo, noticeId, now);
		const reloaded = await load(again.bytes);
		expect(reloaded.getWorksheet('記1')!.getCell(rowOf(s1, '開始日'), 2).value).toEqual(
			new Date(Date.UTC(2023, 3, 1))
		);
		expect(await importResponseWorkbook(db, tokyo, noticeId, again.bytes, now)).toEqual({
			ok: true,
			submitted: 2
		});
		expect(await answers('tokyo.health@example.jp')).toEqual(before);
	});

	test('filled in and saved by openpyxl: read and stored; a field whose condition fails is dropped', async () => {
		const setagaya = await sessionUserFor(db, 'setagaya.health@example.jp');
		const { bytes } = await buildResponseWorkbook(db, setagaya, noticeId, now);
		const s1 = (await load(bytes)).getWorksheet('記1')!;
		const cell = (caption: string) => `B${rowOf(s1, caption)}`;
		const header = rowOf(s1, '機関名');
		const edits = [
			{ sheet: '記1', cell: cell('担当課'), value: '健康推進課', type: 'text' },
			{ sheet: '記1', cell: cell('職員数（人）'), value: 7, type: 'number' },
			{ sheet: '記1', cell: cell('開始日'), value: '2022-04-01', type: 'date' },
			{ sheet: '記1', cell: cell('設置形態'), value: '直営', type: 'text' },
			{ sheet: '記1', cell: cell('計画の有無'), value: 'いいえ', type: 'text' },
			// Filled although its condition (計画の有無 = はい) does not hold: not stored.
			{ sheet: '記1', cell: cell('計画の名称'), value: '書きかけ', type: 'text' },
			{ sheet: '記1', cell: `A${header + 1}`, value: '府医師会', type: 'text' },
			{ sheet: '記1', cell: `C${header + 1}`, value: '2021-07-15', type: 'date' },
			{ sheet: '記1', cell: `E${header + 1}`, value: '事務局', type: 'text' },
			{ sheet: '記1', cell: `I${header + 1}`, value: 12.0, type: 'number' },
			{ sheet: '記2', cell: 'B2', value: 0, type: 'number' }
		];
		const source = path.join(dir, 'setagaya.xlsx');
		const target = path.join(dir, 'setagaya-openpyxl.xlsx');
		const editsFile = path.join(dir, 'setagaya-edits.json');
		await writeFile(source, bytes);
		await writeFile(editsFile, JSON.stringify(edits));
		await run('/usr/bin/python3', [FILL, source, target, editsFile]);
		const result = await importResponseWorkbook(
			db,
			setagaya,
			noticeId,
			new Uint8Array(await readFile(target)),
			now
		);
		expect(result).toEqual({ ok: true, submitted: 2 });
		expect(await answers('setagaya.health@example.jp')).toEqual([
			{
				status: 'submitted',
				data: {
					office: '健康推進課',
					staff: 7,
					startedOn: '2022-04-01',
					setting: 'direct',
					topics: [],
					hasPlan: false,
					members: [
						{
							name: '府医師会',
							joinedOn: '2021-07-15',
							roles: ['secretariat'],
							active: false,
							share: 12
						}
					]
				}
			},
			{ status: 'submitted', data: { total: 0, byMonth: [], visits: [] } }
		]);
	});

	test('every problem is reported at its sheet, row and column; nothing is saved', async () => {
		const yokohama = await sessionUserFor(db, 'yokohama.health@example.jp');
		const wb = await load((await buildResponseWorkbook(db, yokohama, noticeId, now)).bytes);
		const s1 = wb.getWorksheet('記1')!;
		const row = (caption: string) => rowOf(s1, caption);
		s1.getCell(row('担当課'), 2).value = '市民局';
		s1.getCell(row('職員数（人）'), 2).value = -3;
		s1.getCell(row('設置形態'), 2).value = '直轄';
		s1.getCell(row('計画の有無'), 2).value = 'いいえ';
		const header = row('機関名');
		s1.getRow(header + 1).values = ['市民病院', '', '', '', '座長、理事', '', '', '123'];
		s1.getRow(header + 2).values = ['消防局', '', '令和5年13月1日'];
		const s2 = wb.getWorksheet('記2')!;
		s2.getCell('B2').value = 5;
		s2.getRow(6).values = [null, 5];
		const before = await answers('yokohama.health@example.jp');

		const result = await importResponseWorkbook(db, yokohama, noticeId, await save(wb), now);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const at = result.errors.map((e) => [e.sheet, e.row, e.column, e.label]);
		expect(at).toEqual(
			expect.arrayContaining([
				['記1', row('職員数（人）'), 'B', '職員数'],
				['記1', row('設置形態'), 'B', '設置形態'],
				['記1', header + 1, 'E', '役割'],
				['記1', header + 1, 'H', '医療機関コード'],
				['記1', header + 2, 'C', '参加日'],
				['記2', 6, 'A', '月']
			])
		);
		expect(result.errors).toHaveLength(6);
		expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
		expect(await answers('yokohama.health@example.jp')).toEqual(before);
	});
});
