// yes_no: a question answered はい / いいえ, with an optional comment. Institutional facts
// only, as everywhere in responses.
import { z } from 'zod';
import { SHAPE_ERROR, check, choiceField, textField, type Checked, type Mode } from './common.ts';

export const YES_NO = ['yes', 'no'] as const;
export const YES_NO_LABELS = {
	yes: { ja: 'はい', en: 'Yes' },
	no: { ja: 'いいえ', en: 'No' }
} as const;

export const yesNoSchema = z.object(
	{
		answer: choiceField(YES_NO, '「はい」か「いいえ」を選んでください。'),
		comment: textField('補足', 2000)
	},
	{ error: SHAPE_ERROR }
);
export type YesNo = z.output<typeof yesNoSchema>;

/** Drafts: anything parseable. Submissions: an answer; the comment stays optional. */
export function checkYesNo(data: unknown, options: { mode: Mode }): Checked<YesNo> {
	return check(yesNoSchema, data, (v) =>
		options.mode === 'submit' && !v.answer
			? [{ path: 'answer', message: '「はい」か「いいえ」を選んでください。' }]
			: []
	);
}

/** 「はい」, 「いいえ（補足あり）」; '' while unanswered. */
export function summarizeYesNo(v: YesNo): string {
	if (!v.answer) return '';
	return YES_NO_LABELS[v.answer].ja + (v.comment ? '（補足あり）' : '');
}
