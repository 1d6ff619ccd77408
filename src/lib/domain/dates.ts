// Calendar dates (YYYY-MM-DD, Japan time) and their display in 和暦 with the Gregorian date
// available. Pure: used by server and browser alike.

/** Adds whole days to a YYYY-MM-DD date (no time zone can shift a date-only value). */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

// Formatters are made once: constructing an Intl.DateTimeFormat costs far more than formatting
// with it (composing thousands of mails spent most of its time here).
const japanDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' });

/** Today's date in Japan. */
export function todayInJapan(now = new Date()): string {
	return japanDay.format(now);
}

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
	era: 'long',
	year: 'numeric',
	month: 'long',
	day: 'numeric',
	timeZone: 'UTC'
});

// Formatting in the Japanese calendar costs even with the formatter made once: on the notice
// page, rendered for every view, it was a third of the page component's own rendering
// (bench/ssr.ts). A page shows a few dates, and the same ones on every view, so their text is
// kept; emptied when it grows large (a long list of different days), never stale (a day's
// 和暦 never changes).
const eraDates = new Map<string, string>();
const ERA_DATES_KEPT = 2000;

/** 令和6年10月8日 (the first year of an era reads 元年, as official documents write it). */
export function formatEraDate(date: string): string {
	let text = eraDates.get(date);
	if (text === undefined) {
		text = eraFormat.format(new Date(`${date}T00:00:00Z`)).replace(/^(\D+)1年/, '$1元年');
		if (eraDates.size >= ERA_DATES_KEPT) eraDates.clear();
		eraDates.set(date, text);
	}
	return text;
}

const gregorianFormats = {
	ja: new Intl.DateTimeFormat('ja-JP', {
		year: 'numeric',
		month: 'long',
		day: 'numeric',
		timeZone: 'UTC'
	}),
	en: new Intl.DateTimeFormat('en-GB', {
		year: 'numeric',
		month: 'short',
		day: 'numeric',
		timeZone: 'UTC'
	})
};

/** 2024年10月8日 */
export function formatGregorianDate(date: string, locale: 'ja' | 'en' = 'ja'): string {
	return gregorianFormats[locale].format(new Date(`${date}T00:00:00Z`));
}

const japanTime = new Intl.DateTimeFormat('ja-JP', {
	hour: '2-digit',
	minute: '2-digit',
	timeZone: 'Asia/Tokyo'
});

/** The time of day of a moment in Japan: 10:00. */
export function formatJapanTime(at: Date): string {
	return japanTime.format(at);
}

const gregorianMoment = new Intl.DateTimeFormat('ja-JP', {
	timeZone: 'Asia/Tokyo',
	dateStyle: 'long',
	timeStyle: 'short'
});

/** A moment in Japan time with its Gregorian date, as mails state a link's expiry: 2024年10月8日 10:00. */
export function formatGregorianDateTime(at: Date): string {
	return gregorianMoment.format(at);
}

/** A moment (e.g. when something was acknowledged) in Japan time: 令和6年10月8日 10:00. */
export function formatEraDateTime(at: Date): string {
	return `${formatEraDate(todayInJapan(at))} ${formatJapanTime(at)}`;
}

/** Japanese eras from 昭和 on, with their first day; a date belongs to the last era begun. */
const ERAS = [
	{ name: '令和', letter: 'r', start: '2019-05-01' },
	{ name: '平成', letter: 'h', start: '1989-01-08' },
	{ name: '昭和', letter: 's', start: '1926-12-25' }
] as const;

function isoDate(year: number, month: number, day: number): string | null {
	const d = new Date(Date.UTC(year, month - 1, day));
	if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
		return null;
	return d.toISOString().slice(0, 10);
}

/**
 * Reads a date as people type it in a Japanese office: 2024-10-08, 2024/10/8, 2024年10月8日,
 * 令和6年10月8日, 令和元年5月1日, R6.10.8 (full-width digits too). Returns YYYY-MM-DD, or null
 * when the text is not a real date (including a 和暦 date outside its era, e.g. 平成32年).
 */
export function parseDateInput(input: string): string | null {
	const text = input.normalize('NFKC').trim().replace(/\s+/g, '');
	const gregorian = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
	if (gregorian) return isoDate(+gregorian[1], +gregorian[2], +gregorian[3]);
	const era = /^(令和|平成|昭和|[RrHhSs])\.?(元|\d{1,2})[年./](\d{1,2})[月./](\d{1,2})日?$/.exec(
		text
	);
	if (!era) return null;
	const e = ERAS.find((x) => x.name === era[1] || x.letter === era[1].toLowerCase());
	if (!e) return null;
	const year = Number(e.start.slice(0, 4)) + (era[2] === '元' ? 1 : Number(era[2])) - 1;
	const date = isoDate(year, +era[3], +era[4]);
	if (!date || date < e.start) return null;
	const next = ERAS[ERAS.indexOf(e) - 1];
	if (next && date >= next.start) return null;
	return date;
}
