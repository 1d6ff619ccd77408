// A table (header + rows) as the files people open in Excel: CSV in UTF-8 with a byte-order
// mark (without it Excel reads Japanese as Shift_JIS and shows mojibake) and CRLF line ends,
// via csv-stringify; and XLSX via exceljs, with a frozen, bold header row and widths that fit.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | null;
/**
 * What a column holds beyond text and numbers, for the XLSX: `day` cells are YYYY-MM-DD,
 * `instant` cells YYYY-MM-DD HH:mm:ss in Japan time (the header says so); both become real
 * date cells there, while the CSV keeps the text (which Excel reads as dates as well).
 */
export type ColumnType = 'day' | 'instant' | null;
export type Table = { title: string; columns: string[]; types?: ColumnType[]; rows: Cell[][] };

/** A moment as Japan's wall clock: 2024-10-20 10:00:00 (Japan has no daylight saving). */
export function japanTime(at: Date): string {
	return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The XLSX cell of a typed column: a Date whose UTC fields are the wall clock shown. */
function typedCell(type: ColumnType | undefined, c: Cell): ExcelJS.CellValue {
	if (typeof c === 'boolean') return c ? 'はい' : 'いいえ';
	if (typeof c !== 'string' || !type) return c;
	const m = (type === 'day' ? DAY : INSTANT).exec(c);
	if (!m) return c;
	const [y, mo, d, h = 0, mi = 0, se = 0] = m.slice(1).map(Number);
	return new Date(Date.UTC(y, mo - 1, d, h, mi, se));
}

const NUM_FMT = { day: 'yyyy/m/d', instant: 'yyyy/m/d h:mm:ss' } as const;

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
	return tablesToXlsx([table]);
}

/** Several tables as the sheets of one workbook (names made unique within it). */
export async function tablesToXlsx(tables: readonly Table[]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Kairan';
	const used = new Set<string>();
	for (const table of tables) {
		let name = sheetName(table.title);
		for (let n = 2; used.has(name); n++) name = `${sheetName(table.title).slice(0, 27)}_${n}`;
		used.add(name);
		const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.addRow(table.columns).font = { bold: true };
		for (const row of table.rows) sheet.addRow(row.map((c, i) => typedCell(table.types?.[i], c)));
		sheet.columns.forEach((column, i) => {
			const type = table.types?.[i];
			if (type) column.numFmt = NUM_FMT[type];
			const longest = Math.max(
				...[table.columns[i], ...table.rows.map((r) => r[i])].map((v) => String(v ?? '').length)
			);
			// Japanese characters are about twice as wide as Latin ones in Excel's units.
			column.width = Math.min(60, Math.max(8, longest * 2));
		});
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
