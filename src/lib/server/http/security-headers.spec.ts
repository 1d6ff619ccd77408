import { describe, expect, test } from 'vitest';
import {
	HSTS,
	NON_PAGE_CSP,
	PERMISSIONS_POLICY,
	applySecurityHeaders
} from './security-headers.ts';

const apply = (url: string, init: Record<string, string> = {}, signedIn = false) => {
	const headers = new Headers(init);
	applySecurityHeaders(headers, { url: new URL(url), signedIn });
	return headers;
};

describe('security headers', () => {
	test('HSTS only when the request came over HTTPS (as adapter-node derives the URL)', () => {
		expect(apply('https://kairan.example.go.jp/notices').get('Strict-Transport-Security')).toBe(
			HSTS
		);
		expect(apply('http://localhost:3000/notices').get('Strict-Transport-Security')).toBeNull();
	});

	test("a page keeps kit's CSP and refuses framing; anything else gets a CSP allowing nothing", () => {
		const page = apply('http://x/', {
			'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'"
		});
		expect(page.get('Content-Security-Policy')).toBe("default-src 'self'; frame-ancestors 'none'");
		expect(page.get('X-Frame-Options')).toBe('DENY');
		const download = apply('http://x/registry.csv');
		expect(download.get('Content-Security-Policy')).toBe(NON_PAGE_CSP);
		expect(download.get('X-Frame-Options')).toBe('DENY');
	});

	test('the inline PDF view, framed by the app, stays frameable by the app alone', () => {
		const pdf = apply('http://x/notices/a/attachments/1/inline', {
			'Content-Security-Policy': "sandbox; frame-ancestors 'self'"
		});
		expect(pdf.get('Content-Security-Policy')).toBe("sandbox; frame-ancestors 'self'");
		expect(pdf.get('X-Frame-Options')).toBe('SAMEORIGIN');
	});

	test('features the app does not use are denied; signed-in answers are not cached', () => {
		const h = apply('http://x/', {}, true);
		expect(h.get('Permissions-Policy')).toBe(PERMISSIONS_POLICY);
		expect(PERMISSIONS_POLICY).toMatch(/(^|, )camera=\(\)/);
		expect(PERMISSIONS_POLICY).toMatch(/(^|, )microphone=\(\)/);
		expect(PERMISSIONS_POLICY).toMatch(/(^|, )geolocation=\(\)/);
		expect(h.get('Cache-Control')).toBe('private, no-store');
		expect(h.get('X-Content-Type-Options')).toBe('nosniff');
		expect(apply('http://x/').get('Cache-Control')).toBeNull();
	});
});
