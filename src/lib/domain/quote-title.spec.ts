import { describe, expect, it } from 'vitest';
import { quoteTitle } from './quote-title.ts';

describe('quoteTitle', () => {
	it('quotes a plain title', () => {
		expect(quoteTitle('センターの運営について')).toBe('「センターの運営について」');
	});

	it('does not quote a title that is already one quotation', () => {
		expect(quoteTitle('「センターの運営について」')).toBe('「センターの運営について」');
		expect(quoteTitle('「「センター」の運営について」')).toBe('「「センター」の運営について」');
	});

	it('nests the quotations inside a title as 『』, so no 「「 appears', () => {
		const seed =
			'「性犯罪・性暴力被害者のためのワンストップ支援センター」の運営にかかる協力依頼について';
		expect(quoteTitle(seed)).toBe(
			'「『性犯罪・性暴力被害者のためのワンストップ支援センター』の運営にかかる協力依頼について」'
		);
		// Starts and ends with brackets, but they are two quotations, not one.
		expect(quoteTitle('「A」と「B」')).toBe('「『A』と『B』」');
	});

	it('trims the title and never returns an empty pair around spaces', () => {
		expect(quoteTitle('  通知  ')).toBe('「通知」');
		expect(quoteTitle('')).toBe('「」');
	});
});
