// The Japanese font a notice's PDF is set in. Official documents are set in a Mincho face, so
// Noto Serif CJK JP comes first. It is read from the system (Debian's `fonts-noto-cjk`, which
// CI installs; Fedora's google-noto-*-cjk-fonts) and never fetched at run time: without one of
// these files no PDF can be made, and the caller gets an error that says which package to
// install rather than a PDF with empty boxes.
import { access } from 'node:fs/promises';

export type PdfFont = {
	/** A .ttc/.otf file. */
	file: string;
	/** The face to take from a collection (a .ttc holds the SC, TC, JP, KR and HK faces). */
	postscriptName: string;
};

/** Where the faces live on the systems we know, best first. */
export const FONT_CANDIDATES: readonly PdfFont[] = [
	{
		file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
		postscriptName: 'NotoSerifCJKjp-Regular'
	},
	{
		file: '/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc',
		postscriptName: 'NotoSerifCJKjp-Regular'
	},
	{
		file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
		postscriptName: 'NotoSansCJKjp-Regular'
	},
	{
		file: '/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc',
		postscriptName: 'NotoSansCJKjp-Regular'
	}
];

export class PdfFontMissingError extends Error {
	constructor(tried: readonly PdfFont[]) {
		super(
			'No Japanese font for notice PDFs: install Debian’s fonts-noto-cjk ' +
				'(apt-get install fonts-noto-cjk) or Fedora’s google-noto-serif-cjk-fonts. Looked for ' +
				tried.map((f) => f.file).join(', ')
		);
		this.name = 'PdfFontMissingError';
	}
}

/** The first candidate that exists; throws PdfFontMissingError when none does. */
export async function findPdfFont(candidates: readonly PdfFont[] = FONT_CANDIDATES) {
	for (const font of candidates) {
		const found = await access(font.file).then(
			() => true,
			() => false
		);
		if (found) return font;
	}
	throw new PdfFontMissingError(candidates);
}
