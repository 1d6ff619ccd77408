// Reading an answer by its item's definition: the one validation every path uses (the respond
// page, the 回答様式 import, the API), and the one-line summary tables show.
//
// The answer is read through the definition's keys only (never by following the names in the
// data), and built in null-prototype objects: a `__proto__` or `constructor` key in a posted
// body is simply not a field. A hidden field (its shownIf false) is neither checked nor stored.
import { BEHAVIOURS, type BehaviourContext } from './behaviours.ts';
import type { ItemDefinition } from './definition.ts';
import type { Condition, FieldContext, FieldProblem, Mode } from './fields/base.ts';
import { isBlank } from './fields/base.ts';
import type { Field, FieldValue, Row, ScalarField, ScalarValue } from './fields/index.ts';
import { scalarType } from './fields/scalar.ts';
import {
	completeTable,
	describeTable,
	enteredRows,
	parseTable,
	type TableField
} from './fields/table.ts';
import type { GrantLineRate } from '../responses/grant-report.ts';

export type { FieldProblem, Mode } from './fields/base.ts';
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

/** Response.data of a definition-driven item: field key → value (absent when blank). */
export type AnswerValue = Record<string, FieldValue>;

export type ValidateAnswerOptions = {
	mode: Mode;
	/** YYYY-MM-DD in Japan time (todayInJapan()). */
	today: string;
	/** For the grant_share behaviour: the GrantLine rows of the answer's fiscal year. */
	grantLines?: readonly GrantLineRate[];
};

/** Said when the answer as a whole is not an object (never from a real form). */
export const SHAPE_ERROR = '回答の形式が正しくありません。画面を読み込み直してください。';

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

const own = (o: Record<string, unknown>, key: string): unknown =>
	Object.hasOwn(o, key) ? o[key] : undefined;

const join = (prefix: string, key: string, rel = '') =>
	[prefix, key, rel].filter((p) => p !== '').join('.');

/** Whether a condition holds on values already read (a multiple choice: V is among them). */
export function conditionHolds(c: Condition, values: Readonly<Record<string, unknown>>): boolean {
	const v = Object.hasOwn(values, c.field) ? values[c.field] : undefined;
	return Array.isArray(v) ? v.includes(c.equals) : v === c.equals;
}

/** Whether a field is shown (and so read, checked and stored), given the values read so far. */
export const isFieldShown = (field: Field, values: Readonly<Record<string, unknown>>): boolean =>
	!field.shownIf || conditionHolds(field.shownIf, values);

/** Whether a field must be answered before submission, given the values. */
export const isFieldRequired = (
	field: Field,
	values: Readonly<Record<string, unknown>>
): boolean =>
	typeof field.required === 'boolean' ? field.required : conditionHolds(field.required, values);

const MISSING: Partial<Record<Field['type'], (label: string) => string>> = {
	single_choice: (l) => `${l}を選んでください。`,
	fiscal_year: (l) => `${l}を選んでください。`,
	yes_no: (l) => `${l}を選んでください。`,
	multiple_choice: (l) => `${l}を1つ以上選んでください。`,
	table: (l) => `${l}を1件以上入力してください。`,
	file: (l) => `${l}のファイルを添付してください。`
};
const missingMessage = (f: Field) =>
	f.requiredMessage ?? (MISSING[f.type] ?? ((l: string) => `${l}を入力してください。`))(f.label);

type Read = {
	value: Record<string, FieldValue>;
	parseProblems: FieldProblem[];
	problems: FieldProblem[];
};

/**
 * Reads the fields of one scope (an item, or one table row) from `raw`: parse every field,
 * then — once the values conditions look at are known — keep the shown ones and, on
 * submission, check what is required and complete. Parse problems are kept apart: as with
 * a schema, an answer with unreadable values is not checked further.
 */
function readFields(
	fields: readonly Field[],
	raw: Record<string, unknown>,
	prefix: string,
	ctx: FieldContext
): Read {
	const parsed: Record<string, FieldValue | undefined> = Object.create(null);
	const parseProblems: FieldProblem[] = [];
	const byField = new Map<Field, FieldProblem[]>();
	for (const f of fields) {
		const rawValue = own(raw, f.key);
		const result =
			f.type === 'table'
				? parseTable(f, rawValue, (columns, r, path) =>
						readRow(f, columns, r, join(prefix, f.key, path), { ...ctx, mode: 'draft' })
					)
				: scalarType(f).parse(f, rawValue, ctx);
		if (result.ok) parsed[f.key] = result.value;
		else
			byField.set(
				f,
				result.problems.map((p) =>
					// A table's rows already carry their full path.
					f.type === 'table' && p.path !== ''
						? p
						: { path: join(prefix, f.key, p.path), message: p.message }
				)
			);
	}
	const value: Record<string, FieldValue> = Object.create(null);
	const checked: FieldProblem[] = [];
	const missing: FieldProblem[] = [];
	const at = (f: Field, list: FieldProblem[]) =>
		list.map((p) => ({ path: join(prefix, f.key, p.path), message: p.message }));
	for (const f of fields) {
		if (!isFieldShown(f, parsed)) continue;
		const bad = byField.get(f);
		if (bad) {
			parseProblems.push(...bad);
			continue;
		}
		const v = parsed[f.key];
		if (v !== undefined) value[f.key] = v;
		if (f.type === 'table') {
			const rows = (v as Row[] | undefined) ?? [];
			if (ctx.mode !== 'submit') continue;
			if (enteredRows(rows) === 0 && isFieldRequired(f, parsed))
				missing.push({ path: join(prefix, f.key), message: missingMessage(f) });
			else missing.push(...at(f, completeTable(f, rows)));
			continue;
		}
		const type = scalarType(f);
		const empty = type.isEmpty(v as ScalarValue | undefined);
		if (!empty && type.check) checked.push(...at(f, type.check(f, v as ScalarValue, ctx)));
		if (ctx.mode !== 'submit') continue;
		const required = isFieldRequired(f, parsed);
		if (required && empty) missing.push({ path: join(prefix, f.key), message: missingMessage(f) });
		else if (v !== undefined && type.complete)
			missing.push(...at(f, type.complete(f, v as ScalarValue, { ...ctx, required })));
	}
	const problems = [...checked, ...missing];
	return { value, parseProblems, problems };
}

function readRow(
	table: TableField,
	columns: readonly ScalarField[],
	raw: unknown,
	path: string,
	ctx: FieldContext
): { value: Row | null; problems: FieldProblem[] } {
	if (!isRecord(raw))
		return {
			value: null,
			problems: [{ path, message: `${table.label}の行の形式が正しくありません。` }]
		};
	const read = readFields(columns, raw, path, ctx);
	// Only parse problems here: a row's submission problems are found once every row is read.
	return {
		value: read.parseProblems.length > 0 ? null : (read.value as Row),
		problems: read.parseProblems
	};
}

/** Whether a value counts as nothing entered (for `nothing_when`): blank, 0, [], false. */
const isNothing = (v: unknown) =>
	isBlank(v) || v === 0 || v === false || (Array.isArray(v) && v.length === 0);

/**
 * Checks an answer to an item as a draft (anything parseable, partial allowed, never a wrong
 * kind of value) or as a submission (complete: required fields, rows, cross-field checks,
 * the behaviour's rules). On success `value` is what to store in Response.data: normalized
 * (numbers as numbers, dates as YYYY-MM-DD, hidden and unknown keys dropped).
 */
export function validateAnswer(
	item: ItemDefinition,
	data: unknown,
	options: ValidateAnswerOptions
): Checked<AnswerValue> {
	const raw = data ?? {};
	if (!isRecord(raw)) return { ok: false, errors: [{ path: '', message: SHAPE_ERROR }] };
	const ctx: FieldContext = { mode: options.mode, today: options.today };
	const read = readFields(item.fields, raw, '', ctx);
	if (read.parseProblems.length > 0) return { ok: false, errors: read.parseProblems };
	// Problems inside table rows beyond parsing are found by a second, row-level pass.
	const errors = [...read.problems, ...rowProblems(item.fields, read.value, ctx)];
	if (options.mode === 'submit')
		for (const check of item.checks)
			if (
				conditionHolds(check.when, read.value) &&
				check.fields.some((k) => !isNothing(read.value[k]))
			)
				errors.push({ path: check.path, message: check.message });
	if (item.behaviour) {
		const bctx: BehaviourContext = { ...ctx, grantLines: options.grantLines };
		errors.push(...BEHAVIOURS[item.behaviour].check(read.value, bctx));
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, value: read.value };
}

/** Rules and (on submission) missing values of every row of every shown table, once parsed. */
function rowProblems(
	fields: readonly Field[],
	value: Record<string, FieldValue>,
	ctx: FieldContext
): FieldProblem[] {
	return fields.flatMap((f) =>
		f.type !== 'table' || !Array.isArray(value[f.key])
			? []
			: (value[f.key] as Row[]).flatMap(
					(row, i) => readFields(f.columns, row, `${f.key}.${i}`, ctx).problems
				)
	);
}

/**
 * The answer as far as the definition reads it (a draft's reading, no date limits, no
 * behaviour rules), or null when it cannot be read: what summaries, exports and dashboards
 * work from. Stored answers were validated when saved, so null means a definition changed.
 */
export function readAnswer(item: ItemDefinition, data: unknown): AnswerValue | null {
	const raw = data ?? {};
	if (!isRecord(raw)) return null;
	const read = readFields(item.fields, raw, '', { mode: 'draft', today: '9999-12-31' });
	return read.parseProblems.length > 0 ? null : read.value;
}

/**
 * 「実施済み（令和6年10月21日・120機関）」: the item's summary fields (or its first field) as a
 * head and details; a behaviour's own summary when it has one; '' when nothing is entered or
 * the data cannot be read.
 */
export function summarizeAnswer(
	item: ItemDefinition,
	data: unknown,
	options: { grantLines?: readonly GrantLineRate[] } = {}
): string {
	const value = readAnswer(item, data);
	if (value === null) return '';
	const summarize = item.behaviour ? BEHAVIOURS[item.behaviour].summarize : undefined;
	if (summarize) return summarize(value, options);
	const keys = item.summary.length > 0 ? item.summary : [item.fields[0].key];
	const parts = keys.map((key) => {
		const f = item.fields.find((x) => x.key === key);
		return f ? describeField(f, value[key]) : '';
	});
	const [head, ...rest] = parts;
	if (!head) return '';
	const details = rest.filter((p) => p !== '');
	return details.length > 0 ? `${head}（${details.join('・')}）` : head;
}

/** One field's value in a few words (a table: its row count). */
export function describeField(field: Field, value: FieldValue | undefined): string {
	if (field.type === 'table') return describeTable(field, value as Row[] | undefined);
	return scalarType(field).describe(field, value as ScalarValue | undefined);
}
