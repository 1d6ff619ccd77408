// date: a calendar day typed in 和暦 or Gregorian (令和6年10月21日, R6.10.21, 2024/10/21, 全角
// too), stored as YYYY-MM-DD and shown in 和暦.
import { z } from 'zod';
import { formatEraDate, parseDateInput } from '../../dates.ts';
import { accept, fieldBaseShape, refuse, type FieldBase, type FieldType } from './base.ts';

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で書いてください。')
	.refine((d) => parseDateInput(d) === d, '実在する日付を書いてください。');

export const dateFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('date'),
		min: isoDate.optional(),
		max: isoDate.optional(),
		/**
		 * A day after today is refused: `always` (even in a draft: a distribution cannot have
		 * happened tomorrow) or `on_submit` (a planned meeting may be noted ahead in a draft).
		 */
		noFuture: z.enum(['always', 'on_submit']).optional()
	})
	.refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
		message: '最初の日が最後の日より後になっています。',
		path: ['min']
	});
export type DateField = FieldBase & {
	type: 'date';
	min?: string;
	max?: string;
	noFuture?: 'always' | 'on_submit';
};

const futureMessage = (def: DateField, today: string) =>
	`${def.label}に未来の日付は入力できません（今日は${formatEraDate(today)}です）。`;

export const date: FieldType<DateField, string> = {
	parse(def, raw) {
		if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
			return accept(undefined);
		const d = typeof raw === 'string' && raw.length <= 40 ? parseDateInput(raw) : null;
		if (!d)
			return refuse(
				`${def.label}が日付として読めません。「令和6年10月21日」や「2024-10-21」のように、実在する日付を入力してください。`
			);
		if (def.min && d < def.min)
			return refuse(`${def.label}は${formatEraDate(def.min)}以降の日付を入力してください。`);
		if (def.max && d > def.max)
			return refuse(`${def.label}は${formatEraDate(def.max)}までの日付を入力してください。`);
		return accept(d);
	},
	check: (def, d, ctx) =>
		d > ctx.today &&
		(def.noFuture === 'always' || (def.noFuture === 'on_submit' && ctx.mode === 'submit'))
			? [{ path: '', message: futureMessage(def, ctx.today) }]
			: [],
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => (v === undefined ? '' : formatEraDate(v))
};
