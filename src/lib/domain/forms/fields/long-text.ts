// long_text: paragraphs (what was decided, a note). Institutional facts only: never a slot
// meant for anything about a person who was harmed.
import { z } from 'zod';
import { MAX_TEXT_LENGTH } from '../limits.ts';
import { fieldBaseShape, oneLine, parseText, type FieldBase, type FieldType } from './base.ts';

export const longTextFieldSchema = z.object({
	...fieldBaseShape,
	type: z.literal('long_text'),
	maxLength: z.number().int().min(1).max(MAX_TEXT_LENGTH).default(2000)
});
export type LongTextField = FieldBase & { type: 'long_text'; maxLength: number };

export const longText: FieldType<LongTextField, string> = {
	parse: (def, raw) => parseText(def.label, raw, def.maxLength),
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => (v === undefined ? '' : oneLine(v))
};
