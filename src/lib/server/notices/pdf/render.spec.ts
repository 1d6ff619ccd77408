import { describe, expect, test } from 'vitest';
import { PdfFontMissingError, findPdfFont } from './font.ts';
import { addresseeLine, renderNoticePdf } from './render.ts';

describe('notice PDF text', () => {
	test('an addressee line ends with 御中 once, whether or not the issuer typed it', () => {
		expect(addresseeLine('各都道府県衛生主管部（局）')).toBe(
			'各都道府県衛生主管部（局）\u3000御中'
		);
		expect(addresseeLine('各都道府県衛生主管部（局）\u3000御中')).toBe(
			'各都道府県衛生主管部（局）\u3000御中'
		);
		expect(addresseeLine('○○県知事　殿 ')).toBe('○○県知事　殿');
	});
});

describe('the font', () => {
	const nowhere = [{ file: '/nonexistent/NotoSerifCJK-Regular.ttc', postscriptName: 'X' }];

	test('without a Japanese font, the error says which package provides one', async () => {
		await expect(findPdfFont(nowhere)).rejects.toThrow(PdfFontMissingError);
		await expect(findPdfFont(nowhere)).rejects.toThrow(/fonts-noto-cjk/);
	});

	test('rendering without a font fails with that error, not with a PDF of empty boxes', async () => {
		const version = {
			noticeType: 'administrative_liaison' as const,
			itemNumbering: 'full_width' as const,
			number: 1,
			title: '表題',
			documentNumber: null,
			issuedOn: '2024-10-08',
			addresseeLines: [],
			preamble: '本文',
			items: [],
			contacts: [],
			references: [],
			attachments: [],
			publishedAt: new Date('2024-10-08T01:00:00Z')
		};
		await expect(renderNoticePdf(version, [], nowhere)).rejects.toThrow(PdfFontMissingError);
	});
});
