// How the respond page lays out an item beyond its fields: what a behaviour adds for the eye
// (the registry's rows to start from, the grant lines of the chosen year with their national
// share) and which values conditions read while someone types. Pure, shared by the server
// render and the browser; the page itself never names a behaviour — it asks here.
import {
	fiscalYearLabel,
	defaultFiscalYear,
	nationalShare,
	rateOf,
	type GrantLineRate
} from '../responses/grant-report.ts';
import type { BehaviourName } from './behaviours.ts';
import type { ItemDefinition } from './definition.ts';
import type { Field, ScalarField } from './fields/index.ts';
import { parseNumberText } from './fields/base.ts';
import { scalarType } from './fields/scalar.ts';

export type GrantLineView = GrantLineRate & { fiscalYear: number };

/** What behaviours may show beside the fields (loaded only when an item's behaviour asks). */
export type BehaviourData = {
	today: string;
	/** registry: the department's organization's institutions on record. */
	registry?: Record<string, unknown>[];
	/** grant_share: every GrantLine row, all years. */
	grantLines?: readonly GrantLineView[];
};

/** A row a behaviour fixes: its given column values (posted hidden) and its header. */
export type FixedRow = { values: Record<string, string>; header: string };

/** A read-only column computed from what a row holds (the national share). */
export type ComputedColumn = { label: string; cell: (row: Record<string, unknown>) => string };

export type TableView = {
	/** When set, exactly these rows (no adding or removing); saved rows match on `matchOn`. */
	fixedRows?: FixedRow[];
	matchOn?: string;
	/** Rows to start from when nothing is saved yet, and the hint that says so. */
	startRows?: Record<string, unknown>[];
	startHint?: string;
	computed?: ComputedColumn[];
	/** The table's accessible name when it scrolls in its own box. */
	regionLabel?: string;
};

export type ItemView = {
	/** Options a behaviour restricts a field to (the years with grant lines). */
	options: Record<string, { value: string; label: string }[]>;
	/** A field's starting value when nothing is saved. */
	defaults: Record<string, string>;
	tables: Record<string, TableView>;
};

/** What each behaviour wants the page to know only for the eye; the server still checks all. */
const VIEWS: Record<
	BehaviourName,
	(values: Record<string, unknown>, data: BehaviourData, saved: boolean) => Partial<ItemView>
> = {
	registry: (_values, data, saved) =>
		saved || !data.registry?.length
			? {}
			: {
					tables: {
						institutions: {
							startRows: data.registry,
							startHint:
								'前回までに登録された医療機関を表示しています。確認・修正して保存してください。'
						}
					}
				},
	grant_share: (values, data) => {
		const all = data.grantLines ?? [];
		const years = [...new Set(all.map((l) => l.fiscalYear))].sort((a, b) => b - a);
		const start = defaultFiscalYear(data.today, years);
		const typed = parseNumberText(values.fiscalYear, ['年度']);
		const year = typeof typed === 'number' && years.includes(typed) ? typed : start;
		const lines = all.filter((l) => l.fiscalYear === year);
		const yen = (n: number) => `${n.toLocaleString('ja-JP')} 円`;
		return {
			options: {
				fiscalYear: years.map((y) => ({
					value: String(y),
					label: `${fiscalYearLabel(y)}（${y}年度）`
				}))
			},
			defaults: { fiscalYear: String(start) },
			tables: {
				lines: {
					matchOn: 'code',
					fixedRows: lines.map((l) => ({ values: { code: l.code }, header: l.name })),
					regionLabel: '交付金の区分ごとの計画額・実績額',
					computed: [
						{
							label: '補助率',
							cell: (row) => {
								const l = lines.find((x) => x.code === row.code);
								return l ? `${l.subsidyRateNumerator}/${l.subsidyRateDenominator}` : '';
							}
						},
						{
							label: '国庫補助額（実績・自動計算）',
							cell: (row) => {
								const l = lines.find((x) => x.code === row.code);
								const actual = parseNumberText(row.actual, ['円']);
								return l
									? yen(nationalShare(typeof actual === 'number' ? actual : 0, rateOf(l)))
									: '';
							}
						}
					]
				}
			}
		};
	}
};

/**
 * The item's view: its behaviour's additions given the values as they stand (typed or saved),
 * and whether an answer is saved already (the registry starts only a first answer).
 */
export function itemView(
	item: ItemDefinition,
	values: Record<string, unknown>,
	data: BehaviourData,
	saved: boolean
): ItemView {
	const extra = item.behaviour ? VIEWS[item.behaviour](values, data, saved) : {};
	return { options: {}, defaults: {}, tables: {}, ...extra };
}

/**
 * The values conditions read (choices and yes/no), parsed from what the form holds now (text
 * as posted, or a stored answer): a value that does not parse counts as unanswered.
 */
export function conditionValues(
	fields: readonly (Field | ScalarField)[],
	raw: Record<string, unknown>
): Record<string, unknown> {
	const out: Record<string, unknown> = Object.create(null);
	for (const f of fields) {
		if (f.type !== 'single_choice' && f.type !== 'multiple_choice' && f.type !== 'yes_no') continue;
		const parsed = scalarType(f).parse(f, Object.hasOwn(raw, f.key) ? raw[f.key] : undefined, {
			mode: 'draft',
			today: '9999-12-31'
		});
		if (parsed.ok && parsed.value !== undefined) out[f.key] = parsed.value;
	}
	return out;
}
