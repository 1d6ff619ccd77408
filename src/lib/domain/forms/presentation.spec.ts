import { describe, expect, it } from 'vitest';
import { conditionValues, itemView } from './presentation.ts';
import { TEMPLATES } from './templates/index.ts';
import type { Field } from './fields/index.ts';

const LINES = [
	{
		fiscalYear: 2024,
		code: 'operating_costs',
		name: '運営費',
		subsidyRateNumerator: 1,
		subsidyRateDenominator: 2
	},
	{
		fiscalYear: 2024,
		code: 'medical_costs',
		name: '医療費',
		subsidyRateNumerator: 1,
		subsidyRateDenominator: 3
	},
	{
		fiscalYear: 2023,
		code: 'operating_costs',
		name: '運営費',
		subsidyRateNumerator: 1,
		subsidyRateDenominator: 2
	}
];
const grant = TEMPLATES.grant_report.build({ number: 4 });
const registry = TEMPLATES.medical_institutions.build({ number: 2 });
const status = TEMPLATES.status_checklist.build({ number: 1 });

describe('itemView', () => {
	it('an item without behaviour adds nothing', () => {
		expect(itemView(status, {}, { today: '2025-05-01' }, false)).toEqual({
			options: {},
			defaults: {},
			tables: {}
		});
	});

	it('grant_share: the years with lines, the chosen year’s lines fixed, the share computed', () => {
		const data = { today: '2025-05-01', grantLines: LINES };
		// 2025 has no lines yet: the form starts on the latest year before it that has.
		const start = itemView(grant, {}, data, false);
		expect(start.defaults.fiscalYear).toBe('2024');
		expect(start.options.fiscalYear.map((o) => o.value)).toEqual(['2024', '2023']);
		expect(start.options.fiscalYear[0].label).toBe('令和6年度（2024年度）');
		const lines = start.tables.lines;
		expect(lines.fixedRows).toEqual([
			{ values: { code: 'operating_costs' }, header: '運営費' },
			{ values: { code: 'medical_costs' }, header: '医療費' }
		]);
		const [rate, share] = lines.computed!;
		expect(rate.cell({ code: 'medical_costs' })).toBe('1/3');
		// As typed: full-width digits and separators count.
		expect(share.cell({ code: 'operating_costs', actual: '１，０００，０００' })).toBe(
			'500,000 円'
		);
		expect(share.cell({ code: 'operating_costs', actual: 'abc' })).toBe('0 円');
		// Choosing another year shows its lines; a year without lines falls back to the start.
		expect(
			itemView(grant, { fiscalYear: '2023' }, data, false).tables.lines.fixedRows
		).toHaveLength(1);
		expect(
			itemView(grant, { fiscalYear: '1999' }, data, false).tables.lines.fixedRows
		).toHaveLength(2);
	});

	it('registry: starts a first answer from the registry, never a saved one', () => {
		const rows = [{ name: '病院', municipality: '市' }];
		expect(
			itemView(registry, {}, { today: '2025-05-01', registry: rows }, false).tables.institutions
				.startRows
		).toBe(rows);
		expect(itemView(registry, {}, { today: '2025-05-01', registry: rows }, true).tables).toEqual(
			{}
		);
		expect(itemView(registry, {}, { today: '2025-05-01', registry: [] }, false).tables).toEqual({});
	});
});

describe('conditionValues', () => {
	it('reads choices and yes/no as posted; other fields and unreadable values are left out', () => {
		const v = conditionValues(status.fields, {
			status: 'done',
			methods: ['mail', 'other'],
			note: 'x',
			institutionsReached: '12'
		});
		expect({ ...v }).toEqual({ status: 'done', methods: ['mail', 'other'] });
		expect({ ...conditionValues(status.fields, { status: 'finished' }) }).toEqual({ methods: [] });
		const held: Field = {
			key: 'held',
			type: 'yes_no',
			label: '実施',
			required: false,
			checkbox: false
		};
		expect(conditionValues([held], { held: 'true' }).held).toBe(true);
		expect(conditionValues([held], { held: 'false' }).held).toBe(false);
		expect(Object.hasOwn(conditionValues([held], { held: 'maybe' }), 'held')).toBe(false);
	});
});
