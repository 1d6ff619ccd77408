import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';

const medical = {
	key: 'c',
	type: 'code',
	label: '医療機関コード',
	check: 'medical_institution_code'
};

describe('code with a check', () => {
	it('医療機関コード: 10 digits, typed with 全角, spaces or hyphens', () => {
		expect(answer(medical, '１４１ ２３４ ５６７８')).toEqual({ value: '1412345678' });
		expect(answer(medical, '14-1-1234567')).toEqual({ value: '1411234567' });
		expect(answer(medical, 1411234567)).toEqual({ value: '1411234567' });
		for (const bad of ['12345', '14112345678', '14-1-12345AB', {}])
			expect(answer(medical, bad)).toEqual({
				errors: ['医療機関コードは10桁の数字で入力してください（都道府県2桁・点数表1桁・7桁）。']
			});
	});

	it('全国地方公共団体コード: 6 digits with their check digit', () => {
		const lg = { ...medical, check: 'local_government_code', label: '団体コード' };
		expect(answer(lg, '131016')).toEqual({ value: '131016' });
		expect(answer(lg, '131017')).toEqual({
			errors: ['団体コードは検査数字の合った6桁の数字で入力してください。']
		});
	});

	it('郵便番号: 7 digits', () => {
		const postal = { ...medical, check: 'postal_code', label: '郵便番号' };
		expect(answer(postal, '〒100-8916')).toEqual({ value: '1008916' });
		expect(answer(postal, '100-891')).toEqual({
			errors: ['郵便番号は7桁の数字で入力してください（例：100-8916）。']
		});
	});

	it('takes only checks it knows: a definition cannot bring its own pattern', () => {
		expect(() => itemWith({ ...medical, check: '^(a+)+$' })).toThrow();
	});
});
