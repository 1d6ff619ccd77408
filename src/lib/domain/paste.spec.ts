import { describe, expect, it } from 'vitest';
import { joinPdfLines, normalizeDigitDashes, normalizePastedText } from './paste.ts';

describe('normalizeDigitDashes', () => {
	it('turns every hyphen look-alike between digits into the hyphen of those digits', () => {
		for (const dash of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', 'ー'])
			expect(normalizeDigitDashes(`03${dash}5253${dash}2111`)).toBe('03-5253-2111');
		expect(normalizeDigitDashes('０３－３５９５ー２１８９')).toBe('０３－３５９５－２１８９');
	});

	it('leaves dashes in words and prose alone', () => {
		expect(normalizeDigitDashes('ワンストップ支援センター ― 概要')).toBe(
			'ワンストップ支援センター ― 概要'
		);
	});
});

describe('normalizePastedText', () => {
	it('keeps full-width indents, 丸数字 and line breaks; drops layout spaces and invisible marks', () => {
		const pasted =
			'\u3000センターの運営について\u3000\u3000\r\n' +
			'   ①\t医療機関への周知\u200b\r\n' +
			'電話：03\u20105253\u22122111（代表）\u00a0\u00a0 ';
		expect(normalizePastedText(pasted)).toBe(
			'\u3000センターの運営について\n①\u3000医療機関への周知\n電話：03-5253-2111（代表）'
		);
	});
});

describe('joinPdfLines', () => {
	// The preamble of the 令和6年10月8日 事務連絡 as a PDF viewer copies it: wrapped at the page
	// width, each line padded with a space.
	const preamble = [
		'「性犯罪・性暴力被害者のためのワンストップ支援センター」（以下「セン',
		'ター」という。）は、「第５次男女共同参画基本計画」及び「第４次犯罪被害',
		'者等基本計画」に基づき、都道府県等による設置・運営を推進しており、現在 ',
		'４７都道府県に５２センターが整備されているところですが、被害者支援の充',
		'実を図る観点から、センターの更なる機能強化が求められているところです。 ',
		'つきましては、センター設置の趣旨をご理解いただき、医療的支援を含めた',
		'被害者支援の更なる充実を図る観点から、両部局間の連携を図りながら下記施',
		'策へのご協力をお願いします。 '
	];
	const paragraphs = [
		'「性犯罪・性暴力被害者のためのワンストップ支援センター」（以下「センター」という。）は、「第５次男女共同参画基本計画」及び「第４次犯罪被害者等基本計画」に基づき、都道府県等による設置・運営を推進しており、現在４７都道府県に５２センターが整備されているところですが、被害者支援の充実を図る観点から、センターの更なる機能強化が求められているところです。',
		'つきましては、センター設置の趣旨をご理解いただき、医療的支援を含めた被害者支援の更なる充実を図る観点から、両部局間の連携を図りながら下記施策へのご協力をお願いします。'
	];

	it('joins lines wrapped by the page and keeps the break after a sentence', () => {
		expect(joinPdfLines(preamble.join('\n'))).toBe(paragraphs.join('\n'));
	});

	it('reads double-spaced copies the same way (one blank line is a wrap)', () => {
		expect(joinPdfLines(preamble.join('\n\n'))).toBe(paragraphs.join('\n'));
	});

	it('keeps numbered sub-items and short headings on their own lines', () => {
		const item3 = [
			'各都道府県のセンター所管部局は、必ずしも医療機関にかかる情報やネ',
			'ットワークを有しているとは限らないため、センターの機能強化及び医療',
			'的支援の充実にあたっては、両部局間で連携を図ることが重要です。 ',
			'（１）衛生主管部局における対応 ',
			'センター所管部局よりセンターの機能強化や医療機関との連携構築等に',
			'かかる相談・協力依頼があった場合には、積極的に関与するとともに、必',
			'要に応じ助言、医療機関への照会及び連絡等の対応をお願いします。 ',
			'（２）センター所管部局における対応 '
		].join('\n');
		expect(joinPdfLines(item3).split('\n')).toEqual([
			'各都道府県のセンター所管部局は、必ずしも医療機関にかかる情報やネットワークを有しているとは限らないため、センターの機能強化及び医療的支援の充実にあたっては、両部局間で連携を図ることが重要です。',
			'（１）衛生主管部局における対応',
			'センター所管部局よりセンターの機能強化や医療機関との連携構築等にかかる相談・協力依頼があった場合には、積極的に関与するとともに、必要に応じ助言、医療機関への照会及び連絡等の対応をお願いします。',
			'（２）センター所管部局における対応'
		]);
	});

	it('does not join a full line to a line that opens a numbered item', () => {
		const text =
			'次のとおり取り組んでいただくようお願いいたします。なお詳細は別途お知らせし\n１．周知について';
		expect(joinPdfLines(text)).toBe(text);
	});

	it('gives Latin words and numbers broken across lines their space back', () => {
		const text =
			'なお、「女性活躍・男女共同参画の重点方針 2024」（女性版骨太の方針\n2024）においては、センターと医療機関等との提携等の推進のほか、性暴';
		expect(joinPdfLines(text)).toBe(
			'なお、「女性活躍・男女共同参画の重点方針 2024」（女性版骨太の方針2024）においては、センターと医療機関等との提携等の推進のほか、性暴'
		);
		expect(joinPdfLines('The quick brown fox jumps over the\nlazy dog.')).toBe(
			'The quick brown fox jumps over the lazy dog.'
		);
	});

	it('leaves text of short lines and blank-line paragraphs as they are', () => {
		expect(joinPdfLines('御中\n厚生労働省')).toBe('御中\n厚生労働省');
		const twoParagraphs = `${preamble.slice(0, 2).join('\n')}\n\n次の段落`;
		expect(joinPdfLines(twoParagraphs)).toBe(
			'「性犯罪・性暴力被害者のためのワンストップ支援センター」（以下「センター」という。）は、「第５次男女共同参画基本計画」及び「第４次犯罪被害\n\n次の段落'
		);
	});
});
