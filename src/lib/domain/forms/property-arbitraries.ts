// fast-check generators for the property specs (test-only: imported by *.spec.ts alone).
// Definitions are generated as an issuer (or an uploaded file) writes them, then read through
// the schema; answers are generated for a read definition, typed as people type them.
import fc from 'fast-check';
import { formatEraDate } from '../dates.ts';
import { checkDigit } from '../local-government-code.ts';
import { fiscalYearLabel } from '../responses/grant-report.ts';
import type { ItemDefinition } from './definition.ts';
import type { Field, ScalarField } from './fields/index.ts';
import { RESERVED_KEYS } from './limits.ts';

type Input = Record<string, unknown>;

const keyArb = fc
	.stringMatching(/^[a-z][A-Za-z0-9_]{0,9}$/)
	.filter((k) => !RESERVED_KEYS.includes(k));
const labelArb = fc
	.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })
	.filter((s) => s.trim().length > 0 && s.trim().length <= 200);
const choiceValueArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,11}$/);
const isoDateArb = (min: string, max: string) =>
	fc
		.date({
			min: new Date(`${min}T00:00:00Z`),
			max: new Date(`${max}T00:00:00Z`),
			noInvalidDate: true
		})
		.map((d) => d.toISOString().slice(0, 10));

const choicesArb = fc
	.uniqueArray(choiceValueArb, { minLength: 1, maxLength: 6 })
	.chain((values) =>
		fc
			.tuple(...values.map(() => labelArb))
			.map((labels) => values.map((value, i) => ({ value, label: labels[i] })))
	);

/** The type-specific part of a scalar field definition. */
const scalarSpecArb: fc.Arbitrary<Input> = fc.oneof(
	fc.integer({ min: 1, max: 300 }).map((maxLength) => ({ type: 'short_text', maxLength })),
	fc.integer({ min: 1, max: 5000 }).map((maxLength) => ({ type: 'long_text', maxLength })),
	fc
		.tuple(
			fc.integer({ min: -1_000_000, max: 1_000_000 }),
			fc.integer({ min: 0, max: 1_000_000 }),
			fc.constantFrom(undefined, '件', '機関', '人'),
			fc.boolean()
		)
		.map(([min, span, unit, bounded]) => ({
			type: 'whole_number',
			...(unit ? { unit } : {}),
			...(bounded ? { min, max: min + span } : {})
		})),
	fc
		.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }))
		.map(([min, span]) => ({ type: 'amount_yen', min, max: min + span })),
	fc
		.tuple(
			fc.integer({ min: -100, max: 100 }),
			fc.integer({ min: 0, max: 200 }),
			fc.integer({ min: 0, max: 3 })
		)
		.map(([min, span, decimals]) => ({ type: 'percentage', min, max: min + span, decimals })),
	fc
		.tuple(
			fc.constantFrom(undefined, 'always', 'on_submit'),
			fc.option(isoDateArb('1990-01-01', '2010-12-31'), { nil: undefined })
		)
		.map(([noFuture, min]) => ({
			type: 'date',
			...(noFuture ? { noFuture } : {}),
			...(min ? { min } : {})
		})),
	fc
		.tuple(fc.integer({ min: 2000, max: 2050 }), fc.integer({ min: 0, max: 50 }))
		.map(([min, span]) => ({ type: 'fiscal_year', min, max: min + span })),
	choicesArb.map((choices) => ({ type: 'single_choice', choices })),
	choicesArb.chain((choices) =>
		fc
			.tuple(
				fc.option(fc.integer({ min: 1, max: choices.length }), { nil: undefined }),
				fc.option(fc.integer({ min: 1, max: choices.length }), { nil: undefined })
			)
			.map(([a, b]) => {
				const [minSelected, maxSelected] =
					a !== undefined && b !== undefined && a > b ? [b, a] : [a, b];
				return {
					type: 'multiple_choice',
					choices,
					...(minSelected !== undefined ? { minSelected } : {}),
					...(maxSelected !== undefined ? { maxSelected } : {})
				};
			})
	),
	fc.boolean().map((checkbox) => ({ type: 'yes_no', checkbox })),
	fc
		.tuple(
			fc.subarray(['pdf', 'docx', 'xlsx', 'png']),
			fc.integer({ min: 1, max: 20 * 1024 * 1024 })
		)
		.map(([extensions, maxBytes]) => ({ type: 'file', extensions, maxBytes })),
	fc
		.constantFrom('medical_institution_code', 'local_government_code', 'postal_code')
		.map((check) => ({ type: 'code', check }))
);

const requiredArb = fc.boolean();

const scalarFieldsArb = (maxLength: number) =>
	fc
		.uniqueArray(keyArb, { minLength: 1, maxLength })
		.chain((keys) =>
			fc
				.tuple(...keys.map(() => fc.tuple(scalarSpecArb, labelArb, requiredArb)))
				.map((specs) =>
					keys.map((key, i) => ({ key, label: specs[i][1], required: specs[i][2], ...specs[i][0] }))
				)
		);

const tableSpecArb: fc.Arbitrary<Input> = fc
	.tuple(scalarFieldsArb(4), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }))
	.map(([columns, minRows, extra]) => ({
		type: 'table',
		columns,
		minRows,
		maxRows: Math.max(1, minRows + extra)
	}));

const CHOICE_LIKE = new Set(['single_choice', 'multiple_choice', 'yes_no']);

/** Adds shownIf (or a conditional required) to later fields, on earlier unconditional choices. */
function withConditions(fields: Input[], picks: number[]): Input[] {
	const out: Input[] = [];
	fields.forEach((f, i) => {
		const pick = picks[i];
		const targets = out.filter((t) => CHOICE_LIKE.has(t.type as string) && !t.shownIf);
		if (pick % 3 === 0 || targets.length === 0) return void out.push(f);
		const target = targets[pick % targets.length];
		const choices = target.choices as { value: string }[] | undefined;
		const equals = choices ? choices[pick % choices.length].value : pick % 2 === 0;
		out.push(
			pick % 3 === 1
				? { ...f, shownIf: { field: target.key, equals } }
				: { ...f, required: { field: target.key, equals } }
		);
	});
	return out;
}

/** An item definition as written (before the schema fills in defaults). */
export const itemInputArb = (number = 1): fc.Arbitrary<Input> =>
	fc.uniqueArray(keyArb, { minLength: 1, maxLength: 6 }).chain((keys) =>
		fc
			.tuple(
				fc.tuple(
					...keys.map(() =>
						fc.tuple(
							fc.oneof(
								{ weight: 4, arbitrary: scalarSpecArb },
								{ weight: 1, arbitrary: tableSpecArb }
							),
							labelArb,
							requiredArb
						)
					)
				),
				fc.array(fc.nat(), { minLength: keys.length, maxLength: keys.length }),
				labelArb,
				fc.option(isoDateArb('2024-01-01', '2030-12-31'), { nil: null }),
				fc.subarray([
					'prefecture',
					'designated_city',
					'core_city',
					'other_health_center_city',
					'special_ward'
				]),
				fc.subarray(['health', 'onestop_center'])
			)
			.map(([specs, picks, title, deadline, bodyKinds, functions]) => ({
				number,
				title,
				deadline,
				appliesTo: { bodyKinds, functions },
				fields: withConditions(
					keys.map((key, i) => ({
						key,
						label: specs[i][1],
						required: specs[i][2],
						...specs[i][0]
					})),
					picks
				)
			}))
	);

export const itemsInputArb = fc
	.integer({ min: 0, max: 3 })
	.chain((n) =>
		n === 0
			? fc.constant([] as Input[])
			: fc.tuple(...Array.from({ length: n }, (_, i) => itemInputArb(i + 1)))
	);

// ——— answers ———

const FULL_WIDTH = (s: string) =>
	s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const isRequiredAtAll = (f: Field) => f.required !== false;

const typedNumber = (n: number, unit: string | undefined) =>
	fc.constantFrom(
		n,
		String(n),
		n.toLocaleString('en-US', { maximumFractionDigits: 20 }),
		FULL_WIDTH(String(n)),
		unit ? `${n}${unit}` : String(n)
	);

/** A valid value, typed as people type it; undefined (omitted) only when the field may be blank. */
function validScalarArb(f: ScalarField, today: string): fc.Arbitrary<unknown> {
	const must = isRequiredAtAll(f);
	const value = ((): fc.Arbitrary<unknown> => {
		switch (f.type) {
			case 'short_text':
			case 'long_text':
				return fc
					.string({ unit: 'binary', minLength: 1, maxLength: Math.min(f.maxLength, 20) })
					.filter(
						(s) => s.trim() !== '' && [...s.replace(/\r\n?/g, '\n').trim()].length <= f.maxLength
					);
			case 'whole_number':
				return fc
					.integer({ min: f.min ?? -1_000_000_000, max: f.max ?? 1_000_000_000 })
					.chain((n) => typedNumber(n, f.unit));
			case 'amount_yen':
				return fc.integer({ min: f.min, max: f.max }).chain((n) => typedNumber(n, '円'));
			case 'percentage': {
				const scale = 10 ** f.decimals;
				return fc
					.integer({ min: Math.ceil(f.min * scale), max: Math.floor(f.max * scale) })
					.map((k) => k / scale)
					.chain((n) => fc.constantFrom(n, String(n), `${n}%`, FULL_WIDTH(`${n}％`)));
			}
			case 'date': {
				const max = f.noFuture ? today : '2035-12-31';
				return isoDateArb(f.min ?? '1990-01-01', max).chain((d) =>
					fc.constantFrom(d, d.replaceAll('-', '/'), formatEraDate(d), FULL_WIDTH(d))
				);
			}
			case 'fiscal_year':
				return fc
					.integer({ min: f.min, max: f.max })
					.chain((y) => fc.constantFrom(y, String(y), fiscalYearLabel(y)));
			case 'single_choice':
				return fc.constantFrom(...f.choices.map((c) => c.value));
			case 'multiple_choice': {
				const values = f.choices.map((c) => c.value);
				const lo = f.minSelected ?? 1;
				const hi = f.maxSelected ?? values.length;
				return fc
					.integer({ min: lo, max: hi })
					.chain((n) => fc.shuffledSubarray(values, { minLength: n, maxLength: n }));
			}
			case 'yes_no':
				return f.checkbox && must
					? fc.constantFrom(true, 'on', 'true')
					: fc.constantFrom(true, false, 'はい', 'いいえ', 'on', '0');
			case 'file':
				return fc
					.tuple(
						fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
						fc.constantFrom(...(f.extensions.length > 0 ? f.extensions : ['pdf', 'txt'])),
						fc.integer({ min: 0, max: f.maxBytes })
					)
					.map(([fileId, ext, size]) => ({ fileId, name: `回答資料.${ext}`, size }));
			case 'code':
				if (f.check === 'medical_institution_code')
					return fc
						.stringMatching(/^\d{10}$/)
						.chain((d) => fc.constantFrom(d, FULL_WIDTH(d), `${d.slice(0, 2)}-${d.slice(2)}`));
				if (f.check === 'local_government_code')
					return fc.stringMatching(/^\d{5}$/).map((d) => `${d}${checkDigit(d)}`);
				return fc.stringMatching(/^\d{7}$/).map((d) => `〒${d.slice(0, 3)}-${d.slice(3)}`);
		}
	})();
	return must ? value : fc.option(value, { nil: undefined });
}

function validFieldsArb(
	fields: readonly Field[],
	today: string
): fc.Arbitrary<Record<string, unknown>> {
	return fc
		.tuple(
			...fields.map((f) =>
				f.type === 'table' ? validTableArb(f, today) : validScalarArb(f, today)
			)
		)
		.map((values) => {
			const out: Record<string, unknown> = {};
			fields.forEach((f, i) => {
				if (values[i] !== undefined) out[f.key] = values[i];
			});
			return out;
		});
}

/** The first `min` rows have something entered (a blank row does not count toward minRows). */
function validTableArb(f: Extract<Field, { type: 'table' }>, today: string) {
	const min = Math.max(f.minRows, isRequiredAtAll(f) ? 1 : 0);
	const row = validFieldsArb(f.columns, today);
	const entered = row.filter((r) => Object.keys(r).length > 0);
	return fc
		.tuple(
			fc.array(entered, { minLength: min, maxLength: min }),
			fc.array(row, { maxLength: Math.max(min, f.maxRows) - min })
		)
		.map(([first, rest]) => [...first, ...rest]);
}

/** A complete answer: valid as a draft and as a submission on `today`. */
export const validAnswerArb = (item: ItemDefinition, today: string) =>
	validFieldsArb(item.fields, today);

/** A value no field of that type accepts, in any mode. */
export function invalidValue(f: Field): unknown {
	switch (f.type) {
		case 'short_text':
		case 'long_text':
			return 'あ'.repeat(f.maxLength + 1);
		case 'whole_number':
			return '12本';
		case 'amount_yen':
			return '1.5';
		case 'percentage':
			return '半分';
		case 'date':
			return '2024-02-30';
		case 'fiscal_year':
			return '来年度';
		case 'single_choice':
			return '?';
		case 'multiple_choice':
			return ['?'];
		case 'yes_no':
			return 'maybe';
		case 'file':
			return { fileId: '../etc', name: 'x', size: 1 };
		case 'code':
			return 'abc';
		case 'table':
			return Array.from({ length: f.maxRows + 1 }, () => ({}));
	}
}
