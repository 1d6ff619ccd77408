// はい・いいえ with an optional comment (today's yes_no kind, which stores 'yes' / 'no').
import { YES_NO, YES_NO_LABELS } from '../../responses/yes-no.ts';
import { defineTemplate } from './template.ts';

export const yesNoTemplate = defineTemplate(
	'yes_no',
	{ ja: 'はい・いいえ', en: 'Yes / no' },
	{
		title: 'はい・いいえ',
		fields: [
			{
				key: 'answer',
				type: 'single_choice',
				label: '回答',
				choices: YES_NO.map((value) => ({ value, label: YES_NO_LABELS[value].ja })),
				required: true,
				requiredMessage: '「はい」か「いいえ」を選んでください。'
			},
			{ key: 'comment', type: 'long_text', label: '補足', maxLength: 2000 }
		],
		summary: ['answer']
	}
);
