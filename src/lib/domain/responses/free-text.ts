// free_text: whatever else an issuer asks, answered in words. Institutional facts only: the
// text is about what the department did, never about a person who was harmed.
import { z } from 'zod';
import { SHAPE_ERROR, check, textField, type Checked, type Mode } from './common.ts';

export const MAX_FREE_TEXT = 4000;

export const freeTextSchema = z.object(
	{ text: textField('回答', MAX_FREE_TEXT) },
	{ error: SHAPE_ERROR }
);
export type FreeText = z.output<typeof freeTextSchema>;

/** Drafts: any text up to the limit (or none). Submissions: some text. */
export function checkFreeText(data: unknown, options: { mode: Mode }): Checked<FreeText> {
	return check(freeTextSchema, data, (v) =>
		options.mode === 'submit' && !v.text
			? [{ path: 'text', message: '回答を入力してください。' }]
			: []
	);
}

/** The first 40 characters on one line, with … when cut. */
export function summarizeFreeText(v: FreeText): string {
	const chars = [...(v.text ?? '').replace(/\s+/g, ' ')];
	return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : chars.join('');
}
