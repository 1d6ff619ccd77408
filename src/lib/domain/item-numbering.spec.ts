import { describe, expect, it } from 'vitest';
import {
	formatItemHeading,
	formatItemNumber,
	itemNumberingStyle,
	DEFAULT_ITEM_NUMBERING
} from './item-numbering.ts';

describe('formatItemNumber', () => {
	it('writes full-width digits with a full-width period, as 事務連絡 and 通知 do', () => {
		expect([1, 2, 4, 10, 12].map((n) => formatItemNumber(n, 'full_width'))).toEqual([
			'１．',
			'２．',
			'４．',
			'１０．',
			'１２．'
		]);
	});

	it('writes parenthesized full-width digits', () => {
		expect(formatItemNumber(1, 'parenthesized')).toBe('（１）');
		expect(formatItemNumber(23, 'parenthesized')).toBe('（２３）');
	});

	it('counts katakana in 五十音 order and never runs out', () => {
		expect([1, 2, 3, 6, 46].map((n) => formatItemNumber(n, 'katakana'))).toEqual([
			'ア',
			'イ',
			'ウ',
			'カ',
			'ン'
		]);
		expect(formatItemNumber(47, 'katakana')).toBe('（４７）');
	});

	it('refuses a number that is not a positive integer', () => {
		expect(() => formatItemNumber(0, 'full_width')).toThrow(RangeError);
		expect(() => formatItemNumber(1.5, 'katakana')).toThrow(RangeError);
	});
});

describe('formatItemHeading', () => {
	it('sets ア off from its heading by a full-width space, and the others not at all', () => {
		expect(formatItemHeading(1, 'full_width', '周知について')).toBe('１．周知について');
		expect(formatItemHeading(2, 'parenthesized', '対応')).toBe('（２）対応');
		expect(formatItemHeading(1, 'katakana', '対応')).toBe('ア\u3000対応');
	});
});

describe('itemNumberingStyle', () => {
	it('reads known styles and falls back to the full-width default', () => {
		expect(itemNumberingStyle('katakana')).toBe('katakana');
		expect(itemNumberingStyle('roman')).toBe('full_width');
		expect(itemNumberingStyle(undefined)).toBe('full_width');
		expect(DEFAULT_ITEM_NUMBERING.administrative_liaison).toBe('full_width');
		expect(DEFAULT_ITEM_NUMBERING.notification).toBe('full_width');
	});
});
