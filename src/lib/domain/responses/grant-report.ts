// grant_report (記4 of the seed notice): use of the 性犯罪・性暴力被害者支援のための交付金 in
// one fiscal year — planned and actual amounts per grant line. The lines and their subsidy
// rates (operating_costs 1/2, medical_costs 1/3, legal_support 10/10 in 令和6年度) are DATA:
// GrantLine rows per fiscal year, passed in by the caller, never written here. The national
// share (国庫補助額) is always computed from them; one typed into the answer is dropped.
// Amounts are totals in yen: nothing about any person's costs.
import { z } from 'zod';
import {
	SHAPE_ERROR,
	check,
	countField,
	rowsField,
	type Checked,
	type FieldProblem,
	type Mode
} from './common.ts';

/** A grant line of one fiscal year, as the GrantLine table holds it. */
export type GrantLineRate = {
	code: string;
	name: string;
	subsidyRateNumerator: number;
	subsidyRateDenominator: number;
};
export type SubsidyRate = { numerator: number; denominator: number };

export const MAX_YEN = 1_000_000_000_000;
export const MIN_FISCAL_YEAR = 2000;
export const MAX_FISCAL_YEAR = 2100;

export const rateOf = (line: GrantLineRate): SubsidyRate => ({
	numerator: line.subsidyRateNumerator,
	denominator: line.subsidyRateDenominator
});

/**
 * The national share of an amount: floor(amount × numerator / denominator), exact to the yen
 * (integer arithmetic, no floating-point error at any size).
 *
 * ASSUMPTION TO CONFIRM with the grant's 交付要綱: only yen fractions are dropped. Many 交付要綱
 * also drop thousands (千円未満切捨て) when fixing the 交付額; no reliable text of this grant's
 * 要綱 was at hand, so that is NOT applied. If it applies, it belongs here and nowhere else.
 * A total's share is the sum of the lines' shares, each rounded down on its own line.
 */
export function nationalShare(amount: number, rate: SubsidyRate): number {
	const { numerator, denominator } = rate;
	if (!Number.isSafeInteger(numerator) || numerator < 0)
		throw new RangeError(`Subsidy rate numerator must be a whole number ≥ 0: ${numerator}`);
	if (!Number.isSafeInteger(denominator) || denominator <= 0)
		throw new RangeError(`Subsidy rate denominator must be a whole number > 0: ${denominator}`);
	// Validated amounts are whole yen; anything else (a form still being typed) gets plain math.
	if (!Number.isSafeInteger(amount) || amount < 0)
		return Math.floor((amount * numerator) / denominator);
	return Number((BigInt(amount) * BigInt(numerator)) / BigInt(denominator));
}

const ERA_START = { 令和: 2019, r: 2019, 平成: 1989, h: 1989 } as const;

/**
 * A fiscal year by its starting calendar year, as typed: 2024, 「２０２４年度」, 「令和6年度」,
 * 「令和元年度」, 「R6」. Undefined when blank, null when unreadable.
 */
export function parseFiscalYear(input: unknown): number | undefined | null {
	if (input === undefined || input === null) return undefined;
	if (typeof input === 'number') return Number.isInteger(input) ? input : null;
	if (typeof input !== 'string') return null;
	const text = input
		.normalize('NFKC')
		.replace(/\s+/g, '')
		.replace(/年度?$/, '');
	if (text === '') return undefined;
	if (/^\d{4}$/.test(text)) return Number(text);
	const era = /^(令和|平成|[RrHh])\.?(元|\d{1,2})$/.exec(text);
	if (!era) return null;
	const start = ERA_START[era[1].toLowerCase() as keyof typeof ERA_START];
	return start + (era[2] === '元' ? 1 : Number(era[2])) - 1;
}

/** The fiscal year (by its starting calendar year) of a YYYY-MM-DD date: April to March. */
export function fiscalYearOf(date: string): number {
	const [year, month] = date.split('-').map(Number);
	return month >= 4 ? year : year - 1;
}

/**
 * The year a new grant report starts on: this fiscal year when its lines are on record, else the
 * latest year before it, else the latest there is — always a year the form can show lines for.
 */
export function defaultFiscalYear(today: string, yearsWithLines: readonly number[]): number {
	const thisYear = fiscalYearOf(today);
	if (yearsWithLines.includes(thisYear)) return thisYear;
	const sorted = [...yearsWithLines].sort((a, b) => a - b);
	return sorted.filter((y) => y <= thisYear).at(-1) ?? sorted.at(-1) ?? thisYear;
}

/** 2024 → 「令和6年度」, 2019 → 「令和元年度」, 2018 → 「平成30年度」. */
export function fiscalYearLabel(year: number): string {
	const [era, start] = year >= 2019 ? ['令和', 2019] : year >= 1989 ? ['平成', 1989] : ['', 0];
	if (!era) return `${year}年度`;
	const n = year - start + 1;
	return `${era}${n === 1 ? '元' : n}年度`;
}

const fiscalYearField = z.preprocess(
	(v, ctx) => {
		const year = parseFiscalYear(v);
		if (year !== null) return year;
		ctx.addIssue({
			code: 'custom',
			message: '年度が読めません。「2024」や「令和6年度」のように入力してください。'
		});
		return z.NEVER;
	},
	z
		.number()
		.int()
		.min(MIN_FISCAL_YEAR, `年度は${MIN_FISCAL_YEAR}年度以降を入力してください。`)
		.max(MAX_FISCAL_YEAR, `年度は${MAX_FISCAL_YEAR}年度までで入力してください。`)
		.optional()
);

export const grantReportLineSchema = z.object(
	{
		code: z
			.string({ error: '交付金の区分が指定されていません。' })
			.trim()
			.min(1, '交付金の区分が指定されていません。')
			.max(60, '交付金の区分が正しくありません。'),
		planned: countField('計画額', MAX_YEN),
		actual: countField('実績額', MAX_YEN)
		// No nationalShare: Zod drops keys it does not know, so a typed share never gets in.
	},
	{ error: '交付金の行の形式が正しくありません。' }
);

export const grantReportSchema = z.object(
	{
		/** The starting calendar year: 2024 = 令和6年度. */
		fiscalYear: fiscalYearField,
		lines: rowsField(grantReportLineSchema, '交付金の行', 100)
	},
	{ error: SHAPE_ERROR }
);
export type GrantReport = z.output<typeof grantReportSchema>;

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/**
 * Drafts and submissions: no line twice, and — when the fiscal year's `grantLines` are given —
 * no line that year does not have. Submissions also need the fiscal year and both amounts of
 * every line of that year (0 where nothing was planned or spent). `grantLines` are the
 * GrantLine rows of the answer's fiscal year; without them a submission cannot be checked and
 * is refused.
 */
export function checkGrantReport(
	data: unknown,
	options: { mode: Mode; grantLines?: readonly GrantLineRate[] }
): Checked<GrantReport> {
	return check(grantReportSchema, data, (v) => grantReportProblems(v, options));
}

/**
 * The rules of checkGrantReport on a parsed report: also what the `grant_share` behaviour of a
 * response item definition applies (src/lib/domain/forms/behaviours.ts), so both say the same.
 */
export function grantReportProblems(
	v: GrantReport,
	options: { mode: Mode; grantLines?: readonly GrantLineRate[] }
): FieldProblem[] {
	const problems: FieldProblem[] = [];
	const submit = options.mode === 'submit';
	const known = options.grantLines ?? (submit ? [] : undefined);
	const seen = new Set<string>();
	v.lines.forEach((line, i) => {
		if (seen.has(line.code))
			problems.push({ path: `lines.${i}.code`, message: '同じ区分が2回入力されています。' });
		seen.add(line.code);
		if (known && v.fiscalYear !== undefined && !known.some((l) => l.code === line.code))
			problems.push({
				path: `lines.${i}.code`,
				message: `「${line.code}」は${fiscalYearLabel(v.fiscalYear)}の交付金の区分にありません。`
			});
	});
	if (!submit) return problems;
	if (v.fiscalYear === undefined) {
		problems.push({ path: 'fiscalYear', message: '年度を選んでください。' });
		return problems;
	}
	if (known!.length === 0) {
		problems.push({
			path: 'fiscalYear',
			message: `${fiscalYearLabel(v.fiscalYear)}の交付金の区分が登録されていません。年度を確認してください。`
		});
		return problems;
	}
	for (const grantLine of known!) {
		const i = v.lines.findIndex((l) => l.code === grantLine.code);
		if (i < 0) {
			problems.push({
				path: 'lines',
				message: `「${grantLine.name}」の計画額と実績額を入力してください（なければ0）。`
			});
			continue;
		}
		for (const [key, label] of [
			['planned', '計画額'],
			['actual', '実績額']
		] as const)
			if (v.lines[i][key] === undefined)
				problems.push({
					path: `lines.${i}.${key}`,
					message: `「${grantLine.name}」の${label}を入力してください（なければ0）。`
				});
	}
	return problems;
}

export type GrantAmounts = {
	planned: number;
	actual: number;
	plannedShare: number;
	actualShare: number;
};
export type GrantTotals = {
	/** One per grant line given, in that order; a line not answered counts 0. */
	rows: (GrantAmounts & { code: string; name: string; rate: SubsidyRate })[];
	total: GrantAmounts;
};

/**
 * Amounts and computed national shares per grant line and in total. Lines of the answer that
 * `grantLines` does not have are left out (validation refuses them).
 */
export function grantTotals(data: GrantReport, grantLines: readonly GrantLineRate[]): GrantTotals {
	const rows = grantLines.map((grantLine) => {
		const entered = data.lines.find((l) => l.code === grantLine.code);
		const rate = rateOf(grantLine);
		const planned = entered?.planned ?? 0;
		const actual = entered?.actual ?? 0;
		return {
			code: grantLine.code,
			name: grantLine.name,
			rate,
			planned,
			actual,
			plannedShare: nationalShare(planned, rate),
			actualShare: nationalShare(actual, rate)
		};
	});
	const sum = (key: keyof GrantAmounts) => rows.reduce((s, r) => s + r[key], 0);
	return {
		rows,
		total: {
			planned: sum('planned'),
			actual: sum('actual'),
			plannedShare: sum('plannedShare'),
			actualShare: sum('actualShare')
		}
	};
}

/**
 * 「令和6年度 実績 13,950,001円（国庫 6,866,666円）」: the national share only when the year's
 * grant lines are given; '' while no fiscal year is chosen.
 */
export function summarizeGrantReport(
	v: GrantReport,
	grantLines: readonly GrantLineRate[] = []
): string {
	if (v.fiscalYear === undefined) return '';
	const year = fiscalYearLabel(v.fiscalYear);
	if (grantLines.length === 0) {
		const actual = v.lines.reduce((s, l) => s + (l.actual ?? 0), 0);
		return `${year} 実績 ${yen(actual)}`;
	}
	const { total } = grantTotals(v, grantLines);
	return `${year} 実績 ${yen(total.actual)}（国庫 ${yen(total.actualShare)}）`;
}
