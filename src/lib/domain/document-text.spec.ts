import { describe, expect, it } from 'vitest';
import { documentParagraphs } from './document-text.ts';

describe('documentParagraphs', () => {
	it('keeps single line breaks inside a paragraph and splits paragraphs on blank lines', () => {
		const text =
			'センターの更なる機能強化が求められているところです。\nつきましては、ご協力をお願いします。\n\n以上';
		expect(documentParagraphs(text)).toEqual([
			{
				lines: [
					'センターの更なる機能強化が求められているところです。',
					'つきましては、ご協力をお願いします。'
				],
				indent: true
			},
			{ lines: ['以上'], indent: true }
		]);
	});

	it('treats several blank or space-only lines, CRLF and trailing spaces as one separator', () => {
		expect(documentParagraphs('一\r\n\r\n \u3000\r\n\r\n二  ')).toEqual([
			{ lines: ['一'], indent: true },
			{ lines: ['二'], indent: true }
		]);
	});

	it('does not indent a paragraph indented by hand or opening a numbered sub-item', () => {
		const indents = documentParagraphs(
			'\u3000手で字下げ\n\n（１）衛生主管部局における対応\n\n１．周知\n\nア\u3000対応\n\n①配布\n\n本文'
		).map((p) => p.indent);
		expect(indents).toEqual([false, false, false, false, false, true]);
	});

	it('keeps a leading full-width space and what looks like markup as text', () => {
		const [p] = documentParagraphs('\u3000<b>太字</b>');
		expect(p.lines).toEqual(['\u3000<b>太字</b>']);
	});

	it('has no paragraphs for empty text', () => {
		expect(documentParagraphs('')).toEqual([]);
		expect(documentParagraphs('\n \n')).toEqual([]);
	});
});
