import { expect, test } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { allowedBeforeEnrolment, formatSecret, mustEnrol, normalizeCode, qrPath } from './totp.ts';

test('who must enrol: the required roles, until they have', () => {
	const required = ['issuer', 'admin'] as const;
	expect(mustEnrol('issuer', false, required)).toBe(true);
	expect(mustEnrol('admin', false, required)).toBe(true);
	expect(mustEnrol('issuer', true, required)).toBe(false);
	expect(mustEnrol('respondent', false, required)).toBe(false);
	expect(mustEnrol('issuer', false, [])).toBe(false);
});

test('before enrolment only enrolment, sign-out and the language switch are open', () => {
	for (const path of ['/account/totp', '/logout', '/locale', '/healthz'])
		expect(allowedBeforeEnrolment(path), path).toBe(true);
	for (const path of [
		'/',
		'/notices',
		'/notices/new',
		'/notices/abc/edit',
		'/notices/abc/responses.csv',
		'/account',
		'/account/password',
		'/account/totpx',
		'/admin/grant-lines'
	])
		expect(allowedBeforeEnrolment(path), path).toBe(false);
});

test('the secret is shown as RFC 4648 base32 an app reads back to the same key; codes are read leniently', () => {
	const key = new Uint8Array(20).map((_, i) => i * 13);
	const shown = formatSecret(key);
	expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
	expect(decodeBase32IgnorePadding(shown.replace(/ /g, ''))).toEqual(key);
	// RFC 6238 appendix B's SHA-1 key at T = 59 s (step 1): 94287082, of which the last 6 digits.
	const rfcKey = new TextEncoder().encode('12345678901234567890');
	expect(generateHOTP(rfcKey, 1n, 8)).toBe('94287082');
	expect(normalizeCode('１２３ ４５６')).toBe('123456');
	expect(normalizeCode('abcd-efgh ijkl-mnop')).toBe('ABCDEFGHIJKLMNOP');
});

test('the QR code is drawn from unit squares only', () => {
	const { size, path } = qrPath('otpauth://totp/Kairan:a%40example.jp?secret=AAAA&issuer=Kairan');
	expect(size).toBeGreaterThanOrEqual(21);
	expect(path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
	// The three finder patterns' corners are dark.
	for (const [x, y] of [
		[0, 0],
		[size - 1, 0],
		[0, size - 1]
	])
		expect(path).toContain(`M${x} ${y}h1v1h-1z`);
});
