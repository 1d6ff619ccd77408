import { describe, expect, it } from 'vitest';
import { isPlausiblePhone, normalizePhone } from './phone.ts';

describe('isPlausiblePhone', () => {
	it('accepts numbers as officials write them', () => {
		for (const phone of [
			'03-5253-1111（代表）',
			'内線 2345',
			'03\u20105253\u20102111（代表）',
			'03\u22125253\u22122111',
			'03\u20115253\u20132111',
			'03―5253―2111',
			'03ー5253ー2111',
			'０３－３５９５－２１８９（直通）',
			'03-5253-1111（内線2515、4456）',
			'03-5253-1111 / 03-3595-2189',
			'+81-3-5253-1111',
			'#8891'
		])
			expect(isPlausiblePhone(phone), phone).toBe(true);
	});

	it('refuses what is not a phone number', () => {
		for (const phone of ['平野', 'hirano@example.go.jp', '1', '電話', '03-5253-1111 平野まで'])
			expect(isPlausiblePhone(phone), phone).toBe(false);
	});
});

describe('normalizePhone', () => {
	it('gives the same text for every way of writing the same number', () => {
		const forms = [
			'03-5253-2111（代表）',
			'03‐5253‐2111（代表）',
			'０３－５２５３－２１１１（代表）'
		];
		expect(new Set(forms.map(normalizePhone))).toEqual(new Set(['03-5253-2111(代表)']));
		expect(normalizePhone('内線\u3000 2345')).toBe('内線 2345');
	});
});
