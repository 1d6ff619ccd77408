// multiple_choice: several of a fixed list (checkboxes), without repeats; stores the values in
// the order given, [] when none.
import { z } from 'zod';
import { MAX_CHOICES } from '../limits.ts';
import { accept, fieldBaseShape, isBlank, refuse, type FieldBase, type FieldType } from './base.ts';
import { choiceListSchema, labelOf, type Choice } from './choices.ts';

export const multipleChoiceFieldSchema = z
	.object({
		...fieldBaseShape,
		type: z.literal('multiple_choice'),
		choices: choiceListSchema,
		minSelected: z.number().int().min(1).max(MAX_CHOICES).optional(),
		maxSelected: z.number().int().min(1).max(MAX_CHOICES).optional()
	})
	.refine(
		(f) =>
			(f.minSelected ?? 1) <= (f.maxSelected ?? f.choices.length) &&
			(f.minSelected ?? 1) <= f.choices.length,
		{ message: '選ぶ数の下限が上限または選択肢の数を超えています。', path: ['minSelected'] }
	);
export type MultipleChoiceField = FieldBase & {
	type: 'multiple_choice';
	choices: Choice[];
	minSelected?: number;
	maxSelected?: number;
};

export const multipleChoice: FieldType<MultipleChoiceField, string[]> = {
	parse(def, raw) {
		if (isBlank(raw)) return accept([]);
		const list: unknown[] = Array.isArray(raw) ? raw : [raw];
		if (list.length > MAX_CHOICES * 2) return refuse(`${def.label}の選び方が正しくありません。`);
		const known = new Set(def.choices.map((c) => c.value));
		const unknown = list.filter((x) => typeof x !== 'string' || !known.has(x));
		if (unknown.length > 0)
			return refuse(
				// Only strings are named: a posted object (`methods.x=…`) has no text to show, and
				// String() of a null-prototype object throws.
				`${def.label}に選べない値があります（${unknown
					.slice(0, 5)
					.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : '読めない値'))
					.join('、')}）。`
			);
		const chosen = [...new Set(list as string[])];
		if (def.maxSelected !== undefined && chosen.length > def.maxSelected)
			return refuse(`${def.label}は${def.maxSelected}個まで選べます。`);
		return accept(chosen);
	},
	complete: (def, v) =>
		def.minSelected !== undefined && v.length > 0 && v.length < def.minSelected
			? [{ path: '', message: `${def.label}を${def.minSelected}つ以上選んでください。` }]
			: [],
	isEmpty: (v) => v === undefined || v.length === 0,
	describe: (def, v) => (v ?? []).map((x) => labelOf(def.choices, x)).join('、')
};
