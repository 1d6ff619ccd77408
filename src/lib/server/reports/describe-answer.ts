// An answer as a person reads it, field by field, from its item's definition: each shown field
// in a few words (describeField: 令和6年度, 1,234機関), dates also as YYYY-MM-DD for the page to
// show the Gregorian date beside the 和暦, and a table as its rows of described cells.
import type { AnswerValue, Field, ItemDefinition, Row } from '../../domain/forms/index.ts';
import { describeField, isFieldShown } from '../../domain/forms/index.ts';

export type DescribedCell = { text: string; date?: string };
export type DescribedField = {
	label: string;
	text: string;
	date?: string;
	/** A table's rows: its columns' labels and each row's cells. */
	table?: { columns: string[]; rows: DescribedCell[][] };
};

const cell = (field: Field, value: unknown): DescribedCell => ({
	text: describeField(field, value as never),
	...(field.type === 'date' && typeof value === 'string' ? { date: value } : {})
});

/** The shown fields of a read answer (readAnswer's value), in the definition's order. */
export function describeAnswer(item: ItemDefinition, answer: AnswerValue): DescribedField[] {
	return item.fields
		.filter((f) => isFieldShown(f, answer))
		.map((f) => {
			const value = answer[f.key];
			if (f.type !== 'table') return { label: f.label, ...cell(f, value) };
			const rows = (Array.isArray(value) ? value : []) as Row[];
			return {
				label: f.label,
				text: describeField(f, rows),
				table: {
					columns: f.columns.map((c) => c.label),
					rows: rows.map((row) =>
						f.columns.map((c) => (isFieldShown(c, row) ? cell(c, row[c.key]) : { text: '' }))
					)
				}
			};
		});
}
