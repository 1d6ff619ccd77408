// 照会先 phone numbers as officials write them: 03-5253-1111（代表）, 内線 2345, 03‐5253‐2111 with
// the U+2010 hyphens a PDF copy brings, ０３－３５９５－２１８９（直通）. What was typed is what
// the notice shows; search and checks read the normalized form.
import { normalizeDigitDashes } from './paste.ts';

/** Words that accompany a number on a Japanese letterhead; anything else is not a phone. */
const PHONE_WORDS =
	/代表|直通|内線|外線|ダイヤルイン|夜間|休日|携帯|FAX|TEL|ファクス|ファックス|電話|番/gi;

/**
 * The phone as search indexes it: NFKC (全角 → 半角) with every dash between digits a hyphen
 * and runs of spaces one space.
 */
export function normalizePhone(phone: string): string {
	return normalizeDigitDashes(phone.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

/**
 * Whether a 照会先 phone reads as one: digits with hyphens, spaces, parentheses, separators
 * between several numbers (、・/), + and #, and the usual words (代表, 直通, 内線 …); at least
 * two digits. A name or an e-mail address typed into the field is refused.
 */
export function isPlausiblePhone(phone: string): boolean {
	const normalized = normalizePhone(phone);
	const digits = normalized.replace(/\D/g, '').length;
	if (digits < 2 || digits > 40) return false;
	return /^[0-9\-()\s、,・/:：+#]*$/.test(normalized.replace(PHONE_WORDS, ''));
}
