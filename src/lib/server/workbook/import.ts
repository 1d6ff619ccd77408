// A filled-in 回答様式 back in: each item's sheet is read by the item's definition (sheetLayout,
// the same as the export), its cells turned into what validateAnswer reads (choice labels →
// values, date cells → dates, はい/いいえ → true/false), checked as a submission, and every
// problem reported at its sheet, row and column. Then all of it is submitted in one
// transaction, or nothing.
import ExcelJS from 'exceljs';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError } from '../errors.ts';
import { EditConflict, ownResponses, saveResponseIn } from '../responses/own.ts';
import { zipUncompressedSize } from '../uploads/zip.ts';
import { withoutCommentLinks } from './package.ts';
import { validateAnswer, type ItemDefinition } from '../../domain/forms/index.ts';
import type { GrantLineRate } from '../../domain/responses/index.ts';
import { parseFiscalYear } from '../../domain/responses/grant-report.ts';
import { todayInJapan } from '../../domain/dates.ts';
import {
	NO,
	YES,
	cellValue,
	columnLetter,
	isBlankRaw,
	norm,
	parseFlag,
	readCell,
	type Raw
} from './cells.ts';
import { locate, sheetLayout, type SheetLayout, type TableBlock } from './layout.ts';
import { FORMAT, META_SHEET, sheetOf } from './export.ts';

/** Uploads larger than this are refused before they are read. */
export const MAX_WORKBOOK_BYTES = 5 * 1024 * 1024;
/**
 * What a 回答様式 may unpack to. A full form (1,000 institutions on 記2) is a few MB inside; a
 * file far beyond that would take hundreds of MB of memory to load, so it is refused unread.
 */
export const MAX_WORKBOOK_UNPACKED_BYTES = 25 * 1024 * 1024;

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

export type ExpectedItem = {
	id: string;
	definition: ItemDefinition;
	/** The department's current answer: what the sheet does not carry (files) is kept from it. */
	current?: Record<string, unknown> | null;
};

export type ParseExpectation = {
	noticeId: string;
	departmentId: string;
	items: readonly ExpectedItem[];
	/** GrantLine rows of every fiscal year (a grant_share item is checked against its year's). */
	grantLines?: readonly (GrantLineRate & { fiscalYear: number })[];
	/** YYYY-MM-DD in Japan time; todayInJapan() when absent. */
	today?: string;
};

export type ParsedResponse = { itemId: string; data: unknown; revision: number };

export type ParseResult =
	{ ok: true; responses: ParsedResponse[] } | { ok: false; errors: WorkbookError[] };

const fileError = (message: string): ParseResult => ({
	ok: false,
	errors: [{ sheet: '', row: null, column: null, message }]
});

const NOT_XLSX =
	'Excel の回答様式（.xlsx）として読めないファイルです。このページからダウンロードした回答様式に記入し、Excel 形式のまま保存してアップロードしてください。';

type SheetRead = {
	data: Record<string, unknown>;
	/** Per table, the sheet row of each row read (a FieldProblem's `key.3` is rowsOf(t)[3]). */
	rows: Map<TableBlock, number[]>;
	errors: WorkbookError[];
};

function readItemSheet(
	sheet: ExcelJS.Worksheet,
	layout: SheetLayout,
	current: Record<string, unknown>,
	item: ItemDefinition
): SheetRead {
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
	const expectText = (row: number, column: number, text: string, message: string) => {
		const v = cellValue(sheet.getCell(row, column));
		if (typeof v !== 'string' || norm(v) !== norm(text))
			errors.push({ sheet: name, row, column: columnLetter(column), label: text, message });
	};

	const data: Record<string, unknown> = Object.create(null);
	// Files are attached on screen: the sheet never holds them, the current answer does.
	for (const f of item.fields)
		if (f.type === 'file' && Object.hasOwn(current, f.key)) data[f.key] = current[f.key];

	for (const s of layout.scalars) {
		expectText(
			s.row,
			1,
			s.caption,
			`${s.row}行目の項目が「${s.caption}」ではありません。行の追加・削除・入れ替えをせずに、ダウンロードした様式のまま記入してください。`
		);
		const raw = read(sheet.getCell(s.row, 2), s.field.label);
		if (!s.choice) {
			data[s.field.key] = readCell(s.field, raw);
			continue;
		}
		const chosen = parseFlag(raw);
		if (typeof chosen === 'string')
			errors.push({
				sheet: name,
				row: s.row,
				column: 'B',
				label: s.caption,
				message: `「${s.caption}」は「${YES}」か「${NO}」（または空欄）にしてください。`
			});
		const list = (data[s.field.key] as string[] | undefined) ?? [];
		if (chosen === true) list.push(s.choice.value);
		data[s.field.key] = list;
	}

	const rows = new Map<TableBlock, number[]>();
	for (const table of layout.tables) {
		for (const c of table.columns)
			expectText(
				table.headerRow,
				c.column,
				c.caption,
				`見出しが「${c.caption}」ではありません。列の追加・削除・入れ替えをせずに、ダウンロードした様式のまま記入してください。`
			);
		const numbers: number[] = [];
		const entries: Record<string, unknown>[] = [];
		const last = table.lastRow ?? sheet.rowCount;
		for (let r = table.headerRow + 1; r <= last; r++) {
			const row = sheet.getRow(r);
			const raws = table.columns.map((c) => read(row.getCell(c.column), c.field.label));
			if (raws.every(isBlankRaw)) continue;
			numbers.push(r);
			const entry: Record<string, unknown> = Object.create(null);
			table.columns.forEach((c, i) => (entry[c.field.key] = readCell(c.field, raws[i])));
			entries.push(entry);
		}
		rows.set(table, numbers);
		data[table.field.key] = entries;
	}
	return { data, rows, errors };
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
		const definition = item.definition;
		const entry = itemRows.find((r) => r[1] === item.id);
		const sheet = entry && workbook.getWorksheet(entry[2]);
		if (!entry || !sheet) {
			errors.push({
				sheet: sheetOf(definition),
				row: null,
				column: null,
				message: `${sheetOf(definition)}のシートがありません。最新の回答様式をダウンロードし直してください。`
			});
			continue;
		}
		const revision = Number(entry[4]);
		const layout = sheetLayout(definition);
		const read = readItemSheet(sheet, layout, item.current ?? {}, definition);
		errors.push(...read.errors);
		if (read.errors.length > 0) continue;
		const year =
			definition.behaviour === 'grant_share' ? parseFiscalYear(read.data.fiscalYear) : null;
		const checked = validateAnswer(definition, read.data, {
			mode: 'submit',
			today,
			grantLines:
				definition.behaviour === 'grant_share'
					? (expected.grantLines ?? []).filter((l) => l.fiscalYear === year)
					: undefined
		});
		if (!checked.ok) {
			for (const e of checked.errors)
				errors.push({
					sheet: sheet.name,
					...locate(layout, e.path, (t) => read.rows.get(t) ?? []),
					message: e.message
				});
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
	const grantLines = own.items.some((i) => i.definition.behaviour === 'grant_share')
		? await db.grantLine.findMany({ orderBy: [{ fiscalYear: 'asc' }, { code: 'asc' }] })
		: [];
	const parsed = await parseResponseWorkbook(bytes, {
		noticeId,
		departmentId: user.departmentId!,
		items: own.items.map((i) => ({
			id: i.id,
			definition: i.definition,
			current: i.response?.data ?? null
		})),
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
