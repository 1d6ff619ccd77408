// fiscal_year: a 年度 by its starting calendar year, typed 2024, ２０２４年度, 令和6年度, R6
// (stored 2024, shown 令和6年度). April to March, as the grant report counts.
import { z } from 'zod';
import { fiscalYearLabel, parseFiscalYear } from '../../responses/grant-report.ts';
import { accept, fieldBaseShape, refuse, type FieldBase, type FieldType } from './base.ts';

const year = z.number().int().min(1900).max(2200);

export const fiscalYearFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('fiscal_year'),
		min: year.default(2000),
		max: year.default(2100)
	})
	.refine((f) => f.min <= f.max, { message: '最初の年度が最後の年度より後です。', path: ['min'] });
export type FiscalYearField = FieldBase & { type: 'fiscal_year'; min: number; max: number };

export const fiscalYear: FieldType<FiscalYearField, number> = {
	parse(def, raw) {
		const y = typeof raw === 'string' && raw.length > 40 ? null : parseFiscalYear(raw);
		if (y === undefined) return accept(undefined);
		if (y === null)
			return refuse(`${def.label}が読めません。「2024」や「令和6年度」のように入力してください。`);
		if (y < def.min) return refuse(`${def.label}は${def.min}年度以降を入力してください。`);
		if (y > def.max) return refuse(`${def.label}は${def.max}年度までで入力してください。`);
		return accept(y);
	},
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => (v === undefined ? '' : fiscalYearLabel(v))
};
