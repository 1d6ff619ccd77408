import { describe, expect, it } from 'vitest';
import {
	addBusinessDays,
	businessDaysBetween,
	holidayName,
	isBusinessDay
} from './business-days.ts';

describe('business days', () => {
	it('skips Golden Week 2025, including the substitute holiday of 5/6', () => {
		expect(holidayName('2025-04-29')).toBe('昭和の日');
		expect(holidayName('2025-05-06')).toMatch(/振替休日/);
		expect(isBusinessDay('2025-05-02')).toBe(true);
		// Fri 4/25 + 3 → Mon 4/28, (Tue 4/29 holiday) Wed 4/30, Thu 5/1
		expect(addBusinessDays('2025-04-25', 3)).toBe('2025-05-01');
		// Thu 5/1 + 2 → Fri 5/2, then 5/3–5/6 are off → Wed 5/7
		expect(addBusinessDays('2025-05-01', 2)).toBe('2025-05-07');
		expect(addBusinessDays('2025-05-07', -1)).toBe('2025-05-02');
	});

	it('skips the year-end closure 12/29–1/3 and New Year holidays', () => {
		expect(addBusinessDays('2025-12-26', 1)).toBe('2026-01-05');
		expect(addBusinessDays('2024-12-27', 1)).toBe('2025-01-06');
		expect(holidayName('2025-12-30')).toBe('年末年始');
		expect(holidayName('2026-01-01')).toBe('元日');
		expect(businessDaysBetween('2025-12-26', '2026-01-05')).toBe(1);
		expect(businessDaysBetween('2026-01-05', '2025-12-26')).toBe(-1);
	});

	it('n = 0 rolls a non-business day forward, and leaves a business day alone', () => {
		expect(addBusinessDays('2025-05-03', 0)).toBe('2025-05-07');
		expect(addBusinessDays('2025-05-07', 0)).toBe('2025-05-07');
		expect(businessDaysBetween('2025-05-07', '2025-05-07')).toBe(0);
	});

	it('counts a citizens’ holiday (国民の休日) as a holiday', () => {
		expect(isBusinessDay('2026-09-22')).toBe(false);
	});
});
