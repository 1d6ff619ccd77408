// amount_yen: a total in yen, whole yen (12,000,000円 / １２，０００，０００). Never anyone's own costs.
import { z } from 'zod';
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

/** One trillion yen: more than any grant line (and exact in a double). */
export const MAX_YEN = 1_000_000_000_000;

export const amountYenFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('amount_yen'),
		min: z.number().int().min(0).max(MAX_YEN).default(0),
		max: z.number().int().min(0).max(MAX_YEN).default(MAX_YEN)
	})
	.refine((f) => f.min <= f.max, {
		message: '最小値が最大値より大きくなっています。',
		path: ['min']
	});
export type AmountYenField = FieldBase & { type: 'amount_yen'; min: number; max: number };

export const amountYen: FieldType<AmountYenField, number> = {
	parse(def, raw) {
		const n = parseNumberText(raw, ['円']);
		if (n === undefined) return accept(undefined);
		if (n === null) return refuse(`${def.label}は数字で入力してください（例：1,234）。`);
		if (!Number.isInteger(n)) return refuse(`${def.label}は整数で入力してください。`);
		const range = rangeProblem(def.label, n, def.min, def.max);
		return range ? refuse(range) : accept(n);
	},
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => (v === undefined ? '' : `${formatCount(v)}円`)
};
