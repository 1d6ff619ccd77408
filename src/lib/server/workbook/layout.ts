// Where an item's fields sit in its sheet of the 回答様式, decided once from the definition and
// used by both the export and the import (so the two can never disagree):
//   - the item's fields other than tables as label/value rows: row 1 is the header 項目 / 回答,
//     one field per row from row 2 (a multiple choice: one はい/いいえ row per choice, as
//     people tick boxes on paper);
//   - then each table: a header row of its columns, and a row per table row. A table that is
//     not the last has exactly maxRows rows before a blank row and the next table.
// When an item has only tables, the first table's header is row 1.
// File fields are not in the sheet: files are attached on screen (their answers are kept).
import type {
	Choice,
	Field,
	ItemDefinition,
	ScalarField,
	TableField
} from '../../domain/forms/index.ts';
import { columnLetter, fieldCaption } from './cells.ts';

export type ScalarRow = {
	field: ScalarField;
	/** A multiple choice's row for one of its choices. */
	choice?: Choice;
	row: number;
	caption: string;
};

export type TableColumn = { field: ScalarField; column: number; caption: string };

export type TableBlock = {
	field: TableField;
	headerRow: number;
	columns: TableColumn[];
	/** The last row a row of this table may be on; null for the last table (to the sheet's end). */
	lastRow: number | null;
};

export type SheetLayout = { scalars: ScalarRow[]; tables: TableBlock[] };

const inSheet = (f: Field) => f.type !== 'file';

export function sheetLayout(item: ItemDefinition): SheetLayout {
	const scalars: ScalarRow[] = [];
	let row = 2;
	for (const field of item.fields) {
		if (field.type === 'table' || !inSheet(field)) continue;
		if (field.type === 'multiple_choice')
			for (const choice of field.choices)
				scalars.push({ field, choice, row: row++, caption: `${field.label}：${choice.label}` });
		else scalars.push({ field, row: row++, caption: fieldCaption(field) });
	}
	const tableFields = item.fields.filter((f): f is TableField => f.type === 'table');
	const tables: TableBlock[] = [];
	let header = scalars.length > 0 ? row + 1 : 1;
	tableFields.forEach((field, i) => {
		const columns = field.columns
			.filter(inSheet)
			.map((c, n) => ({ field: c, column: n + 1, caption: fieldCaption(c) }));
		const last = i === tableFields.length - 1;
		tables.push({
			field,
			headerRow: header,
			columns,
			lastRow: last ? null : header + field.maxRows
		});
		header += field.maxRows + 2;
	});
	return { scalars, tables };
}

/** Where a FieldProblem's path lands: `key` (a field), `key.3.column` (a table's row 3). */
export function locate(
	layout: SheetLayout,
	path: string,
	rowsOf: (table: TableBlock) => readonly number[]
): { row: number | null; column: string | null; label?: string } {
	const [key, index, columnKey] = path.split('.');
	const scalar = layout.scalars.find((s) => s.field.key === key);
	if (scalar) return { row: scalar.row, column: 'B', label: scalar.field.label };
	const table = layout.tables.find((t) => t.field.key === key);
	if (!table) return { row: null, column: null };
	if (index === undefined) return { row: table.headerRow, column: 'A', label: table.field.label };
	const row = rowsOf(table)[Number(index)] ?? table.headerRow;
	const column = table.columns.find((c) => c.field.key === columnKey);
	return column
		? { row, column: columnLetter(column.column), label: column.field.label }
		: { row, column: 'A', label: table.field.label };
}
