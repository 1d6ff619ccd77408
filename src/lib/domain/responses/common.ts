// What every response kind shares: how people type numbers and dates, and how problems are
// reported (a field path and a Japanese message, so the form shows it beside the field).
import { z } from 'zod';
import { parseDateInput } from '../dates.ts';

export type FieldProblem = { path: string; message: string };
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };
export type Mode = 'draft' | 'submit';

/** 「１，２３４」「1,234円」 → 1234; blank → undefined; anything else stays as typed (and fails). */
export const amount = (max: number, label: string) =>
	z.preprocess(
		(v) => {
			if (v === undefined || v === null) return undefined;
			if (typeof v === 'number') return v;
			const text = String(v)
				.normalize('NFKC')
				.replace(/[,\s円件]/g, '');
			if (text === '') return undefined;
			return /^-?\d+$/.test(text) ? Number(text) : text;
		},
		z
			.number({ error: `${label}は数字で入力してください。` })
			.int(`${label}は整数で入力してください。`)
			.min(0, `${label}は0以上にしてください。`)
			.max(max, `${label}が大きすぎます。`)
			.optional()
	);

/** 和暦 or Gregorian → YYYY-MM-DD; blank → undefined. */
export const dateInput = (label: string) =>
	z.preprocess(
		(v) => {
			const text = String(v ?? '').trim();
			if (text === '') return undefined;
			// An unreadable or impossible date (2024-02-30) must fail the format check below.
			return parseDateInput(text) ?? `invalid:${text}`;
		},
		z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}は日付として読めません（例：令和6年10月21日）。`)
			.optional()
	);

export const text = (max: number, label: string) =>
	z.preprocess(
		(v) => (v === undefined || v === null ? undefined : String(v).trim()),
		z.string().max(max, `${label}は${max.toLocaleString()}文字以内にしてください。`).optional()
	);

export const flag = z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean());

export function problems(error: z.ZodError): FieldProblem[] {
	return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Parses with the schema, then applies the submit-only checks. */
export function check<T>(
	schema: z.ZodType<T>,
	data: unknown,
	mode: Mode,
	required: (value: T) => FieldProblem[]
): Checked<T> {
	const parsed = schema.safeParse(data ?? {});
	if (!parsed.success) return { ok: false, errors: problems(parsed.error) };
	const missing = mode === 'submit' ? required(parsed.data) : [];
	return missing.length ? { ok: false, errors: missing } : { ok: true, value: parsed.data };
}
