// single_choice: one of a fixed list (状況: 実施済み / 実施中 / 未着手); stores the value.
import { z } from 'zod';
import { accept, fieldBaseShape, isBlank, refuse, type FieldBase, type FieldType } from './base.ts';
import { choiceListSchema, labelOf, type Choice } from './choices.ts';

export const singleChoiceFieldSchema = z.object({
	...fieldBaseShape,
	type: z.literal('single_choice'),
	choices: choiceListSchema
});
export type SingleChoiceField = FieldBase & { type: 'single_choice'; choices: Choice[] };

export const singleChoice: FieldType<SingleChoiceField, string> = {
	parse(def, raw) {
		if (isBlank(raw)) return accept(undefined);
		const found = typeof raw === 'string' ? def.choices.find((c) => c.value === raw) : undefined;
		if (found) return accept(found.value);
		return refuse(
			`${def.label}は${def.choices
				.slice(0, 10)
				.map((c) => `「${c.label}」`)
				.join('')}${def.choices.length > 10 ? 'など' : ''}から選んでください。`
		);
	},
	isEmpty: (v) => v === undefined,
	describe: (def, v) => (v === undefined ? '' : labelOf(def.choices, v))
};
