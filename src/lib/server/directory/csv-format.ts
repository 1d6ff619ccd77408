// The departments CSV: one format for export and import (an admin exports, edits in a
// spreadsheet, imports). Decoding detects what spreadsheets on Japanese desks save: UTF-8 with
// or without a BOM, or Shift_JIS as Windows writes it (CP932).
//
// Decoder: Node's built-in TextDecoder('shift_jis') (full ICU ships with Node 24). It implements
// the WHATWG Encoding Standard's Shift_JIS, which *is* CP932 (NEC and IBM extensions: ①, ⅰ, 髙;
// 0x8160 → ～ U+FF5E as Excel means it), is maintained with Node itself and needs no dependency;
// iconv-lite would add a package for the same table.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export const DEPARTMENT_CSV_COLUMNS = [
	'id',
	'organization_code',
	'organization_name',
	'department',
	'function',
	'emails',
	'contact_section',
	'contact_phone',
	'retired'
] as const;
export type DepartmentCsvRow = Record<(typeof DEPARTMENT_CSV_COLUMNS)[number], string>;
const REQUIRED = ['organization_code', 'department', 'function'] as const;

/** Decodes uploaded bytes: a UTF-8 BOM, else valid UTF-8, else CP932. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'shift_jis' } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
		return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
	}
}

export type ParsedCsv =
	{ ok: true; rows: { line: number; row: DepartmentCsvRow }[] } | { ok: false; message: string };

/** Parses the text into rows keyed by column, each with the line it starts on. */
export function parseDepartmentsCsv(text: string): ParsedCsv {
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(text, {
			relax_column_count: false,
			skip_empty_lines: true,
			info: true
		}) as unknown as typeof records;
	} catch (e) {
		return { ok: false, message: `CSVとして読めません：${(e as Error).message}` };
	}
	if (records.length === 0) return { ok: false, message: 'CSVが空です。' };
	const header = records[0].record.map((h) => h.trim().toLowerCase());
	const missing = REQUIRED.filter((c) => !header.includes(c));
	if (missing.length)
		return {
			ok: false,
			message: `見出し行に必要な列がありません：${missing.join(', ')}（列：${DEPARTMENT_CSV_COLUMNS.join(', ')}）`
		};
	const unknown = header.filter((h) => !(DEPARTMENT_CSV_COLUMNS as readonly string[]).includes(h));
	if (unknown.length) return { ok: false, message: `知らない列があります：${unknown.join(', ')}` };
	const rows = records.slice(1).map(({ record: cells, info }) => {
		const row = Object.fromEntries(DEPARTMENT_CSV_COLUMNS.map((c) => [c, ''])) as DepartmentCsvRow;
		header.forEach((h, j) => {
			row[h as keyof DepartmentCsvRow] = (cells[j] ?? '').trim();
		});
		// The line the record ends on, as a text editor or a spreadsheet counts (header = 1).
		return { line: info.lines, row };
	});
	return { ok: true, rows };
}

/** CSV text (UTF-8 with a BOM and CRLF, so Excel opens it as it saves it) of the rows given. */
export function formatDepartmentsCsv(rows: DepartmentCsvRow[], withHeader: boolean): string {
	const body = stringify(
		rows.map((r) => DEPARTMENT_CSV_COLUMNS.map((c) => r[c])),
		{ record_delimiter: '\r\n' }
	);
	return withHeader
		? '\ufeff' + stringify([[...DEPARTMENT_CSV_COLUMNS]], { record_delimiter: '\r\n' }) + body
		: body;
}

const RETIRED_WORDS = new Set(['1', 'true', 'yes', 'y', '廃止', '○', '〇']);
export const isRetiredCell = (cell: string) =>
	RETIRED_WORDS.has(cell.normalize('NFKC').trim().toLowerCase());
