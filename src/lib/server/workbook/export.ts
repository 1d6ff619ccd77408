// The 回答様式 as an Excel workbook: a department downloads its own answers as one sheet per
// response item it must answer (記1, 記2, …), built from the item's definition (sheetLayout),
// fills it in offline as it has always done, and uploads it (import.ts).
//
// A very hidden sheet `_kairan` records the notice, the department and, per item, the sheet
// and the revision it was exported at: an upload for another notice or department is refused,
// and one made after someone of the department saved in between is a conflict, as on screen.
//
// NO PERSONAL DATA ABOUT VICTIMS: the sheets carry exactly the fields of the definitions.
import ExcelJS from 'exceljs';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { ownResponses } from '../responses/own.ts';
import type { ItemDefinition, ScalarField } from '../../domain/forms/index.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { defaultFiscalYear } from '../../domain/responses/grant-report.ts';
import type { GrantLineRate } from '../../domain/responses/index.ts';
import { YES, fieldNote, styleCell, writeCell, type ListSheet } from './cells.ts';
import { sheetLayout, type TableBlock } from './layout.ts';

export const META_SHEET = '_kairan';
export const LISTS_SHEET = '_choices';
export const FORMAT = 'kairan-answer-form-1';
/** Empty rows given formats and dropdowns below a table's entries, for new entries. */
const SPARE_ROWS = 100;

export const sheetOf = (item: { number: number }): string => `記${item.number}`;

const HEADER_FILL: ExcelJS.Fill = {
	type: 'pattern',
	pattern: 'solid',
	fgColor: { argb: 'FFE8EEF7' }
};

function headerCell(cell: ExcelJS.Cell, text: string, note?: string) {
	cell.value = text;
	cell.font = { bold: true };
	cell.fill = HEADER_FILL;
	if (note) cell.note = note;
}

/** Long choice lists for dropdowns, one column each in a hidden sheet. */
function listSheet(workbook: ExcelJS.Workbook): ListSheet {
	let sheet: ExcelJS.Worksheet | undefined;
	const ranges = new Map<string, string>();
	return {
		range(values) {
			const key = values.join('\u0000');
			const known = ranges.get(key);
			if (known) return known;
			sheet ??= workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
			const column = ranges.size + 1;
			values.forEach((v, i) => (sheet!.getCell(i + 1, column).value = v));
			const letter = sheet.getColumn(column).letter;
			const range = `${LISTS_SHEET}!$${letter}$1:$${letter}$${values.length}`;
			ranges.set(key, range);
			return range;
		}
	};
}

export type ExportItem = {
	definition: ItemDefinition;
	data: Record<string, unknown>;
};

export type ExportContext = {
	lists: ListSheet;
	/** grant_share: the GrantLine rows of every year, to list the year's lines ready to fill. */
	grantLines: readonly (GrantLineRate & { fiscalYear: number })[];
	/** The fiscal year a grant report starts at when it has none yet. */
	startYear: number;
};

const get = (o: Record<string, unknown>, key: string) =>
	Object.hasOwn(o, key) ? o[key] : undefined;

/**
 * The rows a table starts with: its answered rows; for the grant_share behaviour, the lines of
 * the answer's fiscal year (their codes filled in, each line's name in a note) followed by any
 * answered line of another code.
 */
function startingRows(
	item: ItemDefinition,
	table: TableBlock,
	data: Record<string, unknown>,
	ctx: ExportContext
): { row: Record<string, unknown>; note?: string }[] {
	const answered = (
		Array.isArray(get(data, table.field.key)) ? get(data, table.field.key) : []
	) as Record<string, unknown>[];
	if (item.behaviour !== 'grant_share' || table.field.key !== 'lines')
		return answered.map((row) => ({ row }));
	const year = typeof data.fiscalYear === 'number' ? data.fiscalYear : ctx.startYear;
	const ofYear = ctx.grantLines.filter((l) => l.fiscalYear === year);
	return [
		...ofYear.map((l) => ({
			row: answered.find((a) => a.code === l.code) ?? { code: l.code },
			note: l.name
		})),
		...answered.filter((a) => !ofYear.some((l) => l.code === a.code)).map((row) => ({ row }))
	];
}

function addItemSheet(workbook: ExcelJS.Workbook, item: ExportItem, ctx: ExportContext) {
	const { definition } = item;
	// A grant report starts at the year whose lines it lists, so the two agree.
	const data =
		definition.behaviour === 'grant_share' && item.data.fiscalYear === undefined
			? { ...item.data, fiscalYear: ctx.startYear }
			: item.data;
	const layout = sheetLayout(definition);
	const sheet = workbook.addWorksheet(sheetOf(definition), {
		views: [
			{
				state: 'frozen',
				ySplit: layout.scalars.length > 0 ? 1 : layout.tables[0] ? layout.tables[0].headerRow : 0
			}
		],
		properties: { defaultColWidth: 14 }
	});
	const heading = `${sheetOf(definition)}\u3000${definition.title}${definition.instructions ? `\n${definition.instructions}` : ''}`;
	if (layout.scalars.length > 0) {
		headerCell(sheet.getCell('A1'), '項目');
		headerCell(sheet.getCell('B1'), '回答', heading);
		sheet.getColumn(1).width = 26;
		sheet.getColumn(2).width = 60;
		for (const s of layout.scalars) {
			const label = sheet.getCell(s.row, 1);
			label.value = s.caption;
			label.font = { bold: true };
			const cell = sheet.getCell(s.row, 2);
			const value = get(data, s.field.key);
			if (s.choice) {
				// One はい/いいえ row per choice; an unchosen choice stays blank, as an unticked box.
				const chosen = Array.isArray(value) && value.includes(s.choice.value);
				cell.value = chosen ? YES : null;
				styleCell(cell, { ...s.field, type: 'yes_no', checkbox: true } as ScalarField, ctx.lists);
			} else {
				cell.value = writeCell(s.field, value);
				styleCell(cell, s.field, ctx.lists);
			}
			const note = fieldNote(s.field, false);
			const first = layout.scalars.find((x) => x.field === s.field) === s;
			if (note && first) cell.note = note;
		}
	}
	for (const table of layout.tables) {
		const header = sheet.getRow(table.headerRow);
		table.columns.forEach((c, i) => {
			headerCell(header.getCell(c.column), c.caption, fieldNote(c.field, true));
			if (i === 0 && layout.scalars.length === 0)
				header.getCell(c.column).note = [
					`${heading}\n1行に1件ずつ入力してください。`,
					fieldNote(c.field, true)
				]
					.filter(Boolean)
					.join('\n');
			const column = sheet.getColumn(c.column);
			column.width = Math.max(
				column.width ?? 14,
				Math.min(40, Math.max(12, c.caption.length * 2 + 2))
			);
		});
		const rows = startingRows(definition, table, data, ctx);
		const room = table.lastRow === null ? Infinity : table.lastRow - table.headerRow;
		const count = Math.min(room, table.field.maxRows, rows.length + SPARE_ROWS);
		for (let r = 0; r < count; r++) {
			const row = sheet.getRow(table.headerRow + 1 + r);
			table.columns.forEach((c, i) => {
				const cell = row.getCell(c.column);
				const entry = rows[r];
				if (entry) {
					cell.value = writeCell(c.field, get(entry.row, c.field.key));
					if (i === 0 && entry.note) cell.note = entry.note;
				}
				styleCell(cell, c.field, ctx.lists);
			});
		}
	}
}

/** The workbook of some items with their answers (the export's body, also for tests). */
export async function writeResponseWorkbook(
	items: readonly (ExportItem & { id: string; revision: number })[],
	meta: { noticeId: string; departmentId: string; title: string },
	ctx: Omit<ExportContext, 'lists'>
): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Kairan';
	workbook.title = meta.title;
	const lists = listSheet(workbook);
	for (const item of items) addItemSheet(workbook, item, { ...ctx, lists });
	const sheet = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
	sheet.addRow(['format', FORMAT]);
	sheet.addRow(['noticeId', meta.noticeId]);
	sheet.addRow(['departmentId', meta.departmentId]);
	for (const item of items)
		sheet.addRow([
			'item',
			item.id,
			sheetOf(item.definition),
			item.definition.number,
			item.revision
		]);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

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
	const grantLines = responses.items.some((i) => i.definition.behaviour === 'grant_share')
		? await db.grantLine.findMany({ orderBy: [{ fiscalYear: 'asc' }, { code: 'asc' }] })
		: [];
	const startYear = defaultFiscalYear(
		todayInJapan(now),
		grantLines.map((l) => l.fiscalYear)
	);
	const bytes = await writeResponseWorkbook(
		responses.items.map((item) => ({
			id: item.id,
			definition: item.definition,
			data: item.response?.data ?? {},
			revision: item.response?.revision ?? 0
		})),
		{ noticeId, departmentId: user.departmentId!, title },
		{ grantLines, startYear }
	);
	const name = `回答様式_${department.organization.name}${department.name}_${title}`;
	return { fileName: `${name.replace(/[\\/:*?"<>|]/g, '_').slice(0, 120)}.xlsx`, bytes };
}
