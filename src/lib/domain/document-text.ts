// The text of a notice as typed, read into paragraphs and lines for display. What an issuer
// types is plain text (never HTML): a blank line separates paragraphs, a single line break
// stays a line break. The components render the result as <p> and <br> with escaped text.

export type DocumentParagraph = {
	lines: string[];
	/**
	 * Whether the paragraph gets the usual one-character first-line indent: not when the issuer
	 * indented it by hand (a leading full-width space) nor when it starts a numbered sub-item
	 * such as （１）, １．, ア or ①, which official documents set flush.
	 */
	indent: boolean;
};

/** A line that opens a numbered sub-item: （１） (1) １． 1. ア ① ⑴ ⒈ */
export const NUMBERED_LINE =
	/^(?:[（(][0-9０-９]+[）)]|[0-9０-９]+[．.、]|[ア-ン][\u3000 ．.、]|[①-⑳⑴-⒇⒈-⒛㉑-㉟㊱-㊿])/;

export function documentParagraphs(text: string): DocumentParagraph[] {
	const paragraphs: DocumentParagraph[] = [];
	let lines: string[] = [];
	const flush = () => {
		if (lines.length === 0) return;
		const first = lines[0];
		paragraphs.push({ lines, indent: !first.startsWith('\u3000') && !NUMBERED_LINE.test(first) });
		lines = [];
	};
	for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
		// Trailing spaces carry nothing; a line of only spaces is as blank as an empty one.
		const line = raw.replace(/[ \t\u3000]+$/, '');
		if (line === '') flush();
		else lines.push(line);
	}
	flush();
	return paragraphs;
}
