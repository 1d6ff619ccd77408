// Anything else an issuer asks: free text, or yes/no with a comment.
import { z } from 'zod';
import { check, text, type Mode } from './common.ts';

export const freeTextSchema = z.object({ text: text(4000, '回答') });
export const yesNoSchema = z.object({
	answer: z.enum(['yes', 'no'], { error: '「はい」か「いいえ」を選んでください。' }).optional(),
	comment: text(2000, '補足')
});

export const checkFreeText = (data: unknown, mode: Mode) =>
	check(freeTextSchema, data, mode, (v) =>
		v.text ? [] : [{ path: 'text', message: '回答を入力してください。' }]
	);

export const checkYesNo = (data: unknown, mode: Mode) =>
	check(yesNoSchema, data, mode, (v) =>
		v.answer ? [] : [{ path: 'answer', message: '「はい」か「いいえ」を選んでください。' }]
	);
