import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = { key: 'fy', type: 'fiscal_year', label: '年度' };

describe('fiscal year', () => {
	it('reads 2024, ２０２４年度, 令和6年度, R6', () => {
		for (const typed of ['2024', '２０２４年度', '令和6年度', 'R6', 2024])
			expect(answer(f, typed)).toEqual({ value: 2024 });
		expect(answer(f, '令和元年度')).toEqual({ value: 2019 });
	});

	it('refuses what is no year, or out of range', () => {
		expect(answer(f, '来年度')).toEqual({
			errors: ['年度が読めません。「2024」や「令和6年度」のように入力してください。']
		});
		expect(answer(f, 1999)).toEqual({ errors: ['年度は2000年度以降を入力してください。'] });
		expect(answer(f, 2101)).toEqual({ errors: ['年度は2100年度までで入力してください。'] });
		expect(answer(f, '', 'submit')).toEqual({ value: undefined });
		expect(answer({ ...f, required: true }, '', 'submit')).toEqual({
			errors: ['年度を選んでください。']
		});
	});

	it('describes in 和暦', () => {
		expect(summarizeAnswer(itemWith(f), { fy: 2024 })).toBe('令和6年度');
	});
});
