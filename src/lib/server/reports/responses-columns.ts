// The columns an item contributes to the national response table, read from its definition, and
// how each answer becomes cells. Separate from the table (responses-table.ts), which reads the
// recipients and lays out the rows: this is the per-item rule, and other reports (prefecture.ts)
// share its grant rates.
import type { Db } from '../db/client.ts';
import { listGrantLines } from '../responses/grant-lines.ts';
import {
	readAnswer,
	type AnswerValue,
	type ItemDefinition,
	type Row,
	type ScalarField
} from '../../domain/forms/index.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { labelOf } from '../../domain/forms/fields/choices.ts';
import { grantTotals, type GrantLineRate } from '../../domain/responses/grant-report.ts';
import type { Cell, ColumnType } from './table-files.ts';

/**
 * Grant lines for the tables: columns follow the latest year's lines; each answer is computed
 * at the rates of the fiscal year it reports (the latest year's when that year has none).
 */
export async function grantRates(db: Db) {
	const grantLines = await listGrantLines(db);
	const latestYear = grantLines[0]?.fiscalYear;
	const yearLines = grantLines.filter((l) => l.fiscalYear === latestYear);
	const ratesOfYear = (fiscalYear: number) => {
		const lines = grantLines.filter((l) => l.fiscalYear === fiscalYear);
		return lines.length > 0 ? lines : yearLines;
	};
	return { yearLines, ratesOfYear };
}

/** A ResponseItem row as the reports read it (definition absent: the kind's template). */
type ItemRow = {
	id: string;
	number: number;
	title: string;
	kind: string;
	functions: unknown;
	/** Read by who-must-answer (responses/due.ts); itemColumns does not need it. */
	bodyKinds?: unknown;
	deadline?: string | null;
	definition?: unknown;
};

const definitionOf = (row: ItemRow): ItemDefinition =>
	itemFromRow({
		number: row.number,
		title: row.title,
		deadline: row.deadline ?? null,
		definition: row.definition ?? null
	});

/**
 * One field's value as a cell of the national table: choices by their labels, はい/いいえ,
 * dates as YYYY-MM-DD (typed `day`: date cells in the XLSX), numbers as numbers.
 */
export function fieldCell(field: ScalarField, value: unknown): Cell {
	if (value === undefined || value === null) return null;
	switch (field.type) {
		case 'single_choice':
			return labelOf(field.choices, value as string);
		case 'multiple_choice':
			return (value as string[]).map((v) => labelOf(field.choices, v)).join('、') || null;
		case 'yes_no':
			return value === true ? 'はい' : 'いいえ';
		case 'file':
			return (value as { name: string }).name;
		default:
			return value as string | number;
	}
}

export const fieldColumnType = (field: ScalarField): ColumnType =>
	field.type === 'date' ? 'day' : null;

type Column = { header: string; type: ColumnType; cell: (v: AnswerValue) => Cell };

/**
 * The columns an item contributes, read from its definition: one per field (「記1 状況」), a
 * table by its number of rows (「記2 医療機関 件数」; its rows are in tableRows), and what the
 * item's behaviour adds (grant_share: each line's amounts and national share, and totals).
 */
export function itemColumns(
	row: ItemRow,
	grantLines: GrantLineRate[],
	ratesOfYear: (fiscalYear: number) => GrantLineRate[] = () => grantLines
) {
	const item = definitionOf(row);
	const p = `記${item.number}`;
	const columns: Column[] = item.fields.map((f) =>
		f.type === 'table'
			? {
					header: `${p} ${f.label} 件数`,
					type: null,
					cell: (v) => (Array.isArray(v[f.key]) ? (v[f.key] as Row[]).length : 0)
				}
			: { header: `${p} ${f.label}`, type: fieldColumnType(f), cell: (v) => fieldCell(f, v[f.key]) }
	);
	if (item.behaviour === 'grant_share') columns.push(...grantColumns(p, grantLines, ratesOfYear));
	return {
		item,
		headers: columns.map((c) => c.header),
		types: columns.map((c) => c.type),
		cells: (data: unknown): Cell[] => {
			const value = readAnswer(item, data);
			return columns.map((c) => (value ? c.cell(value) : null));
		}
	};
}

/** grant_share: per line (of the latest year) planned, actual and national share; totals. */
function grantColumns(
	p: string,
	grantLines: GrantLineRate[],
	ratesOfYear: (fiscalYear: number) => GrantLineRate[]
): Column[] {
	const totalsOf = (v: AnswerValue) => {
		const fiscalYear = v.fiscalYear as number | undefined;
		if (fiscalYear === undefined) return null;
		// Each answer's share at the rates of the year it reports (columns by line code).
		const lines = ((v.lines ?? []) as Row[]).map((r) => ({
			code: r.code as string,
			planned: r.planned as number | undefined,
			actual: r.actual as number | undefined
		}));
		return grantTotals({ fiscalYear, lines }, ratesOfYear(fiscalYear));
	};
	const line = (code: string, pick: 'planned' | 'actual' | 'actualShare') => (v: AnswerValue) => {
		const totals = totalsOf(v);
		return totals ? (totals.rows.find((x) => x.code === code)?.[pick] ?? 0) : null;
	};
	return [
		...grantLines.flatMap((l): Column[] => [
			{ header: `${p} ${l.name} 計画額`, type: null, cell: line(l.code, 'planned') },
			{ header: `${p} ${l.name} 実績額`, type: null, cell: line(l.code, 'actual') },
			{ header: `${p} ${l.name} 国庫補助額`, type: null, cell: line(l.code, 'actualShare') }
		]),
		{ header: `${p} 実績額合計`, type: null, cell: (v) => totalsOf(v)?.total.actual ?? null },
		{
			header: `${p} 国庫補助額合計`,
			type: null,
			cell: (v) => totalsOf(v)?.total.actualShare ?? null
		}
	];
}
