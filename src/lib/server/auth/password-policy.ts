// New passwords per NIST SP 800-63B (5.1.1.2): at least 12 characters (Unicode code points), at
// most 128, no composition rules (no "one digit, one symbol"), and refused when found in a list of
// common and breached passwords. The list is the ~49,000 passwords of
// @zxcvbn-ts/language-common (from breach corpora), checked case-insensitively, also with
// trailing digits and symbols stripped ("sunshine2024!" is "sunshine"), plus repetitions and
// sequences ("aaaaaaaaaaaa", "123456789012") and the service's or the user's own name.
// Server only: the list is 380 KB.
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common';

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
	common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
	return common;
}

/** Every code point the same distance from the previous one: 'aaaa', 'abcd', '9876'. */
function isSequence(text: string): boolean {
	const points = [...text].map((c) => c.codePointAt(0)!);
	if (points.length < 2) return true;
	const step = points[1] - points[0];
	return Math.abs(step) <= 1 && points.every((p, i) => i === 0 || p - points[i - 1] === step);
}

/** The shortest unit the text repeats: 'abcabcabcabc' → 'abc'. */
function repeatedUnit(text: string): string {
	for (let n = 1; n <= text.length / 2; n++) {
		if (text.length % n === 0 && text.slice(0, n).repeat(text.length / n) === text)
			return text.slice(0, n);
	}
	return text;
}

/**
 * Why this new password is refused, or null when it is acceptable. `context`: words that must
 * not make up the password, such as the user's email address.
 */
export function checkNewPassword(password: string, context: string[] = []): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return 'too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'too_long';
	const lower = password.toLowerCase();
	const core = lower.replace(/[^\p{L}]+$/u, '');
	const list = commonPasswords();
	const words = [
		'kairan',
		'回覧',
		...context.flatMap((c) => c.toLowerCase().split(/[@.+_-]/))
	].filter((w) => w.length >= 3);
	if (repeatedUnit(lower).length <= 3) return 'common';
	// The core is checked only when something is left of it: twelve random digits are fine.
	const candidates = [lower, repeatedUnit(lower)];
	if (core !== lower && [...core].length >= 3) candidates.push(core, repeatedUnit(core));
	for (const candidate of candidates) {
		if (list.has(candidate) || isSequence(candidate)) return 'common';
		const rest = words.reduce((text, w) => text.replaceAll(w, ''), candidate);
		if (rest !== candidate && [...rest.replace(/[^\p{L}]/gu, '')].length < 4) return 'common';
	}
	return null;
}
