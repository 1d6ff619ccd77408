import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = { key: 'rate', type: 'percentage', label: '実施率' };

describe('percentage', () => {
	it('reads 12.5, 12.5% and １２．５％ as 12.5', () => {
		for (const typed of ['12.5', '12.5%', '１２．５％', ' 12.5 % '])
			expect(answer(f, typed)).toEqual({ value: 12.5 });
		expect(answer(f, 100)).toEqual({ value: 100 });
	});

	it('holds to its range and its decimals', () => {
		expect(answer(f, '100.1')).toEqual({ errors: ['実施率は100以下で入力してください。'] });
		expect(answer(f, '-1')).toEqual({ errors: ['実施率に負の数は入力できません。'] });
		expect(answer(f, '12.25')).toEqual({
			errors: ['実施率は小数点以下1桁までで入力してください。']
		});
		expect(answer({ ...f, decimals: 0 }, '12.5')).toEqual({
			errors: ['実施率は整数で入力してください。']
		});
		expect(answer(f, '半分')).toEqual({ errors: ['実施率は数字で入力してください（例：12.5）。'] });
	});

	it('describes with %', () => {
		expect(summarizeAnswer(itemWith(f), { rate: 12.5 })).toBe('12.5%');
	});
});
