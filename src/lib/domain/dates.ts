// Calendar dates (YYYY-MM-DD, Japan time) and their display in 和暦 with the Gregorian date
// available. Pure: used by server and browser alike.

/** Adds whole days to a YYYY-MM-DD date (no time zone can shift a date-only value). */
export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Today's date in Japan. */
export function todayInJapan(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(now);
}

const eraFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
	era: 'long',
	year: 'numeric',
	month: 'long',
	day: 'numeric',
	timeZone: 'UTC'
});

/** 令和6年10月8日 (the first year of an era reads 元年, as official documents write it). */
export function formatEraDate(date: string): string {
	const text = eraFormat.format(new Date(`${date}T00:00:00Z`));
	return text.replace(/^(\D+)1年/, '$1元年');
}

/** 2024年10月8日 */
export function formatGregorianDate(date: string, locale: 'ja' | 'en' = 'ja'): string {
	const d = new Date(`${date}T00:00:00Z`);
	return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
		year: 'numeric',
		month: locale === 'ja' ? 'long' : 'short',
		day: 'numeric',
		timeZone: 'UTC'
	}).format(d);
}

/** A moment (e.g. when something was acknowledged) in Japan time: 令和6年10月8日 10:00. */
export function formatEraDateTime(at: Date): string {
	const date = todayInJapan(at);
	const time = new Intl.DateTimeFormat('ja-JP', {
		hour: '2-digit',
		minute: '2-digit',
		timeZone: 'Asia/Tokyo'
	}).format(at);
	return `${formatEraDate(date)} ${time}`;
}
