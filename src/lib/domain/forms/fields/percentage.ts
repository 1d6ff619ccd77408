// percentage: a share in per cent (12.5 means 12.5 %), typed 12.5, 12.5%, １２．５％.
import { z } from 'zod';
import {
	accept,
	fieldBaseShape,
	parseNumberText,
	refuse,
	type FieldBase,
	type FieldType
} from './base.ts';
import { rangeProblem } from './number-common.ts';

export const percentageFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('percentage'),
		min: z.number().min(-1000).max(1000).default(0),
		max: z.number().min(-1000).max(1000).default(100),
		/** Digits after the decimal point people may type. */
		decimals: z.number().int().min(0).max(3).default(1)
	})
	.refine((f) => f.min <= f.max, {
		message: '最小値が最大値より大きくなっています。',
		path: ['min']
	});
export type PercentageField = FieldBase & {
	type: 'percentage';
	min: number;
	max: number;
	decimals: number;
};

const decimalsOf = (n: number) => {
	const text = String(n);
	return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
};

export const percentage: FieldType<PercentageField, number> = {
	parse(def, raw) {
		const n = parseNumberText(raw, ['%', 'パーセント']);
		if (n === undefined) return accept(undefined);
		if (n === null) return refuse(`${def.label}は数字で入力してください（例：12.5）。`);
		if (decimalsOf(n) > def.decimals)
			return refuse(
				def.decimals === 0
					? `${def.label}は整数で入力してください。`
					: `${def.label}は小数点以下${def.decimals}桁までで入力してください。`
			);
		const range = rangeProblem(def.label, n, def.min, def.max);
		return range ? refuse(range) : accept(n);
	},
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => (v === undefined ? '' : `${v}%`)
};
