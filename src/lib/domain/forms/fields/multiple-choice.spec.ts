import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';
import { multipleChoice } from './multiple-choice.ts';

const f = {
	key: 'methods',
	type: 'multiple_choice',
	label: '配布の方法',
	required: true,
	choices: [
		{ value: 'mail', label: '郵送・メール' },
		{ value: 'visit', label: '訪問' },
		{ value: 'other', label: 'その他' }
	]
};

describe('multiple choice', () => {
	it('stores the values chosen, in order, without repeats; none is []', () => {
		expect(answer(f, ['visit', 'mail', 'visit'])).toEqual({ value: ['visit', 'mail'] });
		expect(answer(f, 'mail')).toEqual({ value: ['mail'] });
		expect(answer(f, undefined)).toEqual({ value: [] });
		expect(answer(f, [], 'submit')).toEqual({ errors: ['配布の方法を1つ以上選んでください。'] });
	});

	it('names the values it does not know', () => {
		expect(answer(f, ['mail', 'carrier_pigeon', 3])).toEqual({
			errors: ['配布の方法に選べない値があります（carrier_pigeon、3）。']
		});
	});

	it('holds to how many may be chosen', () => {
		expect(answer({ ...f, maxSelected: 1 }, ['mail', 'visit'])).toEqual({
			errors: ['配布の方法は1個まで選べます。']
		});
		expect(answer({ ...f, minSelected: 2 }, ['mail'], 'submit')).toEqual({
			errors: ['配布の方法を2つ以上選んでください。']
		});
		expect(answer({ ...f, minSelected: 2 }, ['mail'])).toEqual({ value: ['mail'] });
		expect(() => itemWith({ ...f, minSelected: 4 })).toThrow();
	});

	it('describes by labels', () => {
		expect(summarizeAnswer(itemWith(f), { methods: ['mail', 'other'] })).toBe(
			'郵送・メール、その他'
		);
	});
});

describe('hostile posts', () => {
	it('a posted object instead of choices is refused with a message, not a crash', () => {
		const field = {
			key: 'methods',
			type: 'multiple_choice' as const,
			label: '方法',
			required: false,
			choices: [{ value: 'mail', label: '郵送' }]
		};
		const posted = Object.assign(Object.create(null) as object, { '\u0001': 'x' });
		const result = multipleChoice.parse(field as never, [posted], {
			mode: 'draft',
			today: '2024-10-20'
		});
		expect(result.ok).toBe(false);
	});
});
