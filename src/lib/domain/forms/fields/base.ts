// What every field type shares: the keys and labels of its definition, when it is required or
// shown, and the contract each type fulfils — parse (as people type: 全角, 円, カンマ, 和暦),
// check a submission is complete, say whether a value is empty, and describe it in one line.
import { z } from 'zod';
import {
	CHOICE_VALUE_PATTERN,
	FIELD_KEY_PATTERN,
	MAX_INSTRUCTIONS_LENGTH,
	MAX_LABEL_LENGTH,
	RESERVED_KEYS
} from '../limits.ts';

export type Mode = 'draft' | 'submit';
export type FieldProblem = { path: string; message: string };

export const fieldKeySchema = z
	.string()
	.regex(FIELD_KEY_PATTERN, '項目キーは英小文字で始まる英数字と _（40文字まで）にしてください。')
	.refine((k) => !RESERVED_KEYS.includes(k), '項目キーにこの名前は使えません。');

export const choiceValueSchema = z
	.string()
	.regex(CHOICE_VALUE_PATTERN, '選択肢の値は英数字・_・-（60文字まで）にしてください。');

const labelSchema = z.string().trim().min(1, '名前を入力してください。').max(MAX_LABEL_LENGTH);

/**
 * "When field F has value V": F is a single choice (its value is V), a multiple choice (V is
 * among those chosen) or a yes/no (V is true or false) of the same item — or the same table row
 * for a column. One level only: F itself is never conditional (checked with the item).
 */
export const conditionSchema = z.object({
	field: fieldKeySchema,
	equals: z.union([choiceValueSchema, z.boolean()])
});
export type Condition = z.infer<typeof conditionSchema>;

/** What every field definition has, whatever its type. */
export const fieldBaseShape = {
	key: fieldKeySchema,
	label: labelSchema,
	help: z.string().max(MAX_INSTRUCTIONS_LENGTH).optional(),
	/** true, false, or required only when a condition holds (「実施済み」なら配布日). */
	required: z.union([z.boolean(), conditionSchema]).default(false),
	/** Said instead of 「…を入力してください。」 when a required value is missing. */
	requiredMessage: z.string().trim().min(1).max(MAX_LABEL_LENGTH).optional(),
	/** Shown (and read) only when the condition holds; a hidden field's value is never stored. */
	shownIf: conditionSchema.optional()
};
export type FieldBase = {
	key: string;
	label: string;
	help?: string;
	required: boolean | Condition;
	requiredMessage?: string;
	shownIf?: Condition;
};

export type FieldContext = {
	mode: Mode;
	/** YYYY-MM-DD in Japan time. */
	today: string;
};

/** A parsed value, or what is wrong with it (paths relative to the field: '' is the field). */
export type Parsed<V> =
	{ ok: true; value: V | undefined } | { ok: false; problems: FieldProblem[] };

export const accept = <V>(value: V | undefined): Parsed<V> => ({ ok: true, value });
export const refuse = (message: string, path = ''): Parsed<never> => ({
	ok: false,
	problems: [{ path, message }]
});

/** One field type: how its definition is written and how its values are read. */
export type FieldType<D extends FieldBase, V> = {
	/** Both modes: anything parseable; a wrong kind of value is refused even in a draft. */
	parse(def: D, raw: unknown, ctx: FieldContext): Parsed<V>;
	/**
	 * Both modes, once every field is read, for a value that is not empty: rules beyond its
	 * kind (a date after today). Reported before what a submission lacks, as kinds did.
	 */
	check?(def: D, value: V, ctx: FieldContext): FieldProblem[];
	/** Submit mode, for a value that is not empty: what else makes it complete. */
	complete?(def: D, value: V, ctx: FieldContext & { required: boolean }): FieldProblem[];
	/** Whether a required field still lacks its answer. */
	isEmpty(value: V | undefined): boolean;
	/** A short text for tables: 「1,234機関」「令和6年10月21日」「はい」; '' when empty. */
	describe(def: D, value: V | undefined): string;
};

export const isBlank = (v: unknown): boolean =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export const formatCount = (n: number): string => n.toLocaleString('ja-JP');

/**
 * A number as people type it: full-width digits (１２３), thousands separators in groups of
 * three (1,234 / １，２３４), spaces around, a trailing unit from `units` or a % sign. Gives the
 * number, undefined when blank, or null when it is not a number at all (「12本」「1e3」「12,34」).
 */
export function parseNumberText(
	input: unknown,
	units: readonly string[]
): number | undefined | null {
	if (isBlank(input)) return undefined;
	if (typeof input === 'number') return Number.isFinite(input) ? input : null;
	if (typeof input !== 'string' || input.length > 100) return null;
	let text = input.normalize('NFKC').trim().replace(/^[−‐]/, '-');
	for (const unit of [...units].sort((a, b) => b.length - a.length)) {
		const u = unit.normalize('NFKC');
		if (u && text.endsWith(u)) {
			text = text.slice(0, -u.length).trim();
			break;
		}
	}
	if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) return null;
	return Number(text.replace(/,/g, ''));
}

/**
 * Text as a form posts it: trimmed, line breaks as \n; blank is undefined. The limit counts
 * characters as people do (𠮷 is one), not UTF-16 units.
 */
export function parseText(label: string, raw: unknown, maxLength: number): Parsed<string> {
	if (raw === undefined || raw === null) return accept(undefined);
	if (typeof raw !== 'string' && typeof raw !== 'number')
		return refuse(`${label}は文字で入力してください。`);
	const text = String(raw).replace(/\r\n?/g, '\n').trim();
	const length = codePoints(text);
	if (length > maxLength)
		return refuse(
			`${label}は${formatCount(maxLength)}文字以内で入力してください（現在${formatCount(length)}文字）。`
		);
	return accept(text === '' ? undefined : text);
}

/** Characters as people count them (𠮷 is one), without copying a long text into an array. */
function codePoints(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			const d = text.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) i++;
		}
		n++;
	}
	return n;
}

/** The first `max` characters on one line, with … when cut. */
export function oneLine(text: string, max = 40): string {
	const chars = [...text.replace(/\s+/g, ' ')];
	return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
