// 自由記述: whatever else an issuer asks, answered in words (today's free_text kind).
import { MAX_FREE_TEXT } from '../../responses/free-text.ts';
import { defineTemplate } from './template.ts';

export const freeTextTemplate = defineTemplate(
	'free_text',
	{ ja: '自由記述', en: 'Free text' },
	{
		title: '自由記述',
		fields: [
			{ key: 'text', type: 'long_text', label: '回答', maxLength: MAX_FREE_TEXT, required: true }
		]
	}
);
