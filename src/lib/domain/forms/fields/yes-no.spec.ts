import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const question = { key: 'ok', type: 'yes_no', label: '実施の有無', required: true };
const box = { key: 'allDay', type: 'yes_no', label: '24時間受入れ', checkbox: true };

describe('yes / no', () => {
	it('reads what forms and files post', () => {
		for (const yes of [true, 'true', 'on', '1', 'yes', 'はい'])
			expect(answer(question, yes)).toEqual({ value: true });
		for (const no of [false, 'false', 'off', '0', 'no', 'いいえ'])
			expect(answer(question, no)).toEqual({ value: false });
		expect(answer(question, 'maybe')).toEqual({ errors: ['実施の有無の値が正しくありません。'] });
		expect(answer(question, 7)).toEqual({ errors: ['実施の有無の値が正しくありません。'] });
	});

	it('a question left blank is unanswered; a checkbox left blank is no', () => {
		expect(answer(question, '')).toEqual({ value: undefined });
		expect(answer(question, '', 'submit')).toEqual({ errors: ['実施の有無を選んでください。'] });
		expect(answer(box, undefined, 'submit')).toEqual({ value: false });
		expect(answer({ ...box, required: true }, undefined, 'submit')).toEqual({
			errors: ['24時間受入れにチェックしてください。']
		});
	});

	it('describes as はい / いいえ', () => {
		expect(summarizeAnswer(itemWith(question), { ok: false })).toBe('いいえ');
	});
});
