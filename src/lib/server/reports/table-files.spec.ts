import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import {
	collect,
	csvStream,
	sheetName,
	streamOf,
	tableToCsv,
	tableToXlsx,
	xlsxStream,
	type Cell,
	type Table,
	type TableStream
} from './table-files.ts';

const table: Table = {
	title: '回答一覧: 記1/記2',
	columns: ['団体コード', '団体名', '医療機関数', '配布済み'],
	rows: [
		['141003', '横浜市', 3, true],
		['131121', '世田谷区, "特別区"', null, false]
	]
};

describe('table files', () => {
	it('CSV starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
		const csv = tableToCsv(table);
		expect(csv.startsWith('\uFEFF団体コード,')).toBe(true);
		expect(csv).toContain('\r\n');
		const rows = parse(csv.slice(1)) as string[][];
		expect(rows[2]).toEqual(['131121', '世田谷区, "特別区"', '', 'いいえ']);
		expect(rows[1][2]).toBe('3');
	});

	it('CSV: a cell a respondent typed as a formula opens in Excel as text', () => {
		const csv = tableToCsv({
			title: 't',
			columns: ['名称'],
			rows: [['=HYPERLINK("http://example.invalid","x")'], ['+81-3'], ['@SUM(A1)'], ['普通の病院']]
		});
		const cells = (parse(csv.slice(1)) as string[][]).slice(1).map((r) => r[0]);
		expect(cells).toEqual([
			`'=HYPERLINK("http://example.invalid","x")`,
			"'+81-3",
			"'@SUM(A1)",
			'普通の病院'
		]);
	});

	it('XLSX holds the same cells, numbers as numbers, on a sheet with a legal name', async () => {
		const bytes = await tableToXlsx(table);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
		const sheet = workbook.worksheets[0];
		expect(sheet.name).toBe(sheetName(table.title));
		expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
		expect(sheet.getRow(1).values).toEqual([undefined, ...table.columns]);
		expect(sheet.getCell('C2').value).toBe(3);
		expect(sheet.getCell('B3').value).toBe('世田谷区, "特別区"');
		expect(sheet.getCell('D2').value).toBe('はい');
	});

	it('streamed CSV has the same bytes as the CSV written from an array', async () => {
		const bytes = await collect(csvStream(streamOf(table)));
		// ignoreBOM: keep the byte-order mark in the text, so the comparison sees it.
		expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(tableToCsv(table));
	});

	it('streamed XLSX reads its rows as they are written: every row, typed, in sheets', async () => {
		let pulled = 0;
		const many: TableStream = {
			title: '多数',
			columns: ['番号', '日付', '時刻'],
			types: [null, 'day', 'instant'],
			rows: async function* (): AsyncGenerator<Cell[]> {
				for (let i = 0; i < 1500; i++) {
					pulled++;
					yield [i, '2026-04-01', '2026-04-01 09:30:00'];
				}
			}
		};
		const bytes = await collect(xlsxStream([many, streamOf(table)]));
		expect(pulled).toBe(1500);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
		const [first, second] = workbook.worksheets;
		expect(first.rowCount).toBe(1501);
		expect(first.getCell('A1501').value).toBe(1499);
		expect(first.getCell('B2').value).toEqual(new Date(Date.UTC(2026, 3, 1)));
		expect(first.getCell('C2').value).toEqual(new Date(Date.UTC(2026, 3, 1, 9, 30)));
		expect(first.getCell('B2').numFmt).toBe('yyyy/m/d');
		expect(first.getRow(1).font?.bold).toBe(true);
		expect(second.getCell('B3').value).toBe('世田谷区, "特別区"');
	});
});
