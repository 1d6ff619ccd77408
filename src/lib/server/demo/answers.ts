// A demo department's answer to any item, generated from its definition field by field — the
// demo knows no item: whatever the seed notice's data file asks, its answers follow. Values are
// typed as stored (numbers as numbers, dates as YYYY-MM-DD) within each field's limits; fields
// shown or required only under a condition follow it; a behaviour's fixed rows (a grant
// report's lines) and options (its fiscal years) are those the respond page would offer.
// Institutional facts and aggregate numbers only, never anything about a person.
import { checkDigit } from '../../domain/local-government-code.ts';
import { fiscalYearOf } from '../../domain/responses/grant-report.ts';
import {
	conditionHolds,
	isFieldRequired,
	isFieldShown,
	validateAnswer,
	type ItemDefinition
} from '../../domain/forms/index.ts';
import type { Field, ScalarField } from '../../domain/forms/fields/index.ts';
import { itemView, type BehaviourData, type ItemView } from '../../domain/forms/presentation.ts';

type Random = () => number;
type Values = Record<string, unknown>;

const between = (random: Random, lo: number, hi: number) =>
	lo + Math.floor(random() * (Math.max(lo, hi) - lo + 1));
const digits = (random: Random, n: number) =>
	Array.from({ length: n }, () => between(random, 0, 9)).join('');
const clip = (text: string, max: number) => [...text].slice(0, max).join('');

/** A value for one field; `row` numbers a table's row (so names in a table differ). */
function scalarValue(
	f: ScalarField,
	random: Random,
	day: string,
	row: number | null,
	view: ItemView
): unknown {
	const options = view.options[f.key];
	if (options?.length) {
		const preferred = view.defaults[f.key];
		const value = options.some((o) => o.value === preferred) ? preferred : options[0].value;
		return f.type === 'fiscal_year' || f.type === 'whole_number' ? Number(value) : value;
	}
	const suffix = row === null ? '' : String(row + 1);
	switch (f.type) {
		case 'short_text':
			return clip(`${f.label}${suffix}`, f.maxLength);
		case 'long_text':
			return clip(`${f.label}について記入（デモデータ）${suffix}`, f.maxLength);
		case 'whole_number': {
			const lo = f.min ?? 0;
			return between(random, lo, Math.min(f.max ?? lo + 400, lo + 400));
		}
		case 'amount_yen': {
			const hi = Math.min(f.max, f.min + 20_000_000);
			const value = Math.round(between(random, f.min, hi) / 1000) * 1000;
			return Math.min(Math.max(value, f.min), f.max);
		}
		case 'percentage': {
			const scale = 10 ** f.decimals;
			return between(random, Math.ceil(f.min * scale), Math.floor(f.max * scale)) / scale;
		}
		case 'date': {
			const latest = f.max && f.max < day ? f.max : day;
			return f.min && f.min > latest ? f.min : latest;
		}
		case 'fiscal_year':
			return Math.min(Math.max(fiscalYearOf(day), f.min), f.max);
		case 'single_choice':
			return f.choices[between(random, 0, f.choices.length - 1)].value;
		case 'multiple_choice': {
			const lo = f.minSelected ?? 1;
			const hi = Math.min(f.maxSelected ?? f.choices.length, f.choices.length);
			const picked = f.choices.filter(() => random() > 0.5).slice(0, hi);
			for (const c of f.choices) if (picked.length < lo && !picked.includes(c)) picked.push(c);
			// In the definition's order, as the form posts them.
			return f.choices.filter((c) => picked.includes(c)).map((c) => c.value);
		}
		case 'yes_no':
			return f.checkbox && f.required === true ? true : random() > 0.5;
		case 'code':
			if (f.check === 'medical_institution_code') return digits(random, 10);
			if (f.check === 'local_government_code') {
				const five = digits(random, 5);
				return `${five}${checkDigit(five)}`;
			}
			return `${digits(random, 3)}-${digits(random, 4)}`;
		case 'file':
			return undefined; // a demo has no files to attach
	}
}

function fieldsValue(
	fields: readonly Field[],
	random: Random,
	day: string,
	row: number | null,
	view: ItemView,
	mayLeaveBlank = true
): Values {
	const out: Values = {};
	for (const f of fields) {
		if (!isFieldShown(f, out)) continue;
		// Optional fields are answered too (a behaviour may need them: a grant line's amounts);
		// an optional multiple choice is left blank now and then, as people do — but not in a
		// table row that must count toward minRows (a blank row is no entry).
		if (
			f.type === 'multiple_choice' &&
			mayLeaveBlank &&
			!isFieldRequired(f, out) &&
			random() > 0.75
		)
			continue;
		// A required checkbox (one required only when another field has a value, too) means
		// "confirm this": it must be ticked.
		const value =
			f.type === 'table'
				? tableValue(f, random, day, view)
				: f.type === 'yes_no' && f.checkbox && isFieldRequired(f, out)
					? true
					: scalarValue(f, random, day, row, view);
		if (value !== undefined) out[f.key] = value;
	}
	return out;
}

function tableValue(
	f: Extract<Field, { type: 'table' }>,
	random: Random,
	day: string,
	view: ItemView
): Values[] {
	const fixed = view.tables[f.key]?.fixedRows;
	const columns = (row: number) => fieldsValue(f.columns, random, day, row, view, false);
	if (fixed) return fixed.map((r, i) => ({ ...columns(i), ...r.values }));
	// At least one row: a demo that answers a table shows what it holds (the registry too).
	const least = Math.max(f.minRows, 1);
	const count = between(random, least, Math.max(least, Math.min(f.maxRows, 4)));
	return Array.from({ length: count }, (_, i) => columns(i));
}

/** Whether the item asks for a file that must be given (at the top or in a table's row). */
export const needsAFile = (item: ItemDefinition) =>
	item.fields
		.flatMap((f): Field[] => (f.type === 'table' ? [f, ...f.columns] : [f]))
		.some(
			(f) =>
				(f.type === 'file' && f.required !== false) ||
				// Rows that must be entered (minRows, or a required table) can hold only files.
				(f.type === 'table' &&
					(f.minRows > 0 || f.required !== false) &&
					f.columns.every((c) => c.type === 'file'))
		);

/**
 * An answer to `item` on `day`, as the respond page would store it: complete (submittable), or
 * — when the item needs what a demo cannot give, a required file — only as a draft. Throws
 * when even the draft is refused: a demo database holds no answer its own rules refuse.
 */
export function demoAnswer(
	item: ItemDefinition,
	random: Random,
	day: string,
	data: BehaviourData
): { data: Values; complete: boolean } {
	const view = itemView(item, {}, { ...data, today: day }, false);
	const raw = fieldsValue(item.fields, random, day, null, view);
	// A cross-field check refuses a value where its condition holds: leave those blank.
	for (const check of item.checks)
		if (conditionHolds(check.when, raw)) for (const key of check.fields) delete raw[key];
	// The rates of the years the answer names (what a save reads for a behaviour that needs them).
	const years = new Set(item.fields.flatMap((f) => (f.type === 'fiscal_year' ? [raw[f.key]] : [])));
	const check = (mode: 'submit' | 'draft') =>
		validateAnswer(item, raw, {
			mode,
			today: day,
			grantLines: data.grantLines?.filter((l) => years.has(l.fiscalYear))
		});
	const submitted = check('submit');
	if (submitted.ok) return { data: submitted.value as Values, complete: true };
	const needsFile = needsAFile(item);
	const draft = check('draft');
	if (needsFile && draft.ok) return { data: draft.value as Values, complete: false };
	throw new Error(
		`demo: the answer generated for 記${item.number} is refused: ${JSON.stringify(submitted.errors)}`
	);
}
