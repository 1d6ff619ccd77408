// 記4-style: use of the grant (交付金) per fiscal year and line. Rates are data (GrantLine rows,
// editable per fiscal year), never constants here; the national share is always computed.
import { z } from 'zod';
import { amount, check, type FieldProblem, type Mode } from './common.ts';

export type GrantLineRate = {
	code: string;
	name: string;
	subsidyRateNumerator: number;
	subsidyRateDenominator: number;
};

const MAX_YEN = 1_000_000_000_000;

export const grantReportSchema = z.object({
	fiscalYear: z.preprocess(
		(v) => (v === undefined || v === '' ? undefined : Number(String(v).normalize('NFKC'))),
		z.number({ error: '年度を選んでください。' }).int().min(2000).max(2100).optional()
	),
	// A typed "national share" is not part of the schema, so it is dropped: it is computed.
	lines: z
		.array(
			z.object({
				code: z.string().max(40),
				planned: amount(MAX_YEN, '計画額'),
				actual: amount(MAX_YEN, '実績額')
			})
		)
		.default([])
});
export type GrantReport = z.infer<typeof grantReportSchema>;

/**
 * The national share of an amount: amount × numerator / denominator, rounded down to the yen.
 * Assumption to confirm with the grant's 交付要綱: no rounding to thousands (千円未満切捨て) is
 * applied here; if the 要綱 requires it, it belongs here and nowhere else.
 */
export function nationalShare(yen: number, rate: { numerator: number; denominator: number }) {
	return Math.floor((yen * rate.numerator) / rate.denominator);
}

export function grantTotals(report: GrantReport, lines: GrantLineRate[]) {
	const rows = lines.map((line) => {
		const entered = report.lines.find((l) => l.code === line.code);
		const rate = { numerator: line.subsidyRateNumerator, denominator: line.subsidyRateDenominator };
		const planned = entered?.planned ?? 0;
		const actual = entered?.actual ?? 0;
		return {
			code: line.code,
			name: line.name,
			planned,
			actual,
			plannedShare: nationalShare(planned, rate),
			actualShare: nationalShare(actual, rate)
		};
	});
	const sum = (k: 'planned' | 'actual' | 'plannedShare' | 'actualShare') =>
		rows.reduce((s, r) => s + r[k], 0);
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

export function checkGrantReport(data: unknown, mode: Mode, lines: GrantLineRate[] = []) {
	const result = check(grantReportSchema, data, mode, (v) => {
		const missing: FieldProblem[] = [];
		if (!v.fiscalYear) missing.push({ path: 'fiscalYear', message: '年度を選んでください。' });
		v.lines.forEach((l, i) => {
			if (l.planned === undefined)
				missing.push({
					path: `lines.${i}.planned`,
					message: '計画額を入力してください（なければ0）。'
				});
			if (l.actual === undefined)
				missing.push({
					path: `lines.${i}.actual`,
					message: '実績額を入力してください（なければ0）。'
				});
		});
		return missing;
	});
	if (!result.ok) return result;
	const known = new Set(lines.map((l) => l.code));
	const unknown = result.value.lines.findIndex((l) => !known.has(l.code));
	if (result.value.fiscalYear && unknown >= 0)
		return {
			ok: false as const,
			errors: [
				{
					path: `lines.${unknown}.code`,
					message: `${result.value.fiscalYear}年度にない交付金の区分です。`
				}
			]
		};
	return result;
}

export const summarizeGrantReport = (v: GrantReport, lines: GrantLineRate[] = []) => {
	const t = grantTotals(v, lines).total;
	return v.fiscalYear ? `${v.fiscalYear}年度 実績${t.actual.toLocaleString('ja-JP')}円` : '';
};
