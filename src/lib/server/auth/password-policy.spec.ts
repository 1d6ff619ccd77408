import { expect, test } from 'vitest';
import { checkNewPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts';

test('length is 12 to 128 characters, counted as characters, not bytes', () => {
	expect(
		checkNewPassword('a'.repeat(PASSWORD_MIN_LENGTH - 1).replace(/a/g, (_, i) => 'qzjxkvwmbpfh'[i]))
	).toBe('too_short');
	expect(checkNewPassword('vq8 loam tide')).toBeNull();
	// Twelve kanji are twelve characters (36 bytes in UTF-8): long enough.
	expect(checkNewPassword('東西南北春夏秋冬朝昼夕晩')).toBeNull();
	expect(checkNewPassword('𠮷野家の牛丼は早い')).toBe('too_short');
	expect(checkNewPassword('x'.repeat(64) + 'y'.repeat(65))).toBe('too_long');
	expect(checkNewPassword('zq'.repeat(PASSWORD_MAX_LENGTH / 2 - 1) + 'kx')).toBeNull();
});

test('no composition rules: lowercase words and spaces only are fine', () => {
	expect(checkNewPassword('purple elephant stairs')).toBeNull();
	expect(checkNewPassword('839201746583')).toBeNull();
});

test('common and breached passwords are refused, also with digits or symbols appended', () => {
	for (const p of [
		'password1234',
		'PASSWORD1234',
		'qwertyuiop12',
		'1qaz2wsx3edc',
		'sunshine2024!',
		'iloveyou123456',
		'aaaaaaaaaaaa',
		'123456789012',
		'abcdefghijklmn',
		'abcabcabcabc',
		'dragondragon',
		'kairan-kairan-2024'
	])
		expect(checkNewPassword(p), p).toBe('common');
});

test("the user's own address does not make a password", () => {
	expect(checkNewPassword('setagaya.health1', ['setagaya.health@example.jp'])).toBe('common');
	expect(checkNewPassword('setagaya health river bank', ['setagaya.health@example.jp'])).toBeNull();
});
