// Text pasted from Word, 一太郎 or a PDF viewer, made readable before it lands in the editor.
// Pure functions: the editor calls them on paste and from its 「PDF改行を結合」 button, and
// the specs pin every rule down.
import { NUMBERED_LINE } from './document-text.ts';

/**
 * Characters that look like a hyphen or a long dash: U+2010 HYPHEN … U+2015 HORIZONTAL BAR,
 * U+2212 MINUS SIGN, U+FF0D FULLWIDTH HYPHEN-MINUS, and ー/ｰ (the prolonged sound mark an IME
 * types for "-" in a number).
 */
export const DASH_LIKE = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\u30fc\uff70';
const DASH_BETWEEN_DIGITS = new RegExp(`(?<=[0-9０-９])[${DASH_LIKE}-](?=[0-9０-９])`, 'g');

/**
 * Every dash-like character between two digits written as the hyphen those digits use:
 * 03‐5253‐2111 → 03-5253-2111, ０３ー３５９５ー２１８９ → ０３－３５９５－２１８９.
 * Dashes elsewhere (a ダッシュ in prose, ー in katakana words) are left alone.
 */
export function normalizeDigitDashes(text: string): string {
	return text.replace(DASH_BETWEEN_DIGITS, (_dash, offset: number, whole: string) =>
		/[0-9]/.test(whole[offset - 1]) ? '-' : '－'
	);
}

/**
 * What a paste from a word processor or a PDF carries that the document does not: CR LF,
 * no-break and zero-width spaces, soft hyphens, tabs used for alignment, spaces at the end of
 * lines, half-width spaces a PDF puts at the start of a line for layout, and hyphens of many
 * kinds inside numbers. Full-width spaces an official typed as an indent, 丸数字 (①) and
 * line breaks stay as they are; joining wrapped lines is joinPdfLines, on request.
 */
export function normalizePastedText(text: string): string {
	return normalizeDigitDashes(
		text
			.replace(/\r\n?/g, '\n')
			.replace(/\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad/g, '')
			.replace(/[\u00a0\u2002\u2003\u2009\u202f]/g, ' ')
			.split('\n')
			.map((line) =>
				line
					// A tab aligns the text after a number (①\t…, ア\t…): a full-width space reads the same.
					.replace(/\t+/g, '\u3000')
					.replace(/^ +/, '')
					.replace(/[ \u3000]+$/, '')
			)
			.join('\n')
	);
}

/** Display width: a full-width character counts two, as it takes two columns on the page. */
function width(line: string): number {
	let w = 0;
	for (const ch of line) {
		const code = ch.codePointAt(0)!;
		// Latin-1 and half-width katakana take one column; everything else two.
		w += code <= 0xff || (code >= 0xff61 && code <= 0xff9f) ? 1 : 2;
	}
	return w;
}

/** Characters that end a sentence or a quotation: a line ending in one ends where it should. */
const SENTENCE_END = /[。．.！？!?」』）)】〕]$/;

/**
 * Joins the lines a PDF broke only because the page was narrow. A line break is joined when
 * the line before it runs (nearly) to the full width of the text, does not end a sentence
 * (。」 etc.), and the next line does not open a numbered item (（１）, １．, ア, ①). Short
 * lines — headings, the last line of a paragraph — keep their break, and so do blank lines,
 * except in text where every line is followed by a blank one (some PDF viewers copy that way):
 * there a single blank line counts as a plain line break and two mark a paragraph.
 */
export function joinPdfLines(text: string): string {
	let lines = normalizePastedText(text).split('\n');
	const nonBlank = lines.filter((l) => l !== '');
	// Double-spaced copy: no two text lines are adjacent anywhere.
	const doubleSpaced =
		nonBlank.length > 1 && lines.every((l, i) => l === '' || i === 0 || lines[i - 1] === '');
	if (doubleSpaced) {
		const collapsed: string[] = [];
		for (let i = 0; i < lines.length; i++) {
			if (lines[i] !== '') collapsed.push(lines[i]);
			else if (lines[i + 1] === '') {
				// Two or more blank lines: a real paragraph break.
				if (collapsed.at(-1) !== '') collapsed.push('');
				while (lines[i + 1] === '') i++;
			}
		}
		lines = collapsed;
	}
	const full = Math.max(0, ...lines.map(width));
	// A wrapped line fills the width but for an indent or a character moved by kinsoku rules.
	const wrapped = (line: string) => line !== '' && full >= 20 && width(line) >= full * 0.85;
	const out: string[] = [];
	/** The last line as the PDF had it, before anything was joined to it. */
	let last: string | undefined;
	for (const line of lines) {
		if (
			last !== undefined &&
			line !== '' &&
			wrapped(last) &&
			!SENTENCE_END.test(last) &&
			!NUMBERED_LINE.test(line)
		) {
			// Latin words and numbers broken across lines get their space back.
			const space = /[A-Za-z0-9]$/.test(last) && /^[A-Za-z0-9]/.test(line) ? ' ' : '';
			out[out.length - 1] += space + line;
		} else out.push(line);
		last = line;
	}
	return out.join('\n');
}
