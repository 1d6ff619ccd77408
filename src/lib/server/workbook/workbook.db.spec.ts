// The 回答様式 round trip through a real database: export, fill in as a person would in
// Excel, upload; refusals of files that are not the form, of another department's form, of
// invalid cells (located by sheet/row/column, nothing saved) and of files that are too large.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import ExcelJS from 'exceljs';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { ownResponses } from '../responses/own.ts';
import { buildResponseWorkbook } from './export.ts';
import {
	importResponseWorkbook,
	MAX_WORKBOOK_BYTES,
	MAX_WORKBOOK_UNPACKED_BYTES
} from './import.ts';
import { zipUncompressedSize } from '../uploads/zip.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const TOKYO = 'tokyo.health@example.jp';
const as = (email: string) => sessionUserFor(db, email);
const now = new Date('2024-10-20T10:00:00+09:00');

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
});

afterAll(async () => {
	await env?.cleanup();
});

async function load(bytes: Uint8Array) {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes.buffer.slice(0) as ArrayBuffer);
	return workbook;
}

async function save(workbook: ExcelJS.Workbook) {
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Sheet name of the item of a kind, for the user's department. */
async function sheetFor(email: string, kind: string) {
	const item = (await ownResponses(db, await as(email), noticeId)).items.find(
		(i) => i.id === templateItem.get(kind)
	)!;
	return `記${item.number}`;
}

/** Responses of the department, as stored (to check that nothing changed). */
async function stored(email: string) {
	const user = await as(email);
	return db.response.findMany({
		where: { recipient: { noticeId, departmentId: user.departmentId! } },
		orderBy: { responseItemId: 'asc' },
		select: { responseItemId: true, revision: true, status: true, data: true }
	});
}

/** Fills in every sheet of a Tokyo form as a person would in Excel. */
async function fill(workbook: ExcelJS.Workbook) {
	const status = workbook.getWorksheet(await sheetFor(TOKYO, 'status_checklist'))!;
	expect(status.getCell('A2').value).toBe('状況');
	status.getCell('B2').value = '実施済み';
	status.getCell('B3').value = new Date(Date.UTC(2024, 9, 15)); // an Excel date cell
	status.getCell('B4').value = 120;
	status.getCell('B5').value = 'はい'; // 方法：郵送・メール
	status.getCell('B7').value = 'はい'; // 方法：医師会等の会議

	const institutions = workbook.getWorksheet(await sheetFor(TOKYO, 'medical_institutions'))!;
	expect(institutions.getCell('A1').value).toBe('医療機関名');
	for (let r = 2; r < 30; r++) institutions.getRow(r).values = [];
	institutions.getRow(2).values = [
		'都立広尾病院',
		'1312345678',
		'渋谷区',
		'産婦人科、救急科',
		'はい',
		'はい',
		'いいえ',
		'いいえ',
		'地域連携室'
	];
	institutions.getRow(3).values = [
		'東京医療センター',
		'',
		'目黒区',
		'産婦人科',
		'いいえ',
		'',
		'はい',
		'',
		'医療相談窓口'
	];

	const record = workbook.getWorksheet(await sheetFor(TOKYO, 'coordination_record'))!;
	for (let r = 2; r < 30; r++) record.getRow(r).values = [];
	record.getRow(2).values = ['令和6年9月30日', '福祉局 男女共同参画課', '協力病院の拡充', '継続'];

	const grant = workbook.getWorksheet(await sheetFor(TOKYO, 'grant_report'))!;
	grant.getCell('B2').value = '令和6年度';
	expect(grant.getCell('A4').value).toBe('交付金の区分');
	for (let r = 5; grant.getCell(r, 1).value; r++) {
		grant.getCell(r, 2).value = 1_000_000 * (r - 4);
		grant.getCell(r, 3).value = `${(900_000 * (r - 4)).toLocaleString('ja-JP')}円`; // typed as text
	}
}

describe('回答様式 (Excel)', () => {
	test('round trip: export, fill in, upload — every item is submitted with the right data', async () => {
		const tokyo = await as(TOKYO);
		const { fileName, bytes } = await buildResponseWorkbook(db, tokyo, noticeId, now);
		expect(fileName).toMatch(/^回答様式_.*\.xlsx$/);
		const workbook = await load(bytes);
		expect(workbook.getWorksheet('_kairan')?.state).toBe('veryHidden');
		await fill(workbook);

		const result = await importResponseWorkbook(db, tokyo, noticeId, await save(workbook), now);
		expect(result).toEqual({ ok: true, submitted: 4 });

		const answers = await ownResponses(db, tokyo, noticeId);
		const byKind = (kind: string) =>
			answers.items.find((i) => i.id === templateItem.get(kind))!.response!;
		expect(answers.items.every((i) => i.response?.status === 'submitted')).toBe(true);
		expect(byKind('status_checklist').data).toMatchObject({
			status: 'done',
			distributedOn: '2024-10-15',
			institutionsReached: 120,
			methods: ['mail', 'association_meeting']
		});
		expect(byKind('medical_institutions').data).toMatchObject({
			institutions: [
				{
					name: '都立広尾病院',
					institutionCode: '1312345678',
					municipality: '渋谷区',
					clinicalDepartments: ['obstetrics_gynecology', 'emergency'],
					accepts24Hours: true,
					collectsEvidence: true,
					emergencyContraception: false,
					contact: '地域連携室'
				},
				{
					name: '東京医療センター',
					municipality: '目黒区',
					clinicalDepartments: ['obstetrics_gynecology'],
					emergencyContraception: true
				}
			]
		});
		expect(byKind('coordination_record').data).toEqual({
			entries: [
				{
					date: '2024-09-30',
					counterpart: '福祉局 男女共同参画課',
					topic: '協力病院の拡充',
					outcome: '継続'
				}
			]
		});
		const grant = byKind('grant_report').data as {
			fiscalYear: number;
			lines: { planned: number; actual: number }[];
		};
		expect(grant.fiscalYear).toBe(2024);
		expect(grant.lines.length).toBeGreaterThan(0);
		expect(grant.lines[0]).toMatchObject({ planned: 1_000_000, actual: 900_000 });

		// A new export carries the submitted answers back, ready to be revised.
		const again = await load((await buildResponseWorkbook(db, tokyo, noticeId, now)).bytes);
		const sheet = again.getWorksheet(await sheetFor(TOKYO, 'medical_institutions'))!;
		expect(sheet.getCell('D2').value).toBe('産婦人科、救急科');
		expect(
			again.getWorksheet(await sheetFor(TOKYO, 'status_checklist'))!.getCell('B3').value
		).toEqual(new Date(Date.UTC(2024, 9, 15)));

		// The file downloaded before that submission is now stale: a conflict, nothing saved.
		const before = await stored(TOKYO);
		const stale = await importResponseWorkbook(db, tokyo, noticeId, await save(workbook), now).then(
			() => null,
			(e: unknown) => e
		);
		expect(stale).toBeInstanceOf(UserError);
		expect((stale as UserError).status).toBe(409);
		expect((stale as UserError).message).toContain('ダウンロードし直して');
		expect(await stored(TOKYO)).toEqual(before);
	});

	test('files that are not the form are refused with one clear error', async () => {
		const tokyo = await as(TOKYO);
		const random = new Uint8Array(2048).map((_, i) => (i * 7919) % 256);
		const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF');
		// A zip that is not an XLSX: an empty archive and one whose entry is not a workbook.
		const emptyZip = new Uint8Array([
			0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
		]);
		const notWorkbook = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...random.slice(0, 200)]);
		const plain = new ExcelJS.Workbook();
		plain.addWorksheet('Sheet1').getCell('A1').value = '回答';
		for (const bytes of [random, pdf, emptyZip, notWorkbook, await save(plain)]) {
			const result = await importResponseWorkbook(db, tokyo, noticeId, bytes, now);
			expect(result.ok).toBe(false);
			if (result.ok) continue;
			expect(result.errors).toHaveLength(1);
			expect(result.errors[0].message).toMatch(/回答様式/);
		}
	});

	test('invalid cells are each reported at their sheet, row and column; nothing is saved', async () => {
		const tokyo = await as(TOKYO);
		const workbook = await load((await buildResponseWorkbook(db, tokyo, noticeId, now)).bytes);
		await fill(workbook);
		const statusSheet = await sheetFor(TOKYO, 'status_checklist');
		const institutionsSheet = await sheetFor(TOKYO, 'medical_institutions');
		const recordSheet = await sheetFor(TOKYO, 'coordination_record');
		workbook.getWorksheet(statusSheet)!.getCell('B4').value = -5;
		workbook.getWorksheet(institutionsSheet)!.getCell('D3').value = '産婦人科、眼科';
		workbook.getWorksheet(recordSheet)!.getCell('A2').value = '令和6年13月45日';
		const before = await stored(TOKYO);

		const result = await importResponseWorkbook(db, tokyo, noticeId, await save(workbook), now);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					sheet: statusSheet,
					row: 4,
					column: 'B',
					message: expect.stringContaining('負の数')
				}),
				expect.objectContaining({
					sheet: institutionsSheet,
					row: 3,
					column: 'D',
					label: '対応可能な診療科',
					message: expect.stringContaining('眼科')
				}),
				expect.objectContaining({
					sheet: recordSheet,
					row: 2,
					column: 'A',
					label: '日付',
					message: expect.stringContaining('日付')
				})
			])
		);
		expect(result.errors).toHaveLength(3);
		expect(await stored(TOKYO)).toEqual(before);
	});

	test("another department's form is refused", async () => {
		const yokohama = await as('yokohama.health@example.jp');
		const { bytes } = await buildResponseWorkbook(db, yokohama, noticeId, now);
		const before = await stored(TOKYO);
		const result = await importResponseWorkbook(db, await as(TOKYO), noticeId, bytes, now);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors[0].message).toContain('別の部局');
		expect(await stored(TOKYO)).toEqual(before);
	});

	test('a file over 5 MB is refused before it is read', async () => {
		const big = new Uint8Array(MAX_WORKBOOK_BYTES + 1);
		big.set([0x50, 0x4b, 0x03, 0x04]);
		const result = await importResponseWorkbook(db, await as(TOKYO), noticeId, big, now);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors[0].message).toContain('5 MB');
	});

	test('a small file that would unpack to far more than any form is refused unread', async () => {
		// 30 MB of one repeated character compresses to almost nothing: the zip-bomb shape of an
		// upload with hundreds of thousands of rows.
		const bomb = new ExcelJS.Workbook();
		bomb.addWorksheet('記2').getCell('A1').value = 'あ'.repeat(10_000_000);
		const bytes = await save(bomb);
		expect(bytes.length).toBeLessThan(MAX_WORKBOOK_BYTES);
		expect(zipUncompressedSize(bytes)).toBeGreaterThan(MAX_WORKBOOK_UNPACKED_BYTES);
		const result = await importResponseWorkbook(db, await as(TOKYO), noticeId, bytes, now);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors[0].message).toContain('中身が大きすぎます');
		// An honest form is far below the limit.
		const form = await buildResponseWorkbook(db, await as(TOKYO), noticeId);
		expect(zipUncompressedSize(form.bytes)).toBeLessThan(MAX_WORKBOOK_UNPACKED_BYTES / 10);
	});

	test('only a respondent of a department that answers the notice gets its form', async () => {
		const error = await buildResponseWorkbook(
			db,
			await as('mhlw.issuer@example.jp'),
			noticeId
		).then(
			() => null,
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(UserError);
		expect((error as UserError).status).toBe(404);
	});
});
