// short_text: a line of words (an institution's name, a counterpart department).
import { z } from 'zod';
import { fieldBaseShape, oneLine, parseText, type FieldBase, type FieldType } from './base.ts';

export const SHORT_TEXT_MAX = 1000;

export const shortTextFieldSchema = z.object({
	...fieldBaseShape,
	type: z.literal('short_text'),
	maxLength: z.number().int().min(1).max(SHORT_TEXT_MAX).default(200)
});
export type ShortTextField = FieldBase & { type: 'short_text'; maxLength: number };

export const shortText: FieldType<ShortTextField, string> = {
	parse: (def, raw) => parseText(def.label, raw, def.maxLength),
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => (v === undefined ? '' : oneLine(v))
};
