// The 回答様式 as an Excel workbook, both ways: a department downloads its own answers as one
// sheet per response item (記1, 記2, …), fills it in offline as it has always done, and uploads
// it; the whole file is then checked cell by cell and submitted all at once or not at all.
//
// A very hidden sheet `_kairan` records the notice, the department and, per item, the sheet
// and the revision it was exported at: an upload for another notice or department is refused,
// and one made after someone of the department saved in between is a conflict, as on screen.
//
// NO PERSONAL DATA ABOUT VICTIMS: the sheets carry exactly the fields of the answer kinds.
import ExcelJS from 'exceljs';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError } from '../errors.ts';
import { EditConflict, ownResponses, saveResponseIn } from './own.ts';
import { zipUncompressedSize } from '../uploads/zip.ts';
import { withoutCommentLinks } from '../workbook/package.ts';
import { validateResponse, type GrantLineRate } from '../../domain/responses/index.ts';
import type { ResponseItemKind } from '../../domain/notices.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { METHODS, METHOD_LABELS, STATUS_LABELS } from '../../domain/responses/status-checklist.ts';
import { CLINICAL_DEPARTMENTS } from '../../domain/responses/clinical-departments.ts';
import { YES_NO_LABELS } from '../../domain/responses/yes-no.ts';
import {
	defaultFiscalYear,
	fiscalYearLabel,
	parseFiscalYear
} from '../../domain/responses/grant-report.ts';

/** Uploads larger than this are refused before they are read. */
export const MAX_WORKBOOK_BYTES = 5 * 1024 * 1024;
/**
 * What a 回答様式 may unpack to. A full form (1,000 institutions on 記2) is a few MB inside; a
 * file far beyond that would take hundreds of MB of memory to load, so it is refused unread.
 */
export const MAX_WORKBOOK_UNPACKED_BYTES = 25 * 1024 * 1024;

const META_SHEET = '_kairan';
const FORMAT = 'kairan-answer-form-1';
/** Empty rows given dropdowns below a list's entries, for new entries. */
const SPARE_ROWS = 100;

export type WorkbookError = {
	/** The sheet (記1 …), or '' for the file as a whole. */
	sheet: string;
	/** 1-based row number, or null for the file or sheet as a whole. */
	row: number | null;
	/** Column letter (A, B, …), or null. */
	column: string | null;
	/** The column's (or row's) label, when there is one. */
	label?: string;
	message: string;
};

export type ExpectedItem = { id: string; number: number; kind: ResponseItemKind };

export type ParseExpectation = {
	noticeId: string;
	departmentId: string;
	items: readonly ExpectedItem[];
	/** GrantLine rows of every fiscal year (grant_report is checked against its own year's). */
	grantLines?: readonly (GrantLineRate & { fiscalYear: number })[];
	/** YYYY-MM-DD in Japan time; todayInJapan() when absent. */
	today?: string;
};

export type ParsedResponse = { itemId: string; data: unknown; revision: number };

export type ParseResult =
	{ ok: true; responses: ParsedResponse[] } | { ok: false; errors: WorkbookError[] };

// ---------------------------------------------------------------------------------------------
// Fields: how one value is written to a cell and read back.

type FieldType = 'text' | 'number' | 'date' | 'flag' | 'choice' | 'choices' | 'code';
type Field = {
	key: string;
	label: string;
	type: FieldType;
	/** choice / choices: stored value and its label in the sheet. */
	options?: readonly { value: string; label: string }[];
	width?: number;
	note?: string;
};

type Raw = string | number | boolean | Date | undefined;

const YES = 'はい';
const NO = 'いいえ';

const statusOptions = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }));
const yesNoOptions = Object.entries(YES_NO_LABELS).map(([value, l]) => ({ value, label: l.ja }));
const departmentOptions = CLINICAL_DEPARTMENTS.map((d) => ({ value: d.key, label: d.ja }));

const institutionFields: Field[] = [
	{ key: 'name', label: '医療機関名', type: 'text', width: 30 },
	{
		key: 'institutionCode',
		label: '医療機関コード',
		type: 'code',
		width: 16,
		note: '10桁の数字（都道府県2桁・点数表1桁・7桁）'
	},
	{ key: 'municipality', label: '所在市区町村', type: 'text', width: 18 },
	{
		key: 'clinicalDepartments',
		label: '対応可能な診療科',
		type: 'choices',
		options: departmentOptions,
		width: 30,
		note: `「、」で区切って複数入力できます。選べる診療科：${departmentOptions.map((d) => d.label).join('、')}`
	},
	{ key: 'accepts24Hours', label: '24時間受入れ', type: 'flag', width: 14 },
	{ key: 'collectsEvidence', label: '証拠採取・保管', type: 'flag', width: 14 },
	{ key: 'emergencyContraception', label: '緊急避妊', type: 'flag', width: 12 },
	{ key: 'housesCenter', label: 'センター設置', type: 'flag', width: 12 },
	{ key: 'contact', label: '連絡窓口', type: 'text', width: 24 }
];

const consultationFields: Field[] = [
	{
		key: 'date',
		label: '日付',
		type: 'date',
		width: 14,
		note: '日付のセル、または「令和6年10月21日」「2024-10-21」'
	},
	{ key: 'counterpart', label: '協議先', type: 'text', width: 28 },
	{ key: 'topic', label: '議題', type: 'text', width: 36 },
	{ key: 'outcome', label: '結果', type: 'text', width: 48 }
];

/** Label/value sheets: one field per row from row 2 (row 1 is the header 項目 / 回答). */
const formFields: Partial<Record<ResponseItemKind, Field[]>> = {
	status_checklist: [
		{ key: 'status', label: '状況', type: 'choice', options: statusOptions },
		{
			key: 'distributedOn',
			label: '配布日',
			type: 'date',
			note: '日付のセル、または「令和6年10月21日」「2024-10-21」'
		},
		{ key: 'institutionsReached', label: '配布した医療機関数', type: 'number' },
		...METHODS.map((m): Field => ({
			key: `methods:${m}`,
			label: `方法：${METHOD_LABELS[m]}`,
			type: 'flag'
		})),
		{ key: 'otherMethod', label: 'その他の方法', type: 'text' },
		{ key: 'note', label: '備考', type: 'text' }
	],
	free_text: [{ key: 'text', label: '回答', type: 'text' }],
	yes_no: [
		{ key: 'answer', label: '回答', type: 'choice', options: yesNoOptions },
		{ key: 'comment', label: '補足', type: 'text' }
	]
};

const listFields: Partial<Record<ResponseItemKind, { rowsKey: string; fields: Field[] }>> = {
	medical_institutions: { rowsKey: 'institutions', fields: institutionFields },
	coordination_record: { rowsKey: 'entries', fields: consultationFields }
};

const GRANT_HEADER_ROW = 4;
const grantFields: Field[] = [
	{ key: 'code', label: '区分コード', type: 'text', width: 20 },
	{ key: 'name', label: '区分', type: 'text', width: 36 },
	{ key: 'planned', label: '計画額（円）', type: 'number', width: 18 },
	{ key: 'actual', label: '実績額（円）', type: 'number', width: 18 }
];

const columnLetter = (n: number) => {
	let s = '';
	for (let i = n; i > 0; i = Math.floor((i - 1) / 26))
		s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
	return s;
};

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utcDate = (iso: string) => {
	const [y, m, d] = iso.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
};

/** The value a person sees in a cell: formulas by their result, rich text as its text. */
/**
 * A cell's value. Text holding U+0000 (which an .xlsx carries as `_x0000_`) is refused as an
 * unusable value: PostgreSQL cannot store it, and no one types it.
 */
function cellValue(cell: ExcelJS.Cell): Raw | { error: string } {
	const v = readCell(cell);
	return typeof v === 'string' && v.includes('\u0000') ? { error: '使えない文字 NUL' } : v;
}

function readCell(cell: ExcelJS.Cell): Raw | { error: string } {
	const v = cell.value;
	if (v === null || v === undefined) return undefined;
	if (typeof v === 'string') return v.trim() === '' ? undefined : v;
	if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
	if (typeof v === 'object') {
		if ('richText' in v) return v.richText.map((r) => r.text).join('') || undefined;
		if ('error' in v) return { error: String(v.error) };
		if ('formula' in v || 'sharedFormula' in v) {
			const result = (v as { result?: unknown }).result;
			if (result === undefined || result === null) return undefined;
			if (typeof result === 'object' && result !== null && 'error' in result)
				return { error: String((result as { error: unknown }).error) };
			return result as Raw;
		}
		if ('text' in v) return String((v as { text: unknown }).text);
	}
	return String(v as unknown as string);
}

const isBlank = (v: Raw) => v === undefined || (typeof v === 'string' && v.trim() === '');
const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

function parseFlag(v: Raw): boolean | Raw {
	if (isBlank(v) || v === false) return false;
	if (v === true || v === 1) return true;
	if (v === 0) return false;
	const t = norm(String(v));
	if (['はい', '○', '◯', 'yes', 'y', 'true', '1', '有', 'あり'].includes(t)) return true;
	if (['いいえ', '×', '-', 'no', 'n', 'false', '0', '無', 'なし'].includes(t)) return false;
	return String(v);
}

/** A cell's value as the kind's schema reads it (the schema says what is wrong, if anything). */
function readField(field: Field, v: Raw): unknown {
	if (isBlank(v)) return field.type === 'choices' ? [] : undefined;
	switch (field.type) {
		case 'date':
			if (v instanceof Date) return ymd(v);
			// A date serial in a cell formatted as a number.
			if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2958466)
				return ymd(new Date(Date.UTC(1899, 11, 30) + v * 86_400_000));
			return String(v);
		case 'number':
			return v instanceof Date ? ymd(v) : typeof v === 'boolean' ? String(v) : v;
		case 'code':
			if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
				// A code typed into a number cell loses its leading zero (0112345678 → 112345678).
				const digits = String(v);
				return digits.length === 9 ? `0${digits}` : digits;
			}
			return String(v);
		case 'flag':
			return parseFlag(v);
		case 'choice': {
			const t = norm(String(v));
			const option = field.options!.find((o) => norm(o.label) === t || norm(o.value) === t);
			return option?.value ?? String(v);
		}
		case 'choices':
			return String(v)
				.split(/[、,，;；\n・/／]/)
				.map((s) => s.trim())
				.filter((s) => s !== '')
				.map((s) => {
					const t = norm(s);
					return field.options!.find((o) => norm(o.label) === t || norm(o.value) === t)?.value ?? s;
				});
		default:
			return v instanceof Date ? ymd(v) : String(v);
	}
}

/** A stored value as a cell value. */
function writeField(field: Field, value: unknown): ExcelJS.CellValue {
	if (value === undefined || value === null || value === '') return null;
	switch (field.type) {
		case 'date':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
				? utcDate(value)
				: String(value);
		case 'number':
			return typeof value === 'number' ? value : String(value);
		case 'flag':
			return value === true ? YES : NO;
		case 'choice':
			return field.options!.find((o) => o.value === value)?.label ?? String(value);
		case 'choices':
			return Array.isArray(value)
				? value.map((x) => field.options!.find((o) => o.value === x)?.label ?? String(x)).join('、')
				: null;
		default:
			return String(value);
	}
}

function styleCell(cell: ExcelJS.Cell, field: Field) {
	const list = (values: string[], error: string) => {
		cell.dataValidation = {
			type: 'list',
			allowBlank: true,
			formulae: [`"${values.join(',')}"`],
			showErrorMessage: true,
			errorStyle: 'warning',
			errorTitle: field.label,
			error
		};
	};
	switch (field.type) {
		case 'date':
			cell.numFmt = 'yyyy/m/d';
			break;
		case 'number':
			cell.numFmt = '#,##0';
			break;
		case 'code':
			cell.numFmt = '@';
			break;
		case 'flag':
			list([YES, NO], `「${YES}」か「${NO}」を選んでください。`);
			break;
		case 'choice':
			list(
				field.options!.map((o) => o.label),
				'一覧から選んでください。'
			);
			break;
		default:
			cell.alignment = { wrapText: true, vertical: 'top' };
	}
}

const HEADER_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFE8EEF7' }
};

function writeHeader(row: ExcelJS.Row, fields: readonly Field[]) {
	fields.forEach((f, i) => {
		const cell = row.getCell(i + 1);
		cell.value = f.label;
		cell.font = { bold: true };
		cell.fill = HEADER_FILL;
		if (f.note) cell.note = f.note;
	});
}

// ---------------------------------------------------------------------------------------------
// Export

type ExportItem = {
	id: string;
	number: number;
	title: string;
	kind: ResponseItemKind;
	data: Record<string, unknown>;
	revision: number;
};

const sheetOf = (item: { number: number }) => `記${item.number}`;

function addItemSheet(
	workbook: ExcelJS.Workbook,
	item: ExportItem,
	grantLines: readonly (GrantLineRate & { fiscalYear: number })[],
	startYear: number
) {
	const sheet = workbook.addWorksheet(sheetOf(item), {
		views: [{ state: 'frozen', ySplit: 1 }],
		properties: { defaultColWidth: 14 }
	});
	const list = listFields[item.kind];
	if (list) {
		writeHeader(sheet.getRow(1), list.fields);
		sheet.getCell('A1').note =
			`${sheetOf(item)}\u3000${item.title}\n1行に1件ずつ入力してください。`;
		list.fields.forEach((f, i) => (sheet.getColumn(i + 1).width = f.width ?? 16));
		const rows = Array.isArray(item.data[list.rowsKey])
			? (item.data[list.rowsKey] as Record<string, unknown>[])
			: [];
		for (let r = 0; r < rows.length + SPARE_ROWS; r++) {
			const row = sheet.getRow(r + 2);
			list.fields.forEach((f, i) => {
				const cell = row.getCell(i + 1);
				if (r < rows.length) cell.value = writeField(f, rows[r]?.[f.key]);
				styleCell(cell, f);
			});
		}
		return;
	}
	if (item.kind === 'grant_report') {
		writeHeader(sheet.getRow(1), [
			{ key: 'label', label: '項目', type: 'text' },
			{ key: 'value', label: '回答', type: 'text' }
		]);
		const year = typeof item.data.fiscalYear === 'number' ? item.data.fiscalYear : startYear;
		sheet.getCell('A2').value = '年度';
		sheet.getCell('B2').value = year;
		sheet.getCell('B2').note = '「2024」や「令和6年度」';
		sheet.getCell('C2').value = fiscalYearLabel(year);
		writeHeader(sheet.getRow(GRANT_HEADER_ROW), grantFields);
		grantFields.forEach((f, i) => (sheet.getColumn(i + 1).width = f.width ?? 16));
		const answered = Array.isArray(item.data.lines)
			? (item.data.lines as { code?: string; planned?: unknown; actual?: unknown }[])
			: [];
		const ofYear = grantLines.filter((l) => l.fiscalYear === year);
		const lines = [
			...ofYear.map((l) => ({ code: l.code, name: l.name })),
			...answered
				.filter((a) => !ofYear.some((l) => l.code === a.code))
				.map((a) => ({ code: a.code ?? '', name: '' }))
		];
		lines.forEach((line, i) => {
			const row = sheet.getRow(GRANT_HEADER_ROW + 1 + i);
			const entered = answered.find((a) => a.code === line.code);
			const values = { ...line, planned: entered?.planned, actual: entered?.actual };
			grantFields.forEach((f, c) => {
				const cell = row.getCell(c + 1);
				cell.value = writeField(f, values[f.key as keyof typeof values]);
				styleCell(cell, f);
			});
		});
		return;
	}
	const fields = formFields[item.kind] ?? formFields.free_text!;
	writeHeader(sheet.getRow(1), [
		{ key: 'label', label: '項目', type: 'text' },
		{ key: 'value', label: '回答', type: 'text', note: `${sheetOf(item)}\u3000${item.title}` }
	]);
	sheet.getColumn(1).width = 26;
	sheet.getColumn(2).width = 60;
	fields.forEach((f, i) => {
		const row = sheet.getRow(i + 2);
		row.getCell(1).value = f.label;
		row.getCell(1).font = { bold: true };
		const cell = row.getCell(2);
		const [key, option] = f.key.split(':');
		const value = option
			? Array.isArray(item.data[key]) && (item.data[key] as unknown[]).includes(option)
			: item.data[key];
		cell.value = option && value === false ? null : writeField(f, value);
		styleCell(cell, f);
		if (f.note) cell.note = f.note;
	});
}

/** The default fiscal year: the current one (April to March) in Japan. */
/** The 回答様式 of the user's own department for a notice, its current responses filled in. */
export async function buildResponseWorkbook(
	db: Db,
	user: SessionUser,
	noticeId: string,
	now = new Date()
): Promise<{ fileName: string; bytes: Uint8Array }> {
	const responses = await ownResponses(db, user, noticeId);
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: { currentVersionNumber: true, versions: { select: { number: true, title: true } } }
	});
	const title = notice.versions.find((v) => v.number === notice.currentVersionNumber)?.title ?? '';
	const department = await db.department.findUniqueOrThrow({
		where: { id: user.departmentId! },
		select: { name: true, organization: { select: { name: true } } }
	});
	const grantLines = responses.items.some((i) => i.kind === 'grant_report')
		? await db.grantLine.findMany({ orderBy: [{ fiscalYear: 'asc' }, { code: 'asc' }] })
		: [];
	const startYear = defaultFiscalYear(
		todayInJapan(now),
		grantLines.map((l) => l.fiscalYear)
	);

	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Kairan';
	workbook.title = title;
	for (const item of responses.items)
		addItemSheet(
			workbook,
			{
				id: item.id,
				number: item.number,
				title: item.title,
				kind: item.kind,
				data: item.response?.data ?? {},
				revision: item.response?.revision ?? 0
			},
			grantLines,
			startYear
		);
	const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
	meta.addRow(['format', FORMAT]);
	meta.addRow(['noticeId', noticeId]);
	meta.addRow(['departmentId', user.departmentId]);
	for (const item of responses.items)
		meta.addRow(['item', item.id, sheetOf(item), item.kind, item.response?.revision ?? 0]);
	const name = `回答様式_${department.organization.name}${department.name}_${title}`;
	return {
		fileName: `${name.replace(/[\\/:*?"<>|]/g, '_').slice(0, 120)}.xlsx`,
		bytes: new Uint8Array(await workbook.xlsx.writeBuffer())
	};
}

// ---------------------------------------------------------------------------------------------
// Import

const fileError = (message: string): ParseResult => ({
	ok: false,
	errors: [{ sheet: '', row: null, column: null, message }]
});

const NOT_XLSX =
	'Excel の回答様式（.xlsx）として読めないファイルです。このページからダウンロードした回答様式に記入し、Excel 形式のまま保存してアップロードしてください。';

/** Where an error path of the kind's data lands in the sheet. */
type Locate = (path: string) => { row: number | null; column: string | null; label?: string };

type SheetRead = { data: unknown; locate: Locate; errors: WorkbookError[] };

function readItemSheet(sheet: ExcelJS.Worksheet, kind: ResponseItemKind): SheetRead {
	const errors: WorkbookError[] = [];
	const name = sheet.name;
	const read = (cell: ExcelJS.Cell, label: string): Raw => {
		const v = cellValue(cell);
		if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
			errors.push({
				sheet: name,
				row: Number(cell.row),
				column: columnLetter(Number(cell.col)),
				label,
				message: `セルがエラー値（${v.error}）です。値を入力してください。`
			});
			return undefined;
		}
		return v;
	};
	const checkHeader = (rowNumber: number, fields: readonly Field[]) => {
		const row = sheet.getRow(rowNumber);
		fields.forEach((f, i) => {
			const v = cellValue(row.getCell(i + 1));
			if (typeof v !== 'string' || norm(v) !== norm(f.label))
				errors.push({
					sheet: name,
					row: rowNumber,
					column: columnLetter(i + 1),
					label: f.label,
					message: `見出しが「${f.label}」ではありません。列の追加・削除・入れ替えをせずに、ダウンロードした様式のまま記入してください。`
				});
		});
	};
	const list = listFields[kind];
	if (list) {
		checkHeader(1, list.fields);
		const rowNumbers: number[] = [];
		const entries: Record<string, unknown>[] = [];
		for (let r = 2; r <= sheet.rowCount; r++) {
			const row = sheet.getRow(r);
			const raws = list.fields.map((f, i) => read(row.getCell(i + 1), f.label));
			if (raws.every(isBlank)) continue;
			rowNumbers.push(r);
			entries.push(Object.fromEntries(list.fields.map((f, i) => [f.key, readField(f, raws[i])])));
		}
		const locate: Locate = (path) => {
			const [, index, key] = path.split('.');
			const row = index === undefined ? 1 : (rowNumbers[Number(index)] ?? 1);
			const c = key === undefined ? -1 : list.fields.findIndex((f) => f.key === key);
			return c < 0
				? { row, column: 'A' }
				: { row, column: columnLetter(c + 1), label: list.fields[c].label };
		};
		return { data: { [list.rowsKey]: entries }, locate, errors };
	}
	if (kind === 'grant_report') {
		if (norm(String(cellValue(sheet.getCell('A2')) ?? '')) !== '年度')
			errors.push({
				sheet: name,
				row: 2,
				column: 'A',
				label: '年度',
				message: 'A2 に「年度」の行がありません。ダウンロードした様式のまま記入してください。'
			});
		checkHeader(GRANT_HEADER_ROW, grantFields);
		const yearRaw = read(sheet.getCell('B2'), '年度');
		const fiscalYear =
			typeof yearRaw === 'string' ? yearRaw : yearRaw instanceof Date ? ymd(yearRaw) : yearRaw;
		const rowNumbers: number[] = [];
		const lines: Record<string, unknown>[] = [];
		for (let r = GRANT_HEADER_ROW + 1; r <= sheet.rowCount; r++) {
			const row = sheet.getRow(r);
			const raws = grantFields.map((f, i) => read(row.getCell(i + 1), f.label));
			if ([raws[0], raws[2], raws[3]].every(isBlank)) continue;
			rowNumbers.push(r);
			lines.push({
				code: raws[0] === undefined ? undefined : String(raws[0]).trim(),
				planned: readField(grantFields[2], raws[2]),
				actual: readField(grantFields[3], raws[3])
			});
		}
		const locate: Locate = (path) => {
			if (path === 'fiscalYear') return { row: 2, column: 'B', label: '年度' };
			const [, index, key] = path.split('.');
			if (index === undefined) return { row: GRANT_HEADER_ROW, column: 'A' };
			const c = grantFields.findIndex((f) => f.key === key);
			return {
				row: rowNumbers[Number(index)] ?? GRANT_HEADER_ROW,
				column: columnLetter(c < 0 ? 1 : c + 1),
				label: grantFields[c < 0 ? 0 : c].label
			};
		};
		return { data: { fiscalYear, lines }, locate, errors };
	}
	const fields = formFields[kind] ?? formFields.free_text!;
	const data: Record<string, unknown> = {};
	fields.forEach((f, i) => {
		const rowNumber = i + 2;
		const label = cellValue(sheet.getCell(rowNumber, 1));
		if (typeof label !== 'string' || norm(label) !== norm(f.label)) {
			errors.push({
				sheet: name,
				row: rowNumber,
				column: 'A',
				label: f.label,
				message: `${rowNumber}行目の項目が「${f.label}」ではありません。行の追加・削除・入れ替えをせずに、ダウンロードした様式のまま記入してください。`
			});
			return;
		}
		const raw = read(sheet.getCell(rowNumber, 2), f.label);
		const [key, option] = f.key.split(':');
		if (!option) {
			data[key] = readField(f, raw);
			return;
		}
		const chosen = parseFlag(raw);
		if (typeof chosen !== 'boolean')
			errors.push({
				sheet: name,
				row: rowNumber,
				column: 'B',
				label: f.label,
				message: `「${f.label}」は「${YES}」か「${NO}」（または空欄）にしてください。`
			});
		const methods = (data[key] as string[] | undefined) ?? [];
		if (chosen === true) methods.push(option);
		data[key] = methods;
	});
	const locate: Locate = (path) => {
		const key = path.split('.')[0];
		const i = fields.findIndex((f) => f.key === key || f.key.startsWith(`${key}:`));
		return i < 0 ? { row: 1, column: 'B' } : { row: i + 2, column: 'B', label: fields[i].label };
	};
	return { data, locate, errors };
}

function looksLikeZip(bytes: Uint8Array) {
	return (
		bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4
	);
}

/**
 * Reads and checks a filled-in 回答様式: the file, that it is this notice's and this department's,
 * and every item as a submission. Every problem is reported with its sheet, row and column.
 */
export async function parseResponseWorkbook(
	bytes: Uint8Array,
	expected: ParseExpectation
): Promise<ParseResult> {
	if (bytes.length > MAX_WORKBOOK_BYTES)
		return fileError(
			`ファイルが大きすぎます（${(bytes.length / 1024 / 1024).toFixed(1)} MB）。回答様式は 5 MB までです。`
		);
	if (!looksLikeZip(bytes)) return fileError(NOT_XLSX);
	const unpacked = zipUncompressedSize(bytes);
	if (unpacked === null) return fileError(NOT_XLSX);
	if (unpacked > MAX_WORKBOOK_UNPACKED_BYTES)
		return fileError(
			'ファイルの中身が大きすぎます（行が多すぎます）。回答様式をダウンロードし直し、必要な行だけを記入してください。'
		);
	const workbook = new ExcelJS.Workbook();
	try {
		const readable = await withoutCommentLinks(bytes);
		if (!readable) return fileError(NOT_XLSX);
		await workbook.xlsx.load(readable);
	} catch {
		return fileError(NOT_XLSX);
	}
	const meta = workbook.getWorksheet(META_SHEET);
	const metaRows: string[][] = [];
	meta?.eachRow((row) =>
		metaRows.push([1, 2, 3, 4, 5].map((c) => String(cellValue(row.getCell(c)) ?? '')))
	);
	const metaValue = (key: string) => metaRows.find((r) => r[0] === key)?.[1];
	if (!meta || metaValue('format') !== FORMAT)
		return fileError(
			'Kairan からダウンロードした回答様式ではありません（管理用の情報が見つかりません）。このページからダウンロードした回答様式を使ってください。'
		);
	if (metaValue('noticeId') !== expected.noticeId)
		return fileError(
			'別の通知の回答様式です。この通知のページからダウンロードした回答様式を使ってください。'
		);
	if (metaValue('departmentId') !== expected.departmentId)
		return fileError(
			'別の部局の回答様式です。回答できるのは自分の部局の回答様式だけです。自分の部局でダウンロードした回答様式を使ってください。'
		);

	const errors: WorkbookError[] = [];
	const responses: ParsedResponse[] = [];
	const today = expected.today ?? todayInJapan();
	const itemRows = metaRows.filter((r) => r[0] === 'item');
	for (const row of itemRows)
		if (!expected.items.some((i) => i.id === row[1]))
			errors.push({
				sheet: row[2],
				row: null,
				column: null,
				message: `${row[2]}はこの部局が回答する項目ではなくなっています。最新の回答様式をダウンロードし直してください。`
			});
	for (const item of expected.items) {
		const entry = itemRows.find((r) => r[1] === item.id);
		const sheet = entry && workbook.getWorksheet(entry[2]);
		if (!entry || !sheet) {
			errors.push({
				sheet: sheetOf(item),
				row: null,
				column: null,
				message: `${sheetOf(item)}のシートがありません。最新の回答様式をダウンロードし直してください。`
			});
			continue;
		}
		const revision = Number(entry[4]);
		const read = readItemSheet(sheet, item.kind);
		errors.push(...read.errors);
		if (read.errors.length > 0) continue;
		const fiscalYear = (read.data as { fiscalYear?: unknown }).fiscalYear;
		const year = parseFiscalYear(fiscalYear);
		const checked = validateResponse(item.kind, read.data, {
			mode: 'submit',
			today,
			grantLines:
				item.kind === 'grant_report'
					? (expected.grantLines ?? []).filter((l) => l.fiscalYear === year)
					: undefined
		});
		if (!checked.ok) {
			for (const e of checked.errors)
				errors.push({ sheet: sheet.name, ...read.locate(e.path), message: e.message });
			continue;
		}
		responses.push({
			itemId: item.id,
			data: checked.value,
			revision: Number.isInteger(revision) && revision >= 0 ? revision : -1
		});
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, responses };
}

export type ImportResult = { ok: true; submitted: number } | { ok: false; errors: WorkbookError[] };

/**
 * Submits every item of a filled-in 回答様式 of the user's own department, in one transaction
 * and through saveResponse's rules: nothing is saved unless the whole file is valid, and an item
 * saved by someone else since the file was downloaded refuses the whole upload (409).
 */
export async function importResponseWorkbook(
	db: Db,
	user: SessionUser,
	noticeId: string,
	bytes: Uint8Array,
	now = new Date()
): Promise<ImportResult> {
	const own = await ownResponses(db, user, noticeId);
	if (own.noticeStatus !== 'published')
		throw new UserError(409, 'この通知は回答の受付を終了しています。');
	const grantLines = own.items.some((i) => i.kind === 'grant_report')
		? await db.grantLine.findMany({ orderBy: [{ fiscalYear: 'asc' }, { code: 'asc' }] })
		: [];
	const parsed = await parseResponseWorkbook(bytes, {
		noticeId,
		departmentId: user.departmentId!,
		items: own.items,
		grantLines,
		today: todayInJapan(now)
	});
	if (!parsed.ok) return parsed;
	const numberOf = new Map(own.items.map((i) => [i.id, i.number]));
	const refused = await db
		.$transaction(
			async (tx) => {
				for (const response of parsed.responses) {
					const sheet = `記${numberOf.get(response.itemId)}`;
					const result = await saveResponseIn(
						tx,
						user,
						noticeId,
						{
							itemId: response.itemId,
							data: response.data,
							revision: response.revision,
							mode: 'submit'
						},
						now
					).catch((e: unknown) => {
						if (e instanceof EditConflict)
							throw new UserError(
								409,
								`${sheet}は、この回答様式をダウンロードした後に同じ部局の別の担当者が保存しています。何も保存していません。最新の回答様式をダウンロードし直して記入してください。 / ${sheet} was saved by someone else after this file was downloaded; nothing was saved.`
							);
						throw e;
					});
					// Checked above with the same rules; a refusal here still rolls everything back.
					if (!result.ok) throw new RefusedInTransaction(sheet, result.errors);
				}
			},
			{ timeout: 30_000 }
		)
		.then(
			() => null,
			(e: unknown) => {
				if (e instanceof RefusedInTransaction) return e;
				throw e;
			}
		);
	if (refused)
		return {
			ok: false,
			errors: refused.errors.map((e) => ({
				sheet: refused.sheet,
				row: null,
				column: null,
				message: e.message
			}))
		};
	return { ok: true, submitted: parsed.responses.length };
}

class RefusedInTransaction extends Error {
	constructor(
		readonly sheet: string,
		readonly errors: { path: string; message: string }[]
	) {
		super('refused');
	}
}
