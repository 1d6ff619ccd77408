// 交付金の執行状況 (記4 of the seed notice): planned and actual amounts per grant line of one
// fiscal year. The `grant_share` behaviour holds the lines to the year's GrantLine rows and
// computes the national share from their rates (never typed). Totals in yen only.
// Accepts exactly what responses/grant-report.ts accepts.
import { MAX_FISCAL_YEAR, MAX_YEN, MIN_FISCAL_YEAR } from '../../responses/grant-report.ts';
import { defineTemplate } from './template.ts';

export const grantReportTemplate = defineTemplate(
	'grant_report',
	{ ja: '交付金の執行状況（国庫補助額つき）', en: 'Grant report with national share' },
	{
		title: '交付金の執行状況',
		behaviour: 'grant_share',
		fields: [
			// Required by the behaviour (its message and order are the grant report's own).
			{
				key: 'fiscalYear',
				type: 'fiscal_year',
				label: '年度',
				min: MIN_FISCAL_YEAR,
				max: MAX_FISCAL_YEAR
			},
			{
				key: 'lines',
				type: 'table',
				label: '交付金',
				maxRows: 100,
				columns: [
					{ key: 'code', type: 'short_text', label: '交付金の区分', maxLength: 60 },
					{ key: 'planned', type: 'amount_yen', label: '計画額', max: MAX_YEN },
					{ key: 'actual', type: 'amount_yen', label: '実績額', max: MAX_YEN }
				]
			}
		]
	}
);
