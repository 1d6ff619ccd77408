import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { sheetName, tableToCsv, tableToXlsx, type Table } from './table-files.ts';

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
});
