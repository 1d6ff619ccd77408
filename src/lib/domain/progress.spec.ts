import { describe, expect, test } from 'vitest';
import { formatPercent, ratio } from './progress.ts';

describe('rates', () => {
	test('one decimal, and a dash when nothing is due', () => {
		expect(formatPercent(7, 8)).toBe('87.5%');
		expect(formatPercent(1, 3)).toBe('33.3%');
		expect(formatPercent(2, 3)).toBe('66.7%');
		expect(formatPercent(0, 5)).toBe('0%');
		expect(formatPercent(5, 5)).toBe('100%');
		expect(formatPercent(0, 0)).toBe('—');
		expect(ratio(0, 0)).toBeNull();
		expect(ratio(1, 4)).toBe(0.25);
	});
});
