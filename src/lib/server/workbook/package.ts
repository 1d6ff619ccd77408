// The 回答様式 as other programs save it. ExcelJS reads cell comments only where it writes them
// itself (`xl/commentsN.xml`, linked as `../commentsN.xml`); openpyxl — and other tools that
// follow the spec as loosely as it allows — put them at `xl/comments/commentN.xml` with an
// absolute link, and ExcelJS then throws while loading ("reading 'comments'") on a perfectly
// readable file. Kairan never reads comments (answers live in cells), so before loading, each
// worksheet's links to comments and their VML drawings are dropped; the cells are untouched.
import JSZip from 'jszip';

const COMMENT_LINK = /<Relationship\b[^>]*\bType="[^"]*\/(?:comments|vmlDrawing)"[^>]*\/>/g;

/**
 * The same workbook without its worksheets' comment links, ready for ExcelJS; null when the
 * bytes are not a zip package at all (the caller says what it says for any unreadable file).
 */
export async function withoutCommentLinks(bytes: Uint8Array): Promise<ArrayBuffer | null> {
	let zip: JSZip;
	try {
		zip = await JSZip.loadAsync(bytes);
	} catch {
		return null;
	}
	let changed = false;
	for (const name of Object.keys(zip.files)) {
		if (!/^xl\/worksheets\/_rels\/[^/]+\.rels$/.test(name)) continue;
		const rels = await zip.file(name)!.async('string');
		const kept = rels.replace(COMMENT_LINK, '');
		if (kept !== rels) {
			zip.file(name, kept);
			changed = true;
		}
	}
	if (!changed)
		return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	return zip.generateAsync({ type: 'arraybuffer' });
}
