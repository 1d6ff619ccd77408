// Business days (開庁日) for deadlines and reminders. A day does not count when it is:
// - a Saturday or Sunday;
// - a national holiday (国民の祝日), a substitute holiday (振替休日) or a citizens' holiday
//   (国民の休日), from @holiday-jp/holiday_jp: the holiday_jp project's kept dataset, shared by
//   its Ruby/Go/JS libraries and regenerated when the 祝日法 or a special act moves a holiday
//   (2019 即位の日, the 2020–2021 Olympic moves). It is bundled, so nothing is fetched at run time;
// - 12/29–1/3, the year-end closure (年末年始). Assumption: the addressed local governments
//   close as national offices do (行政機関の休日に関する法律 第1条; most 休日条例 under
//   地方自治法 第4条の2 copy it). A body with other closed days is not modelled.
// The dataset covers 1970–2050; outside it only weekends and 12/29–1/3 are known.
// Dates are 'YYYY-MM-DD' in Japan time, as everywhere in src/lib/domain.
import holidayJp from '@holiday-jp/holiday_jp';
import { addDays } from './dates.ts';

const holidays = holidayJp.holidays as Readonly<Record<string, { name: string } | undefined>>;

function assertDate(date: string): void {
	const d = new Date(`${date}T00:00:00Z`);
	if (
		!/^\d{4}-\d{2}-\d{2}$/.test(date) ||
		Number.isNaN(d.getTime()) ||
		d.toISOString().slice(0, 10) !== date
	)
		throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
}

/**
 * Why a weekday is closed: the holiday's name (振替休日 reads e.g. 「憲法記念日 振替休日」, a
 * 国民の休日 reads 「国民の休日」), or 「年末年始」 for 12/29–1/3. Null on any other day, weekends
 * included (a weekend needs no name).
 */
export function holidayName(date: string): string | null {
	assertDate(date);
	const name = holidays[date]?.name;
	// The dataset calls a citizens' holiday just 「休日」.
	if (name) return name === '休日' ? '国民の休日' : name;
	const monthDay = date.slice(5);
	if (monthDay >= '12-29' || monthDay <= '01-03') return '年末年始';
	return null;
}

export function isBusinessDay(date: string): boolean {
	const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
	return holidayName(date) === null && weekday !== 0 && weekday !== 6;
}

/**
 * The date n business days after (n < 0: before) the given date. The date itself is not
 * counted: Friday + 1 is Monday. n = 0 gives the date itself when it is a business day,
 * otherwise the next business day.
 */
export function addBusinessDays(date: string, n: number): string {
	if (!Number.isSafeInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
	assertDate(date);
	let day = date;
	if (n === 0) {
		while (!isBusinessDay(day)) day = addDays(day, 1);
		return day;
	}
	const step = n > 0 ? 1 : -1;
	for (let left = Math.abs(n); left > 0;) {
		day = addDays(day, step);
		if (isBusinessDay(day)) left--;
	}
	return day;
}

/**
 * The signed number of business days after `from` up to and including `to`: Friday → Monday
 * is 1, Monday → Friday is -1 (counted from the other end), a date to itself is 0.
 */
export function businessDaysBetween(from: string, to: string): number {
	assertDate(from);
	assertDate(to);
	if (from === to) return 0;
	const [start, end, sign] = from < to ? [from, to, 1] : [to, from, -1];
	let count = 0;
	for (let day = addDays(start, 1); day <= end; day = addDays(day, 1))
		if (isBusinessDay(day)) count++;
	return sign * count;
}
