import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = {
	key: 'n',
	type: 'whole_number',
	label: '医療機関数',
	unit: '機関',
	min: 0,
	max: 200000
};

describe('whole number', () => {
	it('reads numbers as people type them: 全角, カンマ, its unit', () => {
		expect(answer(f, '１，２３４')).toEqual({ value: 1234 });
		expect(answer(f, ' 120機関 ')).toEqual({ value: 120 });
		expect(answer(f, '３件')).toEqual({ value: 3 });
		expect(answer(f, 42)).toEqual({ value: 42 });
	});

	it('says what is wrong, in Japanese, even in a draft', () => {
		expect(answer(f, '-3')).toEqual({ errors: ['医療機関数に負の数は入力できません。'] });
		expect(answer(f, '1.5')).toEqual({ errors: ['医療機関数は整数で入力してください。'] });
		expect(answer(f, '200,001')).toEqual({
			errors: ['医療機関数は200,000以下で入力してください。']
		});
		for (const bad of ['十万', '12本', '1e3', '12,34', 'NaN', Number.NaN, {}, [1]])
			expect(answer(f, bad)).toEqual({
				errors: ['医療機関数は数字で入力してください（例：1,234）。']
			});
		expect(answer({ ...f, min: 5 }, '4')).toEqual({
			errors: ['医療機関数は5以上で入力してください。']
		});
	});

	it('describes with its unit', () => {
		expect(summarizeAnswer(itemWith(f), { n: 1234 })).toBe('1,234機関');
	});

	it('refuses a definition whose minimum is above its maximum', () => {
		expect(() => itemWith({ ...f, min: 10, max: 1 })).toThrow();
	});
});
