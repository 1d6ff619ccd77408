// One field's value in one cell of the 回答様式, both ways, by the field's type: how a stored
// value is written (labels for choices, はい/いいえ, date cells), how the cell is formatted and
// validated in Excel, and how what a person typed is handed to validateAnswer (which says what
// is wrong, if anything: this module only undoes what Excel does to values).
import type ExcelJS from 'exceljs';
import type { Choice, ScalarField } from '../../domain/forms/index.ts';

export type Raw = string | number | boolean | Date | undefined;

export const YES = 'はい';
export const NO = 'いいえ';

export const columnLetter = (n: number): string => {
	let s = '';
	for (let i = n; i > 0; i = Math.floor((i - 1) / 26))
		s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
	return s;
};

const pad = (n: number) => String(n).padStart(2, '0');
export const ymd = (d: Date): string =>
	`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
export const utcDate = (iso: string): Date => {
	const [y, m, d] = iso.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d));
};

/**
 * A cell's value. Text holding U+0000 (which an .xlsx carries as `_x0000_`, decoded by ExcelJS)
 * is refused as an unusable value: PostgreSQL cannot store it, and no one types it.
 */
export function cellValue(cell: ExcelJS.Cell): Raw | { error: string } {
	const v = shownValue(cell);
	return typeof v === 'string' && v.includes('\u0000') ? { error: '使えない文字 NUL' } : v;
}

/** The value a person sees in a cell: formulas by their result, rich text as its text. */
function shownValue(cell: ExcelJS.Cell): Raw | { error: string } {
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

export const isBlankRaw = (v: Raw): boolean =>
	v === undefined || (typeof v === 'string' && v.trim() === '');
export const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** はい/いいえ as people mark them (○, ×, yes, 1 …); the text itself when it is neither. */
export function parseFlag(v: Raw): boolean | undefined | string {
	if (isBlankRaw(v)) return undefined;
	if (v === true || v === 1) return true;
	if (v === false || v === 0) return false;
	const t = norm(String(v));
	if (['はい', '○', '◯', 'yes', 'y', 'true', '1', '有', 'あり', 'する'].includes(t)) return true;
	if (['いいえ', '×', '-', 'no', 'n', 'false', '0', '無', 'なし', 'しない'].includes(t))
		return false;
	return String(v);
}

/** The choice a person picked: by its label as listed, then loosely (全角, case, spaces). */
const choiceFor = (choices: readonly Choice[], text: string) => {
	const exact = choices.find((c) => c.label === text) ?? choices.find((c) => c.value === text);
	if (exact) return exact;
	const t = norm(text);
	return choices.find((c) => norm(c.label) === t) ?? choices.find((c) => norm(c.value) === t);
};

/** Several choices in one cell: 「、」 as written, else any separator people use. */
function choicesIn(choices: readonly Choice[], text: string): string[] {
	const exact = text.split('、').map((s) => choiceFor(choices, s.trim()));
	if (exact.every((c) => c !== undefined)) return exact.map((c) => c!.value);
	return text
		.split(CHOICE_SEPARATORS)
		.map((s) => s.trim())
		.filter((s) => s !== '')
		.map((s) => choiceFor(choices, s)?.value ?? s);
}

/** Separators people put between several choices in one cell. */
const CHOICE_SEPARATORS = /[、,，;；\n・/／]/;

/**
 * Digits a code has (a code typed into a number cell loses its leading zero: 0112345678 →
 * 112345678). Keyed by the code check, never by an item.
 */
const CODE_DIGITS: Record<string, number> = {
	medical_institution_code: 10,
	local_government_code: 6,
	postal_code: 7
};

/** A cell's value as validateAnswer reads the field (its parse says what is wrong). */
export function readCell(field: ScalarField, v: Raw): unknown {
	if (isBlankRaw(v)) return undefined;
	const asText = () => (v instanceof Date ? ymd(v) : String(v));
	switch (field.type) {
		case 'date':
			if (v instanceof Date) return ymd(v);
			// A date serial in a cell formatted as a number.
			if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2958466)
				return ymd(new Date(Date.UTC(1899, 11, 30) + v * 86_400_000));
			return String(v);
		case 'whole_number':
		case 'amount_yen':
		case 'percentage':
			return typeof v === 'number' ? roundFloat(v) : asText();
		case 'fiscal_year':
			return typeof v === 'number' ? v : asText();
		case 'code': {
			if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
				const digits = String(v);
				const want = CODE_DIGITS[field.check];
				return want && digits.length < want ? digits.padStart(want, '0') : digits;
			}
			return asText();
		}
		case 'yes_no':
			return parseFlag(v);
		case 'single_choice':
			return choiceFor(field.choices, asText())?.value ?? asText();
		case 'multiple_choice':
			return choicesIn(field.choices, asText());
		case 'file':
			return undefined;
		default:
			return asText();
	}
}

/** 12.300000000000001 (a percentage Excel computed) as the 12.3 a person typed. */
const roundFloat = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(12)));

/** A stored value as a cell value. */
export function writeCell(field: ScalarField, value: unknown): ExcelJS.CellValue {
	if (value === undefined || value === null || value === '') return null;
	switch (field.type) {
		case 'date':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
				? utcDate(value)
				: String(value);
		case 'whole_number':
		case 'amount_yen':
		case 'percentage':
		case 'fiscal_year':
			return typeof value === 'number' ? value : String(value);
		case 'yes_no':
			return value === true ? YES : value === false ? NO : null;
		case 'single_choice':
			return field.choices.find((c) => c.value === value)?.label ?? String(value);
		case 'multiple_choice':
			return Array.isArray(value)
				? value
						.map((x) => field.choices.find((c) => c.value === x)?.label ?? String(x))
						.join('、') || null
				: null;
		case 'file':
			return typeof value === 'object' && 'name' in value ? String(value.name) : null;
		default:
			return String(value);
	}
}

/** The header of a column or the label of a row: the field's label and its unit. */
export function fieldCaption(field: ScalarField): string {
	if (field.type === 'amount_yen') return `${field.label}（円）`;
	if (field.type === 'percentage') return `${field.label}（%）`;
	if (field.type === 'whole_number' && field.unit) return `${field.label}（${field.unit}）`;
	return field.label;
}

/** What a cell's note tells a person about the field (how to type it). */
export function fieldNote(field: ScalarField, inTable: boolean): string | undefined {
	const parts: string[] = [];
	if (field.help) parts.push(field.help);
	if (field.type === 'date') parts.push('日付のセル、または「令和6年10月21日」「2024-10-21」');
	if (field.type === 'fiscal_year') parts.push('「2024」や「令和6年度」');
	if (field.type === 'multiple_choice' && inTable)
		parts.push(
			`「、」で区切って複数入力できます。選べるもの：${field.choices.map((c) => c.label).join('、')}`
		);
	if (field.shownIf) parts.push('条件に当てはまるときだけ記入してください。');
	return parts.length > 0 ? parts.join('\n') : undefined;
}

/** Where lists too long for an inline formula (255 characters) are kept: a hidden sheet. */
export type ListSheet = { range(values: readonly string[]): string };

const warn = (title: string, error: string) => ({
	allowBlank: true,
	showErrorMessage: true,
	// A warning, not a stop: the import checks every cell and says exactly what is wrong, and
	// 和暦 typed as text must stay possible in a date cell.
	errorStyle: 'warning' as const,
	errorTitle: title.slice(0, 32),
	error
});

function listValidation(values: readonly string[], lists: ListSheet): string {
	const inline = `"${values.join(',')}"`;
	return inline.length <= 250 && values.every((v) => !/[",]/.test(v))
		? inline
		: lists.range(values);
}

/** Number format and data validation of a cell holding the field. */
export function styleCell(cell: ExcelJS.Cell, field: ScalarField, lists: ListSheet): void {
	const title = field.label;
	switch (field.type) {
		case 'date':
			cell.numFmt = 'yyyy/m/d';
			cell.dataValidation = {
				type: 'date',
				operator: 'between',
				formulae: [utcDate(field.min ?? '1900-01-01'), utcDate(field.max ?? '9999-12-31')],
				...warn(title, '日付を入力してください（「令和6年10月21日」のような入力もできます）。')
			};
			break;
		case 'whole_number':
		case 'amount_yen':
		case 'fiscal_year': {
			cell.numFmt = field.type === 'fiscal_year' ? '0' : '#,##0';
			const { min, max } = field as { min?: number; max?: number };
			if (min !== undefined || max !== undefined)
				cell.dataValidation = {
					type: 'whole',
					operator: 'between',
					formulae: [min ?? -Number.MAX_SAFE_INTEGER, max ?? Number.MAX_SAFE_INTEGER],
					...warn(title, '整数を入力してください。')
				};
			break;
		}
		case 'percentage':
			cell.numFmt = field.decimals > 0 ? `0.${'0'.repeat(field.decimals)}` : '0';
			cell.dataValidation = {
				type: 'decimal',
				operator: 'between',
				formulae: [field.min, field.max],
				...warn(title, `${field.min}から${field.max}までの数を入力してください。`)
			};
			break;
		case 'code':
			cell.numFmt = '@';
			break;
		case 'yes_no':
			cell.dataValidation = {
				type: 'list',
				formulae: [`"${YES},${NO}"`],
				...warn(title, `「${YES}」か「${NO}」を選んでください。`)
			};
			break;
		case 'single_choice':
			cell.dataValidation = {
				type: 'list',
				formulae: [
					listValidation(
						field.choices.map((c) => c.label),
						lists
					)
				],
				...warn(title, '一覧から選んでください。')
			};
			break;
		case 'short_text':
		case 'long_text':
			cell.alignment = { wrapText: true, vertical: 'top' };
			cell.dataValidation = {
				type: 'textLength',
				operator: 'lessThanOrEqual',
				formulae: [field.maxLength],
				...warn(title, `${field.maxLength}文字以内で入力してください。`)
			};
			break;
		default:
			cell.alignment = { wrapText: true, vertical: 'top' };
	}
}
