import { describe, expect, it } from 'vitest';
import {
	checkGrantReport,
	defaultFiscalYear,
	fiscalYearOf,
	fiscalYearLabel,
	grantTotals,
	nationalShare,
	parseFiscalYear,
	summarizeGrantReport,
	type GrantLineRate
} from './grant-report.ts';

// 令和6年度's lines as the GrantLine table holds them: the rates are data, given here.
const LINES: GrantLineRate[] = [
	{ code: 'operating_costs', name: '運営費', subsidyRateNumerator: 1, subsidyRateDenominator: 2 },
	{ code: 'medical_costs', name: '医療費', subsidyRateNumerator: 1, subsidyRateDenominator: 3 },
	{ code: 'legal_support', name: '法的支援', subsidyRateNumerator: 10, subsidyRateDenominator: 10 }
];
const draft = (data: unknown, grantLines: GrantLineRate[] | null = LINES) =>
	checkGrantReport(data, { mode: 'draft', grantLines: grantLines ?? undefined });
const submit = (data: unknown, grantLines: GrantLineRate[] | null = LINES) =>
	checkGrantReport(data, { mode: 'submit', grantLines: grantLines ?? undefined });
const paths = (r: ReturnType<typeof draft>) => (r.ok ? [] : r.errors.map((e) => e.path));

const report = {
	fiscalYear: 2024,
	lines: [
		{ code: 'operating_costs', planned: 12_000_000, actual: 11_500_001 },
		{ code: 'medical_costs', planned: 3_000_000, actual: 2_000_000 },
		{ code: 'legal_support', planned: 500_000, actual: 450_000 }
	]
};

describe('national share', () => {
	it('is floor(amount × numerator / denominator), to the yen', () => {
		expect(nationalShare(1_000_001, { numerator: 1, denominator: 2 })).toBe(500_000);
		expect(nationalShare(1_000_000, { numerator: 1, denominator: 3 })).toBe(333_333);
		expect(nationalShare(2_000_000, { numerator: 1, denominator: 3 })).toBe(666_666);
		expect(nationalShare(450_000, { numerator: 10, denominator: 10 })).toBe(450_000);
		expect(nationalShare(0, { numerator: 1, denominator: 2 })).toBe(0);
		expect(nationalShare(999_999_999_999, { numerator: 1, denominator: 3 })).toBe(333_333_333_333);
		expect(nationalShare(1_000_000_000_000, { numerator: 10, denominator: 10 })).toBe(
			1_000_000_000_000
		);
	});

	it('stays exact where floating point would not (999,999,999,999 × 9999/10000)', () => {
		expect(nationalShare(999_999_999_999, { numerator: 9999, denominator: 10000 })).toBe(
			999_899_999_999
		);
	});

	it('refuses a rate that is not one', () => {
		expect(() => nationalShare(100, { numerator: 1, denominator: 0 })).toThrow(RangeError);
		expect(() => nationalShare(100, { numerator: -1, denominator: 2 })).toThrow(RangeError);
		expect(() => nationalShare(100, { numerator: 0.5, denominator: 1 })).toThrow(RangeError);
	});
});

describe('grant totals', () => {
	it('computes per line and in total, from the rates given', () => {
		expect(grantTotals(report, LINES)).toEqual({
			rows: [
				{
					code: 'operating_costs',
					name: '運営費',
					rate: { numerator: 1, denominator: 2 },
					planned: 12_000_000,
					actual: 11_500_001,
					plannedShare: 6_000_000,
					actualShare: 5_750_000
				},
				{
					code: 'medical_costs',
					name: '医療費',
					rate: { numerator: 1, denominator: 3 },
					planned: 3_000_000,
					actual: 2_000_000,
					plannedShare: 1_000_000,
					actualShare: 666_666
				},
				{
					code: 'legal_support',
					name: '法的支援',
					rate: { numerator: 10, denominator: 10 },
					planned: 500_000,
					actual: 450_000,
					plannedShare: 500_000,
					actualShare: 450_000
				}
			],
			total: {
				planned: 15_500_000,
				actual: 13_950_001,
				plannedShare: 7_500_000,
				actualShare: 6_866_666
			}
		});
	});

	it('follows the rates passed in, not any built-in ones', () => {
		const changed = LINES.map((l) =>
			l.code === 'operating_costs'
				? { ...l, subsidyRateNumerator: 2, subsidyRateDenominator: 3 }
				: l
		);
		// 11,500,001 × 2/3 = 7,666,667.33… → 7,666,667
		expect(grantTotals(report, changed).rows[0].actualShare).toBe(7_666_667);
	});

	it('counts an unanswered line as 0', () => {
		const totals = grantTotals(
			{ fiscalYear: 2024, lines: [{ code: 'medical_costs', actual: 10 }] },
			LINES
		);
		expect(totals.rows.map((r) => [r.planned, r.actual, r.actualShare])).toEqual([
			[0, 0, 0],
			[0, 10, 3],
			[0, 0, 0]
		]);
		expect(totals.total.actualShare).toBe(3);
	});
});

describe('grant report (記4)', () => {
	it('reads amounts as typed and 和暦 fiscal years, and drops a typed national share', () => {
		const r = submit({
			fiscalYear: '令和6年度',
			lines: [
				{
					code: 'operating_costs',
					planned: '12,000,000',
					actual: '１１，５００，００１円',
					nationalShare: '999'
				},
				{ code: 'medical_costs', planned: '3000000', actual: '2,000,000' },
				{ code: 'legal_support', planned: '0', actual: '0', actualShare: 1 }
			],
			nationalShareTotal: 123
		});
		expect(r).toEqual({
			ok: true,
			value: {
				fiscalYear: 2024,
				lines: [
					{ code: 'operating_costs', planned: 12_000_000, actual: 11_500_001 },
					{ code: 'medical_costs', planned: 3_000_000, actual: 2_000_000 },
					{ code: 'legal_support', planned: 0, actual: 0 }
				]
			}
		});
	});

	it('parses fiscal years as people write them', () => {
		expect(['2024', '２０２４年度', '令和6年度', 'R6', 'r.6'].map(parseFiscalYear)).toEqual([
			2024, 2024, 2024, 2024, 2024
		]);
		expect(parseFiscalYear('令和元年度')).toBe(2019);
		expect(parseFiscalYear('平成30年度')).toBe(2018);
		expect(parseFiscalYear('')).toBeUndefined();
		expect(parseFiscalYear('来年度')).toBeNull();
		expect(fiscalYearLabel(2024)).toBe('令和6年度');
		expect(fiscalYearLabel(2019)).toBe('令和元年度');
		expect(fiscalYearLabel(2018)).toBe('平成30年度');
		expect(paths(draft({ fiscalYear: '来年度' }))).toEqual(['fiscalYear']);
		expect(paths(draft({ fiscalYear: 1999 }))).toEqual(['fiscalYear']);
	});

	it('refuses bad amounts even in a draft', () => {
		for (const bad of ['十万', '-1', '1e3', '1.5', '1,000,000,000,001'])
			expect(
				paths(draft({ fiscalYear: 2024, lines: [{ code: 'operating_costs', planned: bad }] }))
			).toEqual(['lines.0.planned']);
		expect(
			draft({
				fiscalYear: 2024,
				lines: [{ code: 'operating_costs', planned: '1,000,000,000,000' }]
			}).ok
		).toBe(true);
		const r = draft({ fiscalYear: 2024, lines: [{ code: 'operating_costs', actual: '十万' }] });
		expect(r.ok ? '' : r.errors[0].message).toBe('実績額は数字で入力してください（例：1,234）。');
	});

	it('refuses lines the fiscal year does not have, and a line twice', () => {
		expect(paths(draft({ fiscalYear: 2024, lines: [{ code: 'bonus', planned: 1 }] }))).toEqual([
			'lines.0.code'
		]);
		expect(
			paths(
				draft({
					fiscalYear: 2024,
					lines: [
						{ code: 'medical_costs', planned: 1 },
						{ code: 'medical_costs', planned: 2 }
					]
				})
			)
		).toEqual(['lines.1.code']);
		// Without the year's lines a draft cannot tell, and is kept.
		expect(draft({ fiscalYear: 2024, lines: [{ code: 'bonus' }] }, null).ok).toBe(true);
	});

	it('lets a draft be partial; a submission needs the year and both amounts of every line', () => {
		expect(draft({}).ok).toBe(true);
		expect(draft({ fiscalYear: 2024, lines: [{ code: 'operating_costs', planned: 5 }] }).ok).toBe(
			true
		);
		expect(paths(submit({}))).toEqual(['fiscalYear']);
		const missing = submit({
			fiscalYear: 2024,
			lines: [
				{ code: 'operating_costs', planned: 5 },
				{ code: 'medical_costs', planned: 0, actual: 0 }
			]
		});
		expect(missing.ok ? [] : missing.errors).toEqual([
			{ path: 'lines.0.actual', message: '「運営費」の実績額を入力してください（なければ0）。' },
			{ path: 'lines', message: '「法的支援」の計画額と実績額を入力してください（なければ0）。' }
		]);
		expect(submit(report).ok).toBe(true);
		// A year with no grant lines registered (or none passed in) cannot be submitted.
		expect(paths(submit(report, []))).toEqual([
			'lines.0.code',
			'lines.1.code',
			'lines.2.code',
			'fiscalYear'
		]);
		expect(paths(submit({ fiscalYear: 2024 }, null))).toEqual(['fiscalYear']);
	});

	it('summarizes for tables', () => {
		const r = submit(report);
		expect(r.ok && summarizeGrantReport(r.value, LINES)).toBe(
			'令和6年度 実績 13,950,001円（国庫 6,866,666円）'
		);
		expect(r.ok && summarizeGrantReport(r.value)).toBe('令和6年度 実績 13,950,001円');
		expect(summarizeGrantReport({ lines: [] })).toBe('');
	});
});

describe('the fiscal year a new report starts on', () => {
	it('April to March', () => {
		expect(fiscalYearOf('2025-03-31')).toBe(2024);
		expect(fiscalYearOf('2025-04-01')).toBe(2025);
	});
	it('this year when its lines exist, else the latest before it, else the latest', () => {
		expect(defaultFiscalYear('2024-10-08', [2024, 2023])).toBe(2024);
		expect(defaultFiscalYear('2026-11-28', [2024])).toBe(2024);
		expect(defaultFiscalYear('2026-11-28', [2023, 2027, 2025])).toBe(2025);
		expect(defaultFiscalYear('2022-05-01', [2024, 2023])).toBe(2024);
		expect(defaultFiscalYear('2022-05-01', [])).toBe(2022);
	});
});
