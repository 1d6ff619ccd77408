// Every field type but the table: what a table's columns may be.
import { z } from 'zod';
import { amountYen, amountYenFieldSchema, type AmountYenField } from './amount-yen.ts';
import { code, codeFieldSchema, type CodeField } from './code.ts';
import { date, dateFieldSchema, type DateField } from './date.ts';
import { file, fileFieldSchema, type FileField } from './file.ts';
import { fiscalYear, fiscalYearFieldSchema, type FiscalYearField } from './fiscal-year.ts';
import { longText, longTextFieldSchema, type LongTextField } from './long-text.ts';
import {
	multipleChoice,
	multipleChoiceFieldSchema,
	type MultipleChoiceField
} from './multiple-choice.ts';
import { percentage, percentageFieldSchema, type PercentageField } from './percentage.ts';
import { shortText, shortTextFieldSchema, type ShortTextField } from './short-text.ts';
import { singleChoice, singleChoiceFieldSchema, type SingleChoiceField } from './single-choice.ts';
import { wholeNumber, wholeNumberFieldSchema, type WholeNumberField } from './whole-number.ts';
import { yesNo, yesNoFieldSchema, type YesNoField } from './yes-no.ts';
import type { FieldType } from './base.ts';
import type { FileRef } from './file.ts';

export const scalarFieldSchema = z.discriminatedUnion('type', [
	shortTextFieldSchema,
	longTextFieldSchema,
	wholeNumberFieldSchema,
	amountYenFieldSchema,
	percentageFieldSchema,
	dateFieldSchema,
	fiscalYearFieldSchema,
	singleChoiceFieldSchema,
	multipleChoiceFieldSchema,
	yesNoFieldSchema,
	fileFieldSchema,
	codeFieldSchema
]);

export type ScalarField =
	| ShortTextField
	| LongTextField
	| WholeNumberField
	| AmountYenField
	| PercentageField
	| DateField
	| FiscalYearField
	| SingleChoiceField
	| MultipleChoiceField
	| YesNoField
	| FileField
	| CodeField;

/** The value each scalar field type stores. */
export type ScalarValueOf = {
	/** Trimmed, line breaks as \n. */
	short_text: string;
	long_text: string;
	whole_number: number;
	amount_yen: number;
	/** 12.5 means 12.5 %. */
	percentage: number;
	/** YYYY-MM-DD. */
	date: string;
	/** The starting calendar year: 2024 = 令和6年度. */
	fiscal_year: number;
	/** The chosen choice's value. */
	single_choice: string;
	/** The chosen values, without repeats; [] when none. */
	multiple_choice: string[];
	yes_no: boolean;
	file: FileRef;
	/** Digits only. */
	code: string;
};

/** The value a scalar field stores: text, a number, YYYY-MM-DD, the chosen values, a file. */
export type ScalarValue = string | number | boolean | string[] | FileRef;

export const SCALAR_TYPES = {
	short_text: shortText,
	long_text: longText,
	whole_number: wholeNumber,
	amount_yen: amountYen,
	percentage,
	date,
	fiscal_year: fiscalYear,
	single_choice: singleChoice,
	multiple_choice: multipleChoice,
	yes_no: yesNo,
	file,
	code
} satisfies {
	[K in ScalarField['type']]: FieldType<Extract<ScalarField, { type: K }>, ScalarValueOf[K]>;
};

/** The type's functions for a field (one lookup, so callers never switch on field types). */
export function scalarType(field: ScalarField): FieldType<ScalarField, ScalarValue> {
	return SCALAR_TYPES[field.type] as unknown as FieldType<ScalarField, ScalarValue>;
}
