// What every field component is given: its definition, its name in the posted form (the path
// validateAnswer reports: `key`, `table.0.column`), the DOM id its error summary links to, the
// value to start from (as stored or as typed before a refused save) and its error, if any.
import type { Field } from '#lib/domain/forms/index.ts';

export type FieldProps<F extends Field = Field> = {
	field: F;
	name: string;
	id: string;
	value: unknown;
	error?: string;
	/** In a table's grid: the accessible name (「運営費 計画額」), the label itself hidden. */
	cellLabel?: string;
	/** Options a behaviour restricts the field to (the years with grant lines). */
	options?: { value: string; label: string }[];
};

/** The DOM id of the input for a path: `i4` + `lines.0.planned` → `i4-lines-0-planned`. */
export const fieldId = (idPrefix: string, path: string) =>
	`${idPrefix}-${path.replaceAll('.', '-')}`;

/** The ids that describe an input: its help and its error. */
export const describedBy = (id: string, help: boolean, error: boolean) =>
	[help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A value as an input's text: '' for nothing. */
export const asText = (v: unknown): string =>
	v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v);
