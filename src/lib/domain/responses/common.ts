// What every response kind shares: how people type numbers, dates, choices and text, and how
// problems are reported — a field path (`institutions.0.name`, as the form names its inputs)
// and a Japanese message, so the form shows each one beside its field.
//
// Drafts and submissions are parsed by the same schema: anything parseable may be saved as a
// draft, but a value of the wrong kind (a negative count, an impossible date, an unknown
// choice, an oversized text) is refused in both. What only a submission needs (required
// fields, cross-field rules) is checked afterwards, by each kind's `check…` function.
import { z } from 'zod';
import { parseDateInput } from '../dates.ts';

export type FieldProblem = { path: string; message: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };
export type Mode = 'draft' | 'submit';

/** Said when the answer as a whole is not an object (never from a real form). */
export const SHAPE_ERROR = '回答の形式が正しくありません。画面を読み込み直してください。';

const isBlank = (v: unknown) =>
	v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * A whole amount as people type it: full-width digits (１２３), thousands separators in groups
 * of three (1,234 / １，２３４), spaces around, a trailing unit (円, 件, 機関, か所). Gives the
 * number (a negative or a fraction too: the schema says what is wrong with it), undefined when
 * blank, or null when it is not a number at all (「12本」, 「1e3」, 「12,34」).
 */
export function parseNumberInput(input: unknown): number | undefined | null {
	if (isBlank(input)) return undefined;
	if (typeof input === 'number') return Number.isFinite(input) ? input : null;
	if (typeof input !== 'string') return null;
	const text = input
		.normalize('NFKC')
		.trim()
		.replace(/^[−‐]/, '-')
		.replace(/\s*(円|件|機関|か所|箇所)$/, '');
	if (!/^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) return null;
	return Number(text.replace(/,/g, ''));
}

/** A whole number from 0 to max; blank is undefined. */
export const countField = (label: string, max: number) =>
	z.preprocess(
		(v, ctx) => {
			const n = parseNumberInput(v);
			if (n !== null) return n;
			ctx.addIssue({
				code: 'custom',
				message: `${label}は数字で入力してください（例：1,234）。`
			});
			return z.NEVER;
		},
		z
			.number()
			.int(`${label}は整数で入力してください。`)
			.min(0, `${label}に負の数は入力できません。`)
			.max(max, `${label}は${max.toLocaleString('ja-JP')}以下で入力してください。`)
			.optional()
	);

/** A date typed in 和暦 or Gregorian (parseDateInput), kept as YYYY-MM-DD; blank is undefined. */
export const dateField = (label: string) =>
	z.preprocess((v, ctx) => {
		if (isBlank(v)) return undefined;
		const date = typeof v === 'string' ? parseDateInput(v) : null;
		if (date) return date;
		ctx.addIssue({
			code: 'custom',
			message: `${label}が日付として読めません。「令和6年10月21日」や「2024-10-21」のように、実在する日付を入力してください。`
		});
		return z.NEVER;
	}, z.string().optional());

/**
 * Text, trimmed, line breaks as \n (a browser posts \r\n); blank is undefined. The limit counts
 * characters as people do (𠮷 is one), not UTF-16 units.
 */
export const textField = (label: string, max: number) =>
	z.preprocess((v, ctx) => {
		if (v === undefined || v === null) return undefined;
		if (typeof v !== 'string' && typeof v !== 'number') {
			ctx.addIssue({ code: 'custom', message: `${label}は文字で入力してください。` });
			return z.NEVER;
		}
		const text = String(v).replace(/\r\n?/g, '\n').trim();
		const length = [...text].length;
		if (length > max) {
			ctx.addIssue({
				code: 'custom',
				message: `${label}は${max.toLocaleString('ja-JP')}文字以内で入力してください（現在${length.toLocaleString('ja-JP')}文字）。`
			});
			return z.NEVER;
		}
		return text === '' ? undefined : text;
	}, z.string().optional());

/** A checkbox: absent or blank is false; 'true' / 'on' (what a form posts) is true. */
export const flagField = (label: string) =>
	z.preprocess((v, ctx) => {
		if (v === true || v === 'true' || v === 'on' || v === '1') return true;
		if (isBlank(v) || v === false || v === 'false' || v === 'off' || v === '0') return false;
		ctx.addIssue({ code: 'custom', message: `${label}の値が正しくありません。` });
		return z.NEVER;
	}, z.boolean());

/** One of a fixed list; blank is undefined. */
export const choiceField = <const T extends readonly [string, ...string[]]>(
	values: T,
	message: string
) =>
	z.preprocess((v) => (isBlank(v) ? undefined : v), z.enum(values, { error: message }).optional());

/**
 * Several of a fixed list (checkboxes), without repeats; absent is []. An unknown value is
 * reported on the list's own path, where the form shows the message.
 */
export const choicesField = <const T extends readonly [string, ...string[]]>(
	values: T,
	unknownMessage: (unknown: string[]) => string
) =>
	z.preprocess(
		(v, ctx) => {
			if (isBlank(v)) return [];
			const list: unknown[] = Array.isArray(v) ? v : [v];
			const unknown = list.filter(
				(x) => typeof x !== 'string' || !(values as readonly string[]).includes(x)
			);
			if (unknown.length === 0) return [...new Set(list)];
			// A posted name like `methods.x` makes a value an object (without a prototype, so
			// String() would throw): it is named by its shape, never converted.
			ctx.addIssue({
				code: 'custom',
				message: unknownMessage(
					unknown.map((x) => (typeof x === 'string' ? x : '（一覧でない値）'))
				)
			});
			return z.NEVER;
		},
		z.array(z.enum(values))
	);

/** Rows of a table (institutions, consultations, grant lines); absent is []. */
export const rowsField = <T extends z.ZodType>(row: T, label: string, max: number) =>
	z
		.array(row, { error: `${label}の形式が正しくありません。` })
		.max(max, `${label}は${max.toLocaleString('ja-JP')}件までです。`)
		.default([]);

const japanese = z.locales.ja().localeError;

/** Zod's issues as field problems (Zod's own Japanese text where we wrote none). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
	return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Parses with the schema (in both modes), then applies the kind's own rules: those that hold
 * for drafts too, and in submit mode those that make an answer complete.
 */
export function check<T>(
	schema: z.ZodType<T>,
	data: unknown,
	rules: (value: T) => FieldProblem[]
): Checked<T> {
	const parsed = schema.safeParse(data ?? {}, { error: japanese });
	if (!parsed.success) return { ok: false, errors: fieldProblems(parsed.error) };
	const errors = rules(parsed.data);
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** The value as far as the schema reads it, or null: what summaries work from. */
export function parsed<T>(schema: z.ZodType<T>, data: unknown): T | null {
	const result = schema.safeParse(data ?? {});
	return result.success ? result.data : null;
}
