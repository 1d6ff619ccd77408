// table: repeating rows of typed columns (the institutions of 記2, the consultations of 記3,
// the grant lines of 記4). Columns are any field type but a table (one level); a column's
// shownIf and required conditions read the same row.
import { z } from 'zod';
import { MAX_COLUMNS, MAX_ROWS } from '../limits.ts';
import {
	fieldBaseShape,
	formatCount,
	type FieldBase,
	type FieldProblem,
	type Parsed
} from './base.ts';
import { scalarFieldSchema, type ScalarField, type ScalarValue } from './scalar.ts';

export const tableFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('table'),
		columns: z
			.array(scalarFieldSchema)
			.min(1, '表の列を1つ以上用意してください。')
			.max(MAX_COLUMNS, `表の列は${MAX_COLUMNS}個までです。`),
		/** Rows a submission needs (drafts may have fewer). */
		minRows: z.number().int().min(0).max(MAX_ROWS).default(0),
		maxRows: z.number().int().min(1).max(MAX_ROWS).default(100),
		/** The counter for summaries: 「3機関」「2件」. */
		unit: z.string().trim().min(1).max(10).default('件')
	})
	.refine((f) => f.minRows <= f.maxRows, {
		message: '行数の下限が上限を超えています。',
		path: ['minRows']
	});
export type TableField = FieldBase & {
	type: 'table';
	columns: ScalarField[];
	minRows: number;
	maxRows: number;
	unit: string;
};

/** A stored row: column key → value, in a null-prototype object. */
export type Row = Record<string, ScalarValue>;

/** How a row is read: supplied by the item validator (shownIf, required, each column's type). */
export type ReadRow = (
	columns: readonly ScalarField[],
	raw: unknown,
	path: string
) => { value: Row | null; problems: FieldProblem[] };

/** Reads the rows; an absent list is []. Paths are relative: `3.name`. */
export function parseTable(def: TableField, raw: unknown, readRow: ReadRow): Parsed<Row[]> {
	if (raw === undefined || raw === null || raw === '') return { ok: true, value: [] };
	if (!Array.isArray(raw))
		return {
			ok: false,
			problems: [{ path: '', message: `${def.label}の形式が正しくありません。` }]
		};
	if (raw.length > def.maxRows)
		return {
			ok: false,
			problems: [{ path: '', message: `${def.label}は${formatCount(def.maxRows)}件までです。` }]
		};
	const rows: Row[] = [];
	const problems: FieldProblem[] = [];
	// Every index, holes included (a form posting row 5 alone): a hole is a malformed row.
	for (let i = 0; i < raw.length; i++) {
		const row = readRow(def.columns, raw[i], String(i));
		problems.push(...row.problems);
		if (row.value) rows.push(row.value);
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value: rows };
}

/**
 * The rows with something entered: only they count as 「件」 (toward minRows, and for a required
 * table). A blank row is not an entry, and a 回答様式 cannot even carry one (a spreadsheet's empty
 * rows are no rows), so the screen and the workbook must agree that it does not count.
 */
export const enteredRows = (rows: readonly Row[]): number => rows.filter(isEntered).length;

/** A row with something entered (see enteredRows). */
export const isEntered = (row: Row): boolean => Object.keys(row).length > 0;

export function completeTable(def: TableField, rows: readonly Row[]): FieldProblem[] {
	return enteredRows(rows) < def.minRows
		? [{ path: '', message: `${def.label}を${formatCount(def.minRows)}件以上入力してください。` }]
		: [];
}

export const describeTable = (def: TableField, rows: readonly Row[] | undefined): string =>
	`${formatCount(rows?.length ?? 0)}${def.unit}`;
