import { describe, expect, test } from 'vitest';
import { contentDisposition } from './content-disposition.ts';

describe('Content-Disposition (RFC 6266 / RFC 8187)', () => {
	test('a Japanese name: ASCII fallback and UTF-8 filename*', () => {
		const header = contentDisposition('attachment', '別添１_リーフレット.pdf');
		expect(header).toBe(
			`attachment; filename="${'_'.repeat(10)}.pdf"; filename*=UTF-8''${encodeURIComponent('別添１_リーフレット.pdf')}`
		);
		const encoded = header.split("UTF-8''")[1];
		expect(decodeURIComponent(encoded)).toBe('別添１_リーフレット.pdf');
	});
	test('quotes, backslashes and RFC 5987 specials cannot break the header', () => {
		const header = contentDisposition('inline', `a"b\\c'(d)*.pdf`);
		expect(header).toContain('filename="a_b_c\'(d)*.pdf"');
		expect(header).toContain("filename*=UTF-8''a%22b%5Cc%27%28d%29%2A.pdf");
	});
});
