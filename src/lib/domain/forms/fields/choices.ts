// The list of choices single and multiple choice fields share: stored values, shown labels.
import { z } from 'zod';
import { MAX_CHOICES, MAX_LABEL_LENGTH } from '../limits.ts';
import { choiceValueSchema } from './base.ts';

export const choiceSchema = z.object({
	value: choiceValueSchema,
	label: z.string().trim().min(1, '選択肢の表示名を入力してください。').max(MAX_LABEL_LENGTH)
});
export type Choice = z.infer<typeof choiceSchema>;

export const choiceListSchema = z
	.array(choiceSchema)
	.min(1, '選択肢を1つ以上用意してください。')
	.max(MAX_CHOICES, `選択肢は${MAX_CHOICES}個までです。`)
	.refine(
		(list) => new Set(list.map((c) => c.value)).size === list.length,
		'選択肢の値が重複しています。'
	);

export const labelOf = (choices: readonly Choice[], value: string): string =>
	choices.find((c) => c.value === value)?.label ?? value;
