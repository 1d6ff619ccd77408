import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = {
	key: 'status',
	type: 'single_choice',
	label: '状況',
	required: true,
	choices: [
		{ value: 'done', label: '実施済み' },
		{ value: 'in_progress', label: '実施中' }
	]
};

describe('single choice', () => {
	it('stores one of its values, and names the choices when given another', () => {
		expect(answer(f, 'done')).toEqual({ value: 'done' });
		expect(answer(f, 'finished')).toEqual({
			errors: ['状況は「実施済み」「実施中」から選んでください。']
		});
		expect(answer(f, ['done'])).toEqual({
			errors: ['状況は「実施済み」「実施中」から選んでください。']
		});
		expect(answer(f, '', 'submit')).toEqual({ errors: ['状況を選んでください。'] });
	});

	it('describes by label', () => {
		expect(summarizeAnswer(itemWith(f), { status: 'in_progress' })).toBe('実施中');
	});

	it('refuses repeated or malformed choice values in a definition', () => {
		expect(() => itemWith({ ...f, choices: [f.choices[0], f.choices[0]] })).toThrow();
		expect(() => itemWith({ ...f, choices: [{ value: 'a b', label: 'x' }] })).toThrow();
		expect(() => itemWith({ ...f, choices: [] })).toThrow();
	});
});
