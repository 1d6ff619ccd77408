import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = { key: 'actual', type: 'amount_yen', label: '実績額' };

describe('amount in yen', () => {
	it('reads 円, カンマ and 全角 digits; whole yen only', () => {
		expect(answer(f, '１１，５００，００１円')).toEqual({ value: 11_500_001 });
		expect(answer(f, '12,000,000')).toEqual({ value: 12_000_000 });
		expect(answer(f, '0')).toEqual({ value: 0 });
		expect(answer(f, '1,000,000,000,000')).toEqual({ value: 1_000_000_000_000 });
		expect(answer(f, '1,000,000,000,001')).toEqual({
			errors: ['実績額は1,000,000,000,000以下で入力してください。']
		});
		expect(answer(f, '-1')).toEqual({ errors: ['実績額に負の数は入力できません。'] });
		expect(answer(f, '1.5')).toEqual({ errors: ['実績額は整数で入力してください。'] });
		expect(answer(f, '十万')).toEqual({
			errors: ['実績額は数字で入力してください（例：1,234）。']
		});
	});

	it('describes in yen', () => {
		expect(summarizeAnswer(itemWith(f), { actual: 1234 })).toBe('1,234円');
	});
});
