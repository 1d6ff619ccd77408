// The signed link's token on its own: what it carries, and that nothing but the server's key
// and an unexpired time makes it readable.
import { describe, expect, test } from 'vitest';
import { LINK_TOKEN_SHAPE, readLinkToken, signLinkToken } from './external-links.ts';

const key = new TextEncoder().encode('k'.repeat(32));
const id = 'c0123456789abcdef01234567';
const expiresAt = new Date('2027-01-01T00:00:00Z');
const before = new Date('2026-12-31T23:59:59Z');

describe('link tokens', () => {
	test('carry the recipient and the expiry, signed', () => {
		const token = signLinkToken(key, id, expiresAt);
		expect(token).toMatch(LINK_TOKEN_SHAPE);
		expect(readLinkToken(key, token, before)).toEqual({
			ok: true,
			externalRecipientId: id,
			expiresAt
		});
	});

	test('expire at their time, not a second later', () => {
		const token = signLinkToken(key, id, expiresAt);
		expect(readLinkToken(key, token, expiresAt)).toEqual({ ok: false, problem: 'expired' });
	});

	test('another key, another id or a later expiry under the same signature is invalid', () => {
		const token = signLinkToken(key, id, expiresAt);
		const [, mac] = token.split('.');
		const otherKey = new TextEncoder().encode('j'.repeat(32));
		expect(readLinkToken(otherKey, token, before).ok).toBe(false);
		const [later] = signLinkToken(key, id, new Date('2030-01-01T00:00:00Z')).split('.');
		expect(readLinkToken(key, `${later}.${mac}`, before)).toEqual({
			ok: false,
			problem: 'invalid'
		});
		const [otherId] = signLinkToken(key, 'cffffffffffffffffffffffff', expiresAt).split('.');
		expect(readLinkToken(key, `${otherId}.${mac}`, before)).toEqual({
			ok: false,
			problem: 'invalid'
		});
	});

	test('anything not shaped like a token is invalid without more ado', () => {
		for (const bad of ['', '.', 'abc', 'a.b', `${'A'.repeat(43)}`, 'ä.ö', 'x'.repeat(500)])
			expect(readLinkToken(key, bad, before)).toEqual({ ok: false, problem: 'invalid' });
	});
});
