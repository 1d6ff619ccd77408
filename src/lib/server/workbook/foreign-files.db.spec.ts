// The 回答様式 as other programs save it: the form Kairan exports is filled in and saved by
// openpyxl (Debian's python3-openpyxl, run as a real program) with cell comments, the layout
// that ExcelJS alone refused as "not an Excel file"; the upload must be read and submitted.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { ownResponses } from '../responses/own.ts';
import { buildResponseWorkbook } from './export.ts';
import { importResponseWorkbook } from './import.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const FILL = path.resolve(import.meta.dirname, '../../../../tests/fixtures/openpyxl-fill.py');
const TOKYO = 'tokyo.health@example.jp';
const now = new Date('2024-10-20T10:00:00+09:00');

let env: TestDatabase;
let db: Db;
let noticeId: string;
let dir: string;

/** The seed item built from a template: its id by the template's name. */
let templateItem: Map<string, string>;

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
	// The seed's items by the template each was built from (the row's kind, a label only).
	templateItem = new Map(
		(await db.responseItem.findMany({ where: { noticeId }, select: { id: true, kind: true } })).map(
			(r) => [r.kind, r.id]
		)
	);
	dir = await mkdtemp(path.join(os.tmpdir(), 'kairan-openpyxl-'));
});

afterAll(async () => {
	await env?.cleanup();
	if (dir) await rm(dir, { recursive: true, force: true });
});

type Edit = { sheet: string; cell: string; value?: string | number; type: string };

describe('回答様式 saved by other programs', () => {
	test('a form filled and saved by openpyxl, with cell comments, is read and submitted', async () => {
		const tokyo = await sessionUserFor(db, TOKYO);
		const own = await ownResponses(db, tokyo, noticeId);
		const sheet = (kind: string) =>
			`記${own.items.find((i) => i.id === templateItem.get(kind))!.number}`;
		const { bytes } = await buildResponseWorkbook(db, tokyo, noticeId, now);
		const exported = new ExcelJS.Workbook();
		await exported.xlsx.load(bytes.buffer.slice(0) as ArrayBuffer);
		const grantSheet = exported.getWorksheet(sheet('grant_report'))!;
		const grantRows: number[] = [];
		for (let r = 5; grantSheet.getCell(r, 1).value; r++) grantRows.push(r);
		expect(grantRows.length).toBeGreaterThan(0);

		const edits: Edit[] = [
			{ sheet: sheet('status_checklist'), cell: 'B2', value: '実施済み', type: 'text' },
			{ sheet: sheet('status_checklist'), cell: 'B3', value: '2024-10-15', type: 'date' },
			{ sheet: sheet('status_checklist'), cell: 'B4', value: 120, type: 'number' },
			{ sheet: sheet('status_checklist'), cell: 'B5', value: 'はい', type: 'text' },
			{ sheet: sheet('medical_institutions'), cell: 'A2', type: 'clear' },
			...(
				[
					['A2', '都立広尾病院'],
					['C2', '渋谷区'],
					['D2', '産婦人科、救急科'],
					['E2', 'はい']
				] as const
			).map(([cell, value]) => ({
				sheet: sheet('medical_institutions'),
				cell,
				value,
				type: 'text'
			})),
			{ sheet: sheet('coordination_record'), cell: 'A2', type: 'clear' },
			...(
				[
					['A2', '令和6年9月30日'],
					['B2', '福祉局 男女共同参画課'],
					['C2', '協力病院の拡充'],
					['D2', '継続']
				] as const
			).map(([cell, value]) => ({
				sheet: sheet('coordination_record'),
				cell,
				value,
				type: 'text'
			})),
			{ sheet: sheet('grant_report'), cell: 'B2', value: '令和6年度', type: 'text' },
			...grantRows.flatMap((r) => [
				{ sheet: sheet('grant_report'), cell: `B${r}`, value: 1_000_000, type: 'number' },
				{ sheet: sheet('grant_report'), cell: `C${r}`, value: 900_000, type: 'number' }
			])
		];
		const source = path.join(dir, 'form.xlsx');
		const target = path.join(dir, 'filled-by-openpyxl.xlsx');
		const editsFile = path.join(dir, 'edits.json');
		await writeFile(source, bytes);
		await writeFile(editsFile, JSON.stringify(edits));
		await run(PYTHON, [FILL, source, target, editsFile]);
		const filled = new Uint8Array(await readFile(target));

		// The file really has openpyxl's layout: comments in xl/comments/, linked absolutely.
		const zip = await JSZip.loadAsync(filled);
		expect(Object.keys(zip.files).some((n) => /^xl\/comments\/comment\d+\.xml$/.test(n))).toBe(
			true
		);
		// …which ExcelJS alone cannot load (the reason for the normalization: if a later ExcelJS
		// reads it, this line says so and the workaround can go).
		await expect(
			new ExcelJS.Workbook().xlsx.load(filled.buffer.slice(0) as ArrayBuffer)
		).rejects.toThrow();

		const result = await importResponseWorkbook(db, tokyo, noticeId, filled, now);
		expect(result).toEqual({ ok: true, submitted: 4 });
		const answers = await ownResponses(db, tokyo, noticeId);
		const data = (kind: string) =>
			answers.items.find((i) => i.id === templateItem.get(kind))!.response!.data;
		expect(data('status_checklist')).toMatchObject({
			status: 'done',
			distributedOn: '2024-10-15',
			institutionsReached: 120
		});
		expect(data('medical_institutions')).toMatchObject({
			institutions: [
				{
					name: '都立広尾病院',
					municipality: '渋谷区',
					clinicalDepartments: ['obstetrics_gynecology', 'emergency']
				}
			]
		});
		expect(data('coordination_record')).toMatchObject({
			entries: [expect.objectContaining({ date: '2024-09-30' })]
		});
	});
});
