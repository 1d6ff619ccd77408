import { describe, expect, it, test } from 'vitest';
import {
	addDays,
	formatEraDate,
	formatEraDateTime,
	formatGregorianDateTime,
	formatJapanTime,
	parseDateInput,
	formatGregorianDate,
	todayInJapan
} from './dates.ts';

describe('和暦 dates', () => {
	test('the seed notice and its reference', () => {
		expect(formatEraDate('2024-10-08')).toBe('令和6年10月8日');
		expect(formatEraDate('2021-04-08')).toBe('令和3年4月8日');
	});
	test('era boundaries, and the first year written 元年', () => {
		expect(formatEraDate('2019-04-30')).toBe('平成31年4月30日');
		expect(formatEraDate('2019-05-01')).toBe('令和元年5月1日');
		expect(formatEraDate('1989-01-08')).toBe('平成元年1月8日');
	});
	test('Gregorian beside it', () => {
		expect(formatGregorianDate('2024-10-08')).toBe('2024年10月8日');
		expect(formatGregorianDate('2024-10-08', 'en')).toBe('8 Oct 2024');
	});
	test('Japan time decides the day', () => {
		expect(todayInJapan(new Date('2024-10-07T15:30:00Z'))).toBe('2024-10-08');
		expect(formatEraDateTime(new Date('2024-10-08T01:00:00Z'))).toBe('令和6年10月8日 10:00');
		// 23:30 UTC is the next morning in Japan, whatever the machine's own time zone.
		expect(formatJapanTime(new Date('2024-10-07T23:30:00Z'))).toBe('08:30');
		expect(formatGregorianDateTime(new Date('2024-10-07T23:30:00Z'))).toBe('2024年10月8日 8:30');
	});
	test('a date formatted again, and after thousands of other days, reads the same', () => {
		// formatEraDate keeps the texts it made (2,000 at most): asked again, after the keeping
		// has been emptied for being full, every day still reads as the calendar says.
		const fresh = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
			era: 'long',
			year: 'numeric',
			month: 'long',
			day: 'numeric',
			timeZone: 'UTC'
		});
		const days = Array.from({ length: 4500 }, (_, i) => addDays('2014-01-01', i));
		for (const round of [1, 2])
			for (const day of days)
				expect(formatEraDate(day), `${day} (round ${round})`).toBe(
					fresh.format(new Date(`${day}T00:00:00Z`)).replace(/^(\D+)1年/, '$1元年')
				);
		expect(formatEraDate('2019-05-01')).toBe('令和元年5月1日');
	});
	test('adding days crosses months and years', () => {
		expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
		expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
	});
});

describe('parseDateInput', () => {
	it.each([
		['2024-10-08', '2024-10-08'],
		['2024/10/8', '2024-10-08'],
		['2024年10月8日', '2024-10-08'],
		['令和6年10月8日', '2024-10-08'],
		['令和６年１０月８日', '2024-10-08'],
		['R6.10.8', '2024-10-08'],
		['令和元年5月1日', '2019-05-01'],
		['平成31年4月30日', '2019-04-30'],
		['令和3年4月8日', '2021-04-08'],
		['H1.1.8', '1989-01-08']
	])('reads %s as %s', (input, expected) => {
		expect(parseDateInput(input)).toBe(expected);
	});

	it.each(['', '2024-02-30', '令和6年13月1日', '平成32年1月1日', '令和1年4月30日', 'tomorrow'])(
		'refuses %s',
		(input) => {
			expect(parseDateInput(input)).toBeNull();
		}
	);
});
