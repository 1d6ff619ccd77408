import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { MAX_ATTACHMENT_BYTES, validateAttachmentUpload } from './validate.ts';

const text = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** A small but complete PDF (header, one page, xref table, trailer). */
function pdf() {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return text(body);
}

/** A valid 1×1 white PNG, chunks and CRCs computed. */
function png() {
	const chunk = (type: string, data: Uint8Array) => {
		const head = Buffer.alloc(4);
		head.writeUInt32BE(data.length);
		const typed = concat(text(type), data);
		const tail = Buffer.alloc(4);
		tail.writeUInt32BE(crc32(typed));
		return concat(head, typed, tail);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(1, 0);
	ihdr.writeUInt32BE(1, 4);
	ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
	return concat(
		new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('IDAT', deflateSync(new Uint8Array([0, 255, 255, 255]))),
		chunk('IEND', new Uint8Array())
	);
}

/** The classic 1×1 transparent GIF. */
const gif = () =>
	new Uint8Array(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));

/** A minimal zip writer (deflated entries, central directory) for OOXML test files. */
function zip(entries: Record<string, string>) {
	const locals: Uint8Array[] = [];
	const centrals: Uint8Array[] = [];
	let offset = 0;
	for (const [name, content] of Object.entries(entries)) {
		const nameBytes = text(name);
		const raw = text(content);
		const data = deflateRawSync(raw);
		const crc = crc32(raw);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(8, 8); // deflate
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(raw.length, 22);
		local.writeUInt16LE(nameBytes.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(raw.length, 24);
		central.writeUInt16LE(nameBytes.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, nameBytes, data);
		centrals.push(central, nameBytes);
		offset += local.length + nameBytes.length + data.length;
	}
	const directory = concat(...centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(Object.keys(entries).length, 8);
	end.writeUInt16LE(Object.keys(entries).length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return concat(...locals, directory, end);
}

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="PART"/></Relationships>`;
const contentTypes = (part: string, type: string) =>
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${part}" ContentType="${type}"/></Types>`;

function docx(
	mainType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'
) {
	return zip({
		'[Content_Types].xml': contentTypes('word/document.xml', mainType),
		'_rels/.rels': RELS.replace('PART', 'word/document.xml'),
		'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>別添</w:t></w:r></w:p></w:body></w:document>`
	});
}

function xlsx() {
	return zip({
		'[Content_Types].xml': contentTypes(
			'xl/workbook.xml',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'
		),
		'_rels/.rels': RELS.replace('PART', 'xl/workbook.xml'),
		'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`
	});
}

/** A compound-file header followed by a directory entry name (UTF-16LE), as legacy Office has. */
function cfb(stream: string) {
	const header = new Uint8Array(512);
	header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
	return concat(header, new Uint8Array(Buffer.from(stream, 'utf16le')), new Uint8Array(512));
}

/** The start of a Windows executable: DOS stub pointing at a PE signature. */
function exe() {
	const bytes = Buffer.alloc(256);
	bytes.write('MZ', 0, 'latin1');
	bytes.writeUInt32LE(0x80, 0x3c);
	bytes.write('PE\0\0', 0x80, 'latin1');
	bytes.writeUInt16LE(0x8664, 0x84); // x86-64
	return new Uint8Array(bytes);
}

/** A 64-bit little-endian Linux ELF header. */
function elf() {
	const bytes = Buffer.alloc(64);
	bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
	bytes.writeUInt16LE(2, 16); // ET_EXEC
	bytes.writeUInt16LE(0x3e, 18); // x86-64
	return new Uint8Array(bytes);
}

const check = (fileName: string, bytes: Uint8Array, declaredType?: string) =>
	validateAttachmentUpload({ fileName, bytes, declaredType });

describe('accepted attachments', () => {
	test('a real PDF', async () => {
		expect(await check('別添１_リーフレット.pdf', pdf())).toEqual({
			ok: true,
			contentType: 'application/pdf',
			extension: 'pdf',
			fileName: '別添１_リーフレット.pdf'
		});
	});
	test('Word and Excel (Office Open XML) are recognised from the zip content', async () => {
		expect(await check('様式.docx', docx())).toMatchObject({
			ok: true,
			contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			extension: 'docx'
		});
		expect(await check('集計表.XLSX', xlsx())).toMatchObject({
			ok: true,
			contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			extension: 'xlsx'
		});
	});
	test('legacy Office: a compound file, typed by its extension', async () => {
		expect(await check('旧様式.doc', cfb('WordDocument'))).toMatchObject({
			ok: true,
			contentType: 'application/msword'
		});
		expect(await check('旧集計.xls', cfb('Workbook'))).toMatchObject({
			ok: true,
			contentType: 'application/vnd.ms-excel'
		});
	});
	test('images, whatever the browser declared', async () => {
		expect(await check('地図.png', png(), 'application/octet-stream')).toMatchObject({
			ok: true,
			contentType: 'image/png'
		});
		expect(await check('spacer.gif', gif())).toMatchObject({ ok: true, contentType: 'image/gif' });
	});
	test('UTF-8 text and CSV (with or without BOM)', async () => {
		expect(
			await check('一覧.csv', text('\ufeff団体コード,団体名\n131016,千代田区\n'))
		).toMatchObject({
			ok: true,
			contentType: 'text/csv; charset=utf-8'
		});
		expect(await check('readme.txt', text('お知らせ'))).toMatchObject({
			ok: true,
			contentType: 'text/plain; charset=utf-8'
		});
	});
});

describe('refused attachments', () => {
	test('a Windows executable renamed to .pdf', async () => {
		const result = await check('report.pdf', exe(), 'application/pdf');
		expect(result).toMatchObject({ ok: false, code: 'type_not_allowed', status: 415 });
		if (result.ok) return;
		expect(result.message.ja).toContain(
			'「report.pdf」は PDF・Office 文書・画像・テキストのいずれでもない'
		);
		expect(result.message.en).toContain('"report.pdf" is not a PDF, Office document, image');
	});
	test('a Linux executable renamed to .pdf', async () => {
		expect(await check('report.pdf', elf())).toMatchObject({ ok: false, code: 'type_not_allowed' });
	});
	test('a PDF renamed to .docx or .xlsx', async () => {
		const result = await check('様式.docx', pdf());
		expect(result).toMatchObject({ ok: false, code: 'type_mismatch' });
		if (result.ok) return;
		expect(result.message.ja).toContain('中身はPDFですが、拡張子が .docx です');
		expect(result.message.en).toContain('Rename it to .pdf');
		expect(await check('集計表.xlsx', pdf())).toMatchObject({ ok: false, code: 'type_mismatch' });
	});
	test('an Excel workbook named .docx', async () => {
		expect(await check('様式.docx', xlsx())).toMatchObject({ ok: false, code: 'type_mismatch' });
	});
	test('a plain zip, or a macro-enabled document, is not an Office document we accept', async () => {
		expect(await check('資料.zip', zip({ 'a.txt': 'x' }))).toMatchObject({
			ok: false,
			code: 'type_not_allowed'
		});
		expect(await check('資料.docx', zip({ 'a.txt': 'x' }))).toMatchObject({
			ok: false,
			code: 'type_not_allowed'
		});
		const docm = docx('application/vnd.ms-word.document.macroEnabled.main+xml');
		expect(await check('様式.docx', docm)).toMatchObject({ ok: false, code: 'type_not_allowed' });
	});
	test('a compound file without the Office stream its extension promises', async () => {
		expect(await check('setup.doc', cfb('SummaryInformation'))).toMatchObject({
			ok: false,
			code: 'type_mismatch'
		});
		expect(await check('setup.msi', cfb('WordDocument'))).toMatchObject({
			ok: false,
			code: 'type_not_allowed'
		});
		expect(await check('保護.xlsx', cfb('EncryptedPackage'))).toMatchObject({
			ok: false,
			code: 'type_not_allowed',
			message: { ja: expect.stringContaining('パスワード') }
		});
	});
	test('text that is not UTF-8, or binary named .txt', async () => {
		const shiftJis = new Uint8Array([0x82, 0xa0, 0x2c, 0x82, 0xa2, 0x0a]); // "あ,い" in Shift_JIS
		const result = await check('一覧.csv', shiftJis);
		expect(result).toMatchObject({ ok: false, code: 'type_not_allowed' });
		if (result.ok) return;
		expect(result.message.ja).toContain('UTF-8');
		expect(await check('a.txt', text('a\0b'))).toMatchObject({
			ok: false,
			code: 'type_not_allowed'
		});
		expect(await check('a.txt', exe())).toMatchObject({ ok: false, code: 'type_not_allowed' });
	});
	test('a file that is not what its extension says and not recognisable either', async () => {
		expect(await check('本文.pdf', text('just text'))).toMatchObject({
			ok: false,
			code: 'type_mismatch'
		});
		expect(await check('本文.html', text('<p>hi</p>'))).toMatchObject({
			ok: false,
			code: 'type_not_allowed'
		});
	});
	test('an empty file', async () => {
		const result = await check('空.pdf', new Uint8Array());
		expect(result).toMatchObject({ ok: false, code: 'empty', status: 400 });
		if (result.ok) return;
		expect(result.message.ja).toContain('「空.pdf」は空のファイル');
	});
	test('one byte over 20 MiB', async () => {
		const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
		big.set(pdf());
		const result = await check('大きい.pdf', big);
		expect(result).toMatchObject({ ok: false, code: 'too_large', status: 413 });
		if (result.ok) return;
		expect(result.message.ja).toContain('20 MB');
		expect(result.message.en).toContain('20 MB');
		const exact = new Uint8Array(MAX_ATTACHMENT_BYTES);
		exact.set(pdf());
		expect(await check('ちょうど.pdf', exact)).toMatchObject({ ok: true });
	});
});

describe('file names', () => {
	test('path components are dropped, for both separators', async () => {
		expect(await check('../../etc/x.pdf', pdf())).toMatchObject({ ok: true, fileName: 'x.pdf' });
		expect(await check('C:\\Users\\担当\\別添２.pdf', pdf())).toMatchObject({
			ok: true,
			fileName: '別添２.pdf'
		});
	});
	test('NFC: a decomposed name (as macOS sends it) is composed', async () => {
		const nfd = 'ガイドライン.pdf'.normalize('NFD');
		expect(nfd).not.toBe('ガイドライン.pdf');
		expect(await check(nfd, pdf())).toMatchObject({ ok: true, fileName: 'ガイドライン.pdf' });
	});
	test('refused: no extension, control characters, bidi overrides, too long', async () => {
		for (const name of [
			'別添',
			'.pdf',
			'report.',
			'../',
			'a\nb.pdf',
			'a\u0000.pdf',
			'report\u202efdp.exe',
			`${'あ'.repeat(197)}.pdf`
		])
			expect(await check(name, pdf()), name).toMatchObject({ ok: false, code: 'bad_name' });
		expect(await check(`${'あ'.repeat(196)}.pdf`, pdf())).toMatchObject({ ok: true });
	});
});
