// Every field type: the definition schema of a field (any type, tables included), and the
// one lookup from a field to its functions.
import { z } from 'zod';
import { scalarFieldSchema, type ScalarField, type ScalarValue } from './scalar.ts';
import { tableFieldSchema, type Row, type TableField } from './table.ts';

export const fieldSchema = z.discriminatedUnion('type', [scalarFieldSchema, tableFieldSchema]);
export type Field = ScalarField | TableField;
export type FieldValue = ScalarValue | Row[];
export type FieldTypeName = Field['type'];

export const FIELD_TYPE_NAMES = [
	'short_text',
	'long_text',
	'whole_number',
	'amount_yen',
	'percentage',
	'date',
	'fiscal_year',
	'single_choice',
	'multiple_choice',
	'yes_no',
	'table',
	'file',
	'code'
] as const satisfies readonly FieldTypeName[];

/** The name of each field type for the editor's menu. */
export const FIELD_TYPE_LABELS: Record<FieldTypeName, { ja: string; en: string }> = {
	short_text: { ja: '短い文', en: 'Short text' },
	long_text: { ja: '長い文', en: 'Long text' },
	whole_number: { ja: '整数（単位つき）', en: 'Whole number (with unit)' },
	amount_yen: { ja: '金額（円）', en: 'Amount in yen' },
	percentage: { ja: '割合（%）', en: 'Percentage' },
	date: { ja: '日付', en: 'Date' },
	fiscal_year: { ja: '年度', en: 'Fiscal year' },
	single_choice: { ja: '選択（1つ）', en: 'Single choice' },
	multiple_choice: { ja: '選択（複数）', en: 'Multiple choice' },
	yes_no: { ja: 'はい・いいえ', en: 'Yes / no' },
	table: { ja: '表（行の繰り返し）', en: 'Table (repeating rows)' },
	file: { ja: 'ファイル', en: 'File' },
	code: { ja: 'コード（検査つき）', en: 'Code (checked)' }
};

export type { ScalarField, ScalarValue } from './scalar.ts';
export type { Row, TableField } from './table.ts';
export type { Condition, FieldProblem, Mode } from './base.ts';
export type { Choice } from './choices.ts';
export type { FileRef } from './file.ts';
export type { CodeCheckName } from './code.ts';
export { CODE_CHECKS, CODE_CHECK_NAMES } from './code.ts';
