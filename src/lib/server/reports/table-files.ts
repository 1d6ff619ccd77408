// A table (header + rows) as the files people open in Excel: CSV in UTF-8 with a byte-order
// mark (without it Excel reads Japanese as Shift_JIS and shows mojibake) and CRLF line ends,
// via csv-stringify; and XLSX via exceljs, with a frozen, bold header row and widths that fit.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
// Types only: exceljs (~40 MB resident once loaded) is imported when a workbook is written, so a
// process that only serves CSV or pages never loads it (xlsxStream).
import type ExcelJS from 'exceljs';

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

/**
 * A table whose rows are read as they are written (an export of thousands of departments):
 * neither the rows nor the file are ever held whole in memory.
 */
export type TableStream = {
	title: string;
	columns: string[];
	types?: ColumnType[];
	rows: () => AsyncIterable<Cell[]>;
};

const CSV_OPTIONS = {
	record_delimiter: 'windows',
	// Respondents type names and free text; a cell starting with = + - @ must open in Excel
	// as text, never as a formula (CSV injection). The XLSX writes strings as strings.
	escape_formulas: true,
	cast: { boolean: (v: boolean) => (v ? 'はい' : 'いいえ') }
} as const;

export function tableToCsv(table: Table): string {
	return BOM + stringifySync([table.columns, ...table.rows], CSV_OPTIONS);
}

/** The rows of an in-memory table, as a stream's rows are read. */
export function streamOf(table: Table): TableStream {
	return {
		...table,
		rows: async function* () {
			yield* table.rows;
		}
	};
}

/** CSV as a byte stream: csv-stringify's transform fed row by row, with backpressure. */
export function csvStream(table: TableStream): ReadableStream<Uint8Array> {
	async function* lines() {
		yield table.columns;
		yield* table.rows();
	}
	const csv = Readable.from(lines()).pipe(stringify({ ...CSV_OPTIONS, bom: true }));
	return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}

/** Sheet names are at most 31 characters and may not contain []:*?/\ (Excel's rules). */
export function sheetName(title: string): string {
	return title.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

/** Rows read to size the columns before the first is written (the rest follow unseen). */
const WIDTH_SAMPLE = 200;

/** Writes one table as a sheet of a streaming workbook, row by row. */
async function writeSheet(
	workbook: ExcelJS.stream.xlsx.WorkbookWriter,
	name: string,
	table: TableStream,
	output: PassThrough
) {
	const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
	const rows = table.rows()[Symbol.asyncIterator]();
	const sample: Cell[][] = [];
	let done = false;
	while (!done && sample.length < WIDTH_SAMPLE) {
		const next = await rows.next();
		if (next.done) done = true;
		else sample.push(next.value);
	}
	sheet.columns = table.columns.map((header, i) => {
		const type = table.types?.[i];
		const longest = Math.max(
			...[header, ...sample.map((r) => r[i])].map((v) => String(v ?? '').length)
		);
		// Japanese characters are about twice as wide as Latin ones in Excel's units.
		return {
			width: Math.min(60, Math.max(8, longest * 2)),
			...(type ? { style: { numFmt: NUM_FMT[type] } } : {})
		};
	});
	const header = sheet.addRow(table.columns);
	header.font = { bold: true };
	header.commit();
	let written = 0;
	const write = async (row: Cell[]) => {
		const added = sheet.addRow(row.map((c, i) => typedCell(table.types?.[i], c)));
		table.types?.forEach((type, i) => {
			if (type) added.getCell(i + 1).numFmt = NUM_FMT[type];
		});
		added.commit();
		// The zip writes into `output`; wait while the reader is behind, so memory stays flat.
		if (++written % 200 === 0 && output.writableNeedDrain) await once(output, 'drain');
	};
	for (const row of sample) await write(row);
	if (!done)
		for (let next = await rows.next(); !next.done; next = await rows.next())
			await write(next.value);
	sheet.commit();
}

/**
 * Several tables as the sheets of one workbook (names made unique within it), written by
 * exceljs's streaming WorkbookWriter as the rows are read.
 */
export function xlsxStream(tables: readonly TableStream[]): ReadableStream<Uint8Array> {
	const output = new PassThrough();
	void (async () => {
		const { default: excel } = await import('exceljs');
		const workbook = new excel.stream.xlsx.WorkbookWriter({
			stream: output,
			useStyles: true,
			useSharedStrings: false
		});
		workbook.creator = 'Kairan';
		const used = new Set<string>();
		for (const table of tables) {
			let name = sheetName(table.title);
			for (let n = 2; used.has(name); n++) name = `${sheetName(table.title).slice(0, 27)}_${n}`;
			used.add(name);
			await writeSheet(workbook, name, table, output);
		}
		await workbook.commit();
	})().catch((error: unknown) => output.destroy(error as Error));
	return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

/** A whole stream's bytes (for tests and small tables). */
export async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function tableToXlsx(table: Table): Promise<Uint8Array> {
	return tablesToXlsx([table]);
}

/** In-memory tables as the sheets of one workbook (the same writer as the exports). */
export async function tablesToXlsx(tables: readonly Table[]): Promise<Uint8Array> {
	return collect(xlsxStream(tables.map(streamOf)));
}
