import { describe, expect, it } from 'vitest';
import {
	addBusinessDays,
	businessDaysBetween,
	holidayName,
	isBusinessDay
} from './business-days.ts';
import { addDays } from './dates.ts';

describe('business days', () => {
	it('knows Golden Week 2025, the substitute holiday of 5/6 included', () => {
		expect(holidayName('2025-04-29')).toBe('昭和の日');
		expect(holidayName('2025-05-03')).toBe('憲法記念日');
		expect(holidayName('2025-05-04')).toBe('みどりの日');
		expect(holidayName('2025-05-05')).toBe('こどもの日');
		expect(holidayName('2025-05-06')).toMatch(/振替休日/);
		expect(
			['2025-04-28', '2025-04-29', '2025-04-30', '2025-05-01', '2025-05-02', '2025-05-06'].map(
				isBusinessDay
			)
		).toEqual([true, false, true, true, true, false]);
	});

	it('counts deadlines across Golden Week 2025', () => {
		// Fri 4/25 + 3: Mon 4/28, (Tue 4/29 昭和の日) Wed 4/30, Thu 5/1.
		expect(addBusinessDays('2025-04-25', 3)).toBe('2025-05-01');
		// Thu 5/1 + 2: Fri 5/2, then Sat 5/3 – Tue 5/6 are all off: Wed 5/7.
		expect(addBusinessDays('2025-05-01', 2)).toBe('2025-05-07');
		expect(addBusinessDays('2025-05-02', 1)).toBe('2025-05-07');
		expect(addBusinessDays('2025-05-07', -1)).toBe('2025-05-02');
		expect(addBusinessDays('2025-05-07', -4)).toBe('2025-04-28');
		// 4/28, 4/30, 5/1, 5/2, 5/7.
		expect(businessDaysBetween('2025-04-25', '2025-05-07')).toBe(5);
		expect(businessDaysBetween('2025-05-07', '2025-04-25')).toBe(-5);
	});

	it('skips the year-end closure 12/29–1/3 and the New Year holidays, 2024–2025', () => {
		// Fri 12/27 + 1: 12/28–1/5 are weekend, closure or weekend again: Mon 1/6.
		expect(addBusinessDays('2024-12-27', 1)).toBe('2025-01-06');
		expect(holidayName('2025-01-01')).toBe('元日');
		expect(holidayName('2024-12-30')).toBe('年末年始');
		expect(holidayName('2025-01-03')).toBe('年末年始');
		expect(isBusinessDay('2024-12-30')).toBe(false);
		expect(holidayName('2025-01-13')).toBe('成人の日');
		// Mon 1/6 + 5: 1/7, 1/8, 1/9, 1/10, (Mon 1/13 成人の日) 1/14.
		expect(addBusinessDays('2025-01-06', 5)).toBe('2025-01-14');
	});

	it('skips the year-end closure 12/29–1/3, 2025–2026', () => {
		expect(addBusinessDays('2025-12-26', 1)).toBe('2026-01-05');
		expect(addBusinessDays('2026-01-05', -1)).toBe('2025-12-26');
		// Mon 12/29 and Fri 1/2 are weekdays, yet closed.
		expect(isBusinessDay('2025-12-29')).toBe(false);
		expect(isBusinessDay('2026-01-02')).toBe(false);
		expect(holidayName('2026-01-01')).toBe('元日');
		expect(businessDaysBetween('2025-12-26', '2026-01-05')).toBe(1);
		expect(businessDaysBetween('2026-01-05', '2025-12-26')).toBe(-1);
		expect(addBusinessDays('2025-12-31', 0)).toBe('2026-01-05');
	});

	it('n = 0 rolls a closed day forward and leaves a business day alone', () => {
		expect(addBusinessDays('2025-05-03', 0)).toBe('2025-05-07');
		expect(addBusinessDays('2025-05-07', 0)).toBe('2025-05-07');
		expect(addBusinessDays('2025-05-10', 0)).toBe('2025-05-12');
		expect(businessDaysBetween('2025-05-07', '2025-05-07')).toBe(0);
	});

	it('counts a citizens’ holiday (国民の休日) as a holiday, and names weekends null', () => {
		// 2026: 敬老の日 Mon 9/21, 秋分の日 Wed 9/23, so Tue 9/22 is 国民の休日.
		expect(holidayName('2026-09-22')).toBe('国民の休日');
		expect(isBusinessDay('2026-09-22')).toBe(false);
		expect(holidayName('2025-05-10')).toBeNull();
		expect(isBusinessDay('2025-05-10')).toBe(false);
		expect(holidayName('2025-05-07')).toBeNull();
	});

	it('addBusinessDays and businessDaysBetween agree, forward and back from business days', () => {
		for (let day = '2025-04-20'; day <= '2025-05-10'; day = addDays(day, 1))
			for (const n of [1, 2, 3, 5, 8]) {
				expect(businessDaysBetween(day, addBusinessDays(day, n))).toBe(n);
				if (isBusinessDay(day)) expect(businessDaysBetween(day, addBusinessDays(day, -n))).toBe(-n);
			}
	});

	it('refuses what is not a date or a whole number of days', () => {
		expect(() => addBusinessDays('2025-02-30', 1)).toThrow(RangeError);
		expect(() => addBusinessDays('2025/05/07', 1)).toThrow(RangeError);
		expect(() => addBusinessDays('2025-05-07', 1.5)).toThrow(RangeError);
		expect(() => businessDaysBetween('2025-05-07', 'tomorrow')).toThrow(RangeError);
		expect(() => holidayName('')).toThrow(RangeError);
	});
});
