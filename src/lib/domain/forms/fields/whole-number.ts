// whole_number: a count with its unit (120機関, 3件). Typed as people type it: １，２３４機関.
import { z } from 'zod';
import { MAX_MAGNITUDE } from '../limits.ts';
import {
	accept,
	fieldBaseShape,
	formatCount,
	parseNumberText,
	refuse,
	type FieldBase,
	type FieldType
} from './base.ts';
import { rangeProblem } from './number-common.ts';

/** Units people append that mean nothing more than "a count". */
const COMMON_UNITS = ['件', '機関', 'か所', '箇所', '人', '回', '円'];

const bound = z.number().int().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);

export const wholeNumberFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('whole_number'),
		unit: z.string().trim().max(10).optional(),
		min: bound.optional(),
		max: bound.optional()
	})
	.refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
		message: '最小値が最大値より大きくなっています。',
		path: ['min']
	});
export type WholeNumberField = FieldBase & {
	type: 'whole_number';
	unit?: string;
	min?: number;
	max?: number;
};

export const wholeNumber: FieldType<WholeNumberField, number> = {
	parse(def, raw) {
		const n = parseNumberText(raw, def.unit ? [def.unit, ...COMMON_UNITS] : COMMON_UNITS);
		if (n === undefined) return accept(undefined);
		if (n === null) return refuse(`${def.label}は数字で入力してください（例：1,234）。`);
		if (!Number.isInteger(n)) return refuse(`${def.label}は整数で入力してください。`);
		const range = rangeProblem(def.label, n, def.min, def.max ?? MAX_MAGNITUDE);
		return range ? refuse(range) : accept(n);
	},
	isEmpty: (v) => v === undefined,
	describe: (def, v) => (v === undefined ? '' : `${formatCount(v)}${def.unit ?? ''}`)
};
