import { describe, expect, it } from 'vitest';
import { summarizeResponse, validateResponse } from './index.ts';
import { findDuplicates, type Institution } from './medical-institutions.ts';
import { grantTotals, nationalShare, type GrantLineRate } from './grant-report.ts';

const today = '2024-11-01';
const LINES: GrantLineRate[] = [
	{ code: 'operating_costs', name: '運営費', subsidyRateNumerator: 1, subsidyRateDenominator: 2 },
	{ code: 'medical_costs', name: '医療費', subsidyRateNumerator: 1, subsidyRateDenominator: 3 },
	{ code: 'legal_support', name: '法的支援', subsidyRateNumerator: 10, subsidyRateDenominator: 10 }
];
const paths = (r: ReturnType<typeof validateResponse>) => (r.ok ? [] : r.errors.map((e) => e.path));

describe('status checklist', () => {
	it('accepts full-width digits and 和暦 dates, and requires the details when done', () => {
		const ok = validateResponse(
			'status_checklist',
			{
				status: 'done',
				distributedOn: '令和6年10月21日',
				institutionsReached: '１，２３４',
				methods: ['mail']
			},
			{ mode: 'submit', today }
		);
		expect(ok).toEqual({
			ok: true,
			value: expect.objectContaining({ distributedOn: '2024-10-21', institutionsReached: 1234 })
		});
		const missing = validateResponse(
			'status_checklist',
			{ status: 'done' },
			{ mode: 'submit', today }
		);
		expect(paths(missing)).toEqual(['distributedOn', 'institutionsReached', 'methods']);
		// A draft may be incomplete…
		expect(
			validateResponse('status_checklist', { status: 'done' }, { mode: 'draft', today }).ok
		).toBe(true);
	});

	it('refuses bad numbers, impossible dates and future dates even in a draft where invalid', () => {
		expect(
			paths(
				validateResponse(
					'status_checklist',
					{ institutionsReached: '-3' },
					{ mode: 'draft', today }
				)
			)
		).toEqual(['institutionsReached']);
		expect(
			paths(
				validateResponse(
					'status_checklist',
					{ institutionsReached: '12本' },
					{ mode: 'draft', today }
				)
			)
		).toEqual(['institutionsReached']);
		expect(
			paths(
				validateResponse(
					'status_checklist',
					{ distributedOn: '2024-02-30' },
					{ mode: 'draft', today }
				)
			)
		).toEqual(['distributedOn']);
		const future = validateResponse(
			'status_checklist',
			{ status: 'done', distributedOn: '2024-12-01', institutionsReached: 3, methods: ['mail'] },
			{ mode: 'submit', today }
		);
		expect(paths(future)).toEqual(['distributedOn']);
	});
});

describe('medical institutions', () => {
	const inst = (over: Partial<Institution>): Institution => ({
		name: '横浜市立大学附属病院',
		institutionCode: '1411234567',
		municipality: '横浜市',
		clinicalDepartments: ['obstetrics_gynecology'],
		accepts24Hours: true,
		collectsEvidence: false,
		emergencyContraception: false,
		housesCenter: false,
		contact: '地域連携室',
		...over
	});

	it('refuses unknown clinical departments and malformed codes', () => {
		const r = validateResponse(
			'medical_institutions',
			{
				institutions: [
					{
						name: 'A病院',
						municipality: '横浜市',
						institutionCode: '12345',
						clinicalDepartments: ['astrology']
					}
				]
			},
			{ mode: 'draft', today }
		);
		expect(paths(r).sort()).toEqual([
			'institutions.0.clinicalDepartments.0',
			'institutions.0.institutionCode'
		]);
	});

	it('finds duplicates by code, or by name and municipality (full-width and spaces ignored)', () => {
		const dupByCode = findDuplicates([inst({}), inst({ name: '別名病院' })]);
		expect(dupByCode).toHaveLength(1);
		expect(dupByCode[0].message).toContain('医療機関コード');
		const dupByName = findDuplicates([
			inst({ institutionCode: undefined }),
			inst({ institutionCode: undefined, name: '横浜市立大学 附属病院' })
		]);
		expect(dupByName).toHaveLength(1);
		expect(
			findDuplicates([inst({}), inst({ institutionCode: '1411234568', name: '別の病院' })])
		).toEqual([]);
		expect(
			validateResponse(
				'medical_institutions',
				{ institutions: [inst({}), inst({})] },
				{ mode: 'submit', today }
			).ok
		).toBe(false);
	});

	it('requires name, municipality and a clinical department on submit only', () => {
		const partial = { institutions: [{ name: 'B病院' }] };
		expect(validateResponse('medical_institutions', partial, { mode: 'draft', today }).ok).toBe(
			true
		);
		expect(
			paths(validateResponse('medical_institutions', partial, { mode: 'submit', today }))
		).toEqual(['institutions.0.municipality', 'institutions.0.clinicalDepartments']);
	});
});

describe('grant report', () => {
	it('computes the national share from the rates given, rounding down to the yen', () => {
		expect(nationalShare(1_000_001, { numerator: 1, denominator: 2 })).toBe(500_000);
		expect(nationalShare(1_000_000, { numerator: 1, denominator: 3 })).toBe(333_333);
		const totals = grantTotals(
			{
				fiscalYear: 2024,
				lines: [
					{ code: 'operating_costs', planned: 12_000_000, actual: 11_500_001 },
					{ code: 'medical_costs', planned: 3_000_000, actual: 2_000_000 },
					{ code: 'legal_support', planned: 500_000, actual: 450_000 }
				]
			},
			LINES
		);
		expect(totals.rows.map((r) => r.actualShare)).toEqual([5_750_000, 666_666, 450_000]);
		expect(totals.total).toEqual({
			planned: 15_500_000,
			actual: 13_950_001,
			plannedShare: 6_000_000 + 1_000_000 + 500_000,
			actualShare: 5_750_000 + 666_666 + 450_000
		});
	});

	it('ignores a typed national share and refuses lines the fiscal year does not have', () => {
		const r = validateResponse(
			'grant_report',
			{
				fiscalYear: '2024',
				lines: [{ code: 'operating_costs', planned: '100', actual: '100', nationalShare: '999' }]
			},
			{ mode: 'submit', today, grantLines: LINES }
		);
		expect(r.ok && (r.value as { lines: object[] }).lines[0]).toEqual({
			code: 'operating_costs',
			planned: 100,
			actual: 100
		});
		const unknown = validateResponse(
			'grant_report',
			{ fiscalYear: 2024, lines: [{ code: 'bonus', planned: 1, actual: 1 }] },
			{ mode: 'submit', today, grantLines: LINES }
		);
		expect(paths(unknown)).toEqual(['lines.0.code']);
		expect(
			paths(
				validateResponse(
					'grant_report',
					{ fiscalYear: 2024, lines: [{ code: 'operating_costs', planned: '1e3', actual: '' }] },
					{ mode: 'draft', today, grantLines: LINES }
				)
			)
		).toEqual(['lines.0.planned']);
		expect(
			summarizeResponse(
				'grant_report',
				{ fiscalYear: 2024, lines: [{ code: 'operating_costs', planned: 1, actual: 2_000 }] },
				LINES
			)
		).toBe('2024年度 実績2,000円');
	});
});

describe('coordination record, free text, yes/no', () => {
	it('requires the essentials on submit and limits text length', () => {
		expect(
			paths(validateResponse('coordination_record', { entries: [] }, { mode: 'submit', today }))
		).toEqual(['entries']);
		expect(
			paths(
				validateResponse(
					'coordination_record',
					{ entries: [{ date: '令和6年10月30日', counterpart: 'センター所管課' }] },
					{ mode: 'submit', today }
				)
			)
		).toEqual(['entries.0.topic']);
		expect(
			paths(validateResponse('free_text', { text: 'あ'.repeat(4001) }, { mode: 'draft', today }))
		).toEqual(['text']);
		expect(paths(validateResponse('yes_no', {}, { mode: 'submit', today }))).toEqual(['answer']);
		expect(summarizeResponse('yes_no', { answer: 'yes' })).toBe('はい');
	});
});
