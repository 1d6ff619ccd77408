// A table (header + rows) as the files people open in Excel: CSV in UTF-8 with a byte-order
// mark (without it Excel reads Japanese as Shift_JIS and shows mojibake) and CRLF line ends,
// via csv-stringify; and XLSX via exceljs, with a frozen, bold header row and widths that fit.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;
export type Table = { title: string; columns: string[]; rows: Cell[][] };

const BOM = '\uFEFF';

export function tableToCsv(table: Table): string {
	return (
		BOM +
		stringify([table.columns, ...table.rows], {
			record_delimiter: 'windows',
			// Respondents type names and free text; a cell starting with = + - @ must open in Excel
			// as text, never as a formula (CSV injection). The XLSX writes strings as strings.
			escape_formulas: true,
			cast: { boolean: (v) => (v ? 'はい' : 'いいえ') }
		})
	);
}

/** Sheet names are at most 31 characters and may not contain []:*?/\ (Excel's rules). */
export function sheetName(title: string): string {
	return title.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

export async function tableToXlsx(table: Table): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Kairan';
	const sheet = workbook.addWorksheet(sheetName(table.title), {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	sheet.addRow(table.columns).font = { bold: true };
	for (const row of table.rows)
		sheet.addRow(row.map((c) => (typeof c === 'boolean' ? (c ? 'はい' : 'いいえ') : c)));
	sheet.columns.forEach((column, i) => {
		const longest = Math.max(
			...[table.columns[i], ...table.rows.map((r) => r[i])].map((v) => String(v ?? '').length)
		);
		// Japanese characters are about twice as wide as Latin ones in Excel's units.
		column.width = Math.min(60, Math.max(8, longest * 2));
	});
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
