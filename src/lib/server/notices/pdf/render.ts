// A published notice version as an A4 PDF laid out as the official 事務連絡/通知 reads: type or
// document number and the date (和暦) at the top right, the 御中 block, the issuers right-aligned
// in their order, the centred title, the preamble as typed, 記, the numbered items, the
// attachment list and the 照会先 in a box.
//
// pdfkit (with fontkit) is used because it reads a face out of a .ttc collection by its
// PostScript name and embeds only the glyphs used (a CID-keyed CFF subset), so a notice set in
// Noto Serif CJK (26 MB on disk) stays a few tens of KB. The output is deterministic: every
// date in it is the version's publication time and the file ID is derived from the document
// info, so rendering the same version twice gives the same bytes.
import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import { formatEraDate } from '../../../domain/dates.ts';
import {
	NOTICE_TYPE_LABELS,
	type Contact,
	type NoticeItem,
	type NoticeType,
	type Reference
} from '../../../domain/notices.ts';
import { formatItemHeading, type ItemNumberingStyle } from '../../../domain/item-numbering.ts';
import { FONT_CANDIDATES, findPdfFont, type PdfFont } from './font.ts';

export type PdfNoticeVersion = {
	noticeType: NoticeType;
	number: number;
	title: string;
	documentNumber: string | null;
	issuedOn: string;
	addresseeLines: string[];
	preamble: string;
	items: NoticeItem[];
	/** How 記 numbers print (１．／（１）／ア), as the version was written. */
	itemNumbering: ItemNumberingStyle;
	contacts: Contact[];
	references: Reference[];
	attachments: { label: string; title: string }[];
	/** Fixes the PDF's dates, so the same version always renders to the same bytes. */
	publishedAt: Date;
};

export type PdfIssuer = { organization: string; department: string };

/** An addressee line ends with 御中 (added when the issuer did not type it). */
export function addresseeLine(line: string): string {
	const trimmed = line.trimEnd();
	return /(御中|殿|様)$/.test(trimmed) ? trimmed : `${trimmed}\u3000御中`;
}

const A4 = 'A4';
const FONT_SIZE = 10.5;
const TITLE_SIZE = 12;
const LINE_GAP = 6;
const MARGIN = { top: 72, bottom: 72, left: 80, right: 80 };
const EM = FONT_SIZE;

export async function renderNoticePdf(
	version: PdfNoticeVersion,
	issuers: PdfIssuer[],
	/** Where to look for the face (the system's Noto CJK by default). */
	fonts: readonly PdfFont[] = FONT_CANDIDATES
): Promise<Uint8Array> {
	const face = await findPdfFont(fonts);
	const fontBytes = await readFile(face.file);
	const doc = new PDFDocument({
		size: A4,
		margins: MARGIN,
		bufferPages: true,
		lang: 'ja-JP',
		displayTitle: true,
		// PDF 1.3 (pdfkit's default): from 1.4 on pdfkit also writes an XMP packet with the title
		// pasted into XML unescaped, so a title with 「<」 or 「&」 would make it malformed.
		pdfVersion: '1.3',
		info: {
			Title: version.title,
			Author: issuers.map((i) => `${i.organization}${i.department}`).join('、'),
			Subject: `${NOTICE_TYPE_LABELS[version.noticeType].ja} ${formatEraDate(version.issuedOn)}`,
			Producer: 'Kairan',
			Creator: 'Kairan',
			CreationDate: version.publishedAt,
			ModDate: version.publishedAt
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const ended = new Promise<void>((resolve, reject) => {
		doc.on('end', resolve);
		doc.on('error', reject);
	});

	doc.registerFont('body', fontBytes, face.postscriptName);
	doc.font('body').fontSize(FONT_SIZE).lineGap(LINE_GAP);
	const left = MARGIN.left;
	const width = doc.page.width - MARGIN.left - MARGIN.right;
	const block = (text: string, options: PDFKit.Mixins.TextOptions = {}) =>
		doc.text(text, left, undefined, { width, ...options });

	// Top right: what the document is (its number when it has one), then the date.
	block(version.documentNumber ?? NOTICE_TYPE_LABELS[version.noticeType].ja, { align: 'right' });
	block(formatEraDate(version.issuedOn), { align: 'right' });
	if (version.number > 1) block(`（第${version.number}版）`, { align: 'right' });
	doc.moveDown(1);

	for (const line of version.addresseeLines) block(addresseeLine(line));
	doc.moveDown(1);

	for (const issuer of issuers)
		block(`${issuer.organization}${issuer.department}`, { align: 'right' });
	doc.moveDown(1.5);

	doc.fontSize(TITLE_SIZE);
	block(version.title, { align: 'center' });
	doc.fontSize(FONT_SIZE);
	doc.moveDown(1);

	typed(doc, version.preamble, left, width);
	doc.moveDown(1);

	block('記', { align: 'center' });
	doc.moveDown(0.5);

	for (const item of version.items) {
		keepLines(doc, 2);
		block(formatItemHeading(item.number, version.itemNumbering, item.heading));
		typed(doc, item.text, left + EM, width - EM);
		doc.moveDown(0.5);
	}

	if (version.attachments.length) {
		doc.moveDown(0.5);
		keepLines(doc, 2);
		block('【資料】');
		for (const a of version.attachments) {
			doc.text(`${a.label}\u3000${a.title}`, left + EM, undefined, {
				width: width - EM,
				indent: 0
			});
		}
	}

	if (version.references.length) {
		doc.moveDown(0.5);
		keepLines(doc, 2);
		block('【参照】');
		for (const r of version.references)
			doc.text(r.citation, left + EM, undefined, { width: width - EM });
	}

	if (version.contacts.length) contactBox(doc, version.contacts, left, width);

	pageNumbers(doc);
	doc.end();
	await ended;
	return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Text as the issuer typed it: a blank line separates paragraphs, a single line break stays a
 * line break, and each line starts one full-width space in unless it already does.
 */
function typed(doc: PDFKit.PDFDocument, text: string, x: number, width: number) {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	let blank = false;
	for (const line of lines) {
		if (line.trim() === '') {
			if (!blank) doc.moveDown(0.5);
			blank = true;
			continue;
		}
		blank = false;
		const indented = /^[\s\u3000]/.test(line);
		doc.text(line, x, undefined, { width, indent: indented ? 0 : EM });
	}
}

/** Starts a new page unless `n` more lines fit on this one (no heading alone at a page foot). */
function keepLines(doc: PDFKit.PDFDocument, n: number) {
	const needed = n * (doc.currentLineHeight(true) + LINE_GAP);
	if (doc.y + needed > doc.page.height - MARGIN.bottom) doc.addPage();
}

/** The 照会先 block, boxed at the right as ministries set it, kept on one page. */
function contactBox(doc: PDFKit.PDFDocument, contacts: Contact[], left: number, width: number) {
	const pad = 8;
	const boxWidth = Math.round(width * 0.65);
	const x = left + width - boxWidth;
	const inner = boxWidth - 2 * pad;
	const lines: { text: string; indent: number }[] = [{ text: '（照会先）', indent: 0 }];
	for (const c of contacts) {
		lines.push({ text: c.office, indent: 0 });
		const names = [c.names, c.extension ? `（内線 ${c.extension}）` : ''].join('');
		if (names) lines.push({ text: names, indent: EM });
		if (c.phone) lines.push({ text: `電話\u3000${c.phone}`, indent: EM });
	}
	const heightOf = (l: { text: string; indent: number }) =>
		doc.heightOfString(l.text, { width: inner - l.indent });
	const height = lines.reduce((sum, l) => sum + heightOf(l), 0) + 2 * pad;
	doc.moveDown(1.5);
	if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage();
	const top = doc.y;
	for (const l of lines) {
		doc.text(l.text, x + pad + l.indent, l === lines[0] ? top + pad : undefined, {
			width: inner - l.indent
		});
	}
	doc
		.rect(x, top, boxWidth, doc.y - top + pad - LINE_GAP)
		.lineWidth(0.75)
		.stroke();
}

/** 「- 1 -」 centred at each page's foot, as ministries number their pages. */
function pageNumbers(doc: PDFKit.PDFDocument) {
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		// Writing below the bottom margin would otherwise open a new page.
		const bottom = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.fontSize(9).text(`- ${i + 1} -`, MARGIN.left, doc.page.height - 40, {
			width: doc.page.width - MARGIN.left - MARGIN.right,
			align: 'center',
			lineBreak: false
		});
		doc.page.margins.bottom = bottom;
	}
	doc.fontSize(FONT_SIZE);
}
