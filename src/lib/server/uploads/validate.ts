// Checking a 別添 (notice attachment) before it is stored. The content type is decided from
// the bytes, never from the name or from what the browser declared; the name's extension must
// then agree with it, so what recipients download opens in the program its name promises.
import { fileTypeFromBuffer } from 'file-type';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
const MAX_MB = MAX_ATTACHMENT_BYTES / (1024 * 1024);
const MAX_NAME_LENGTH = 200;

type Bilingual = { ja: string; en: string };

export type AttachmentUploadError =
	'empty' | 'too_large' | 'type_not_allowed' | 'type_mismatch' | 'bad_name';

export type AttachmentUploadResult =
	| { ok: true; contentType: string; extension: string; fileName: string }
	| {
			ok: false;
			code: AttachmentUploadError;
			/** The HTTP status that fits (UserError accepts these). */
			status: 400 | 413 | 415;
			message: Bilingual;
	  };

/**
 * What file-type must report for each accepted extension. `cfb` is the compound file that
 * legacy Office formats share (its content type comes from the extension); `text` means no
 * magic bytes at all, only valid UTF-8.
 */
const RULES: Record<string, { detected: string; contentType: string; kind: Bilingual }> = {
	pdf: { detected: 'pdf', contentType: 'application/pdf', kind: { ja: 'PDF', en: 'PDF' } },
	docx: {
		detected: 'docx',
		contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		kind: { ja: 'Word 文書', en: 'Word document' }
	},
	xlsx: {
		detected: 'xlsx',
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		kind: { ja: 'Excel ブック', en: 'Excel workbook' }
	},
	pptx: {
		detected: 'pptx',
		contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		kind: { ja: 'PowerPoint プレゼンテーション', en: 'PowerPoint presentation' }
	},
	doc: {
		detected: 'cfb',
		contentType: 'application/msword',
		kind: { ja: 'Word 文書', en: 'Word document' }
	},
	xls: {
		detected: 'cfb',
		contentType: 'application/vnd.ms-excel',
		kind: { ja: 'Excel ブック', en: 'Excel workbook' }
	},
	ppt: {
		detected: 'cfb',
		contentType: 'application/vnd.ms-powerpoint',
		kind: { ja: 'PowerPoint プレゼンテーション', en: 'PowerPoint presentation' }
	},
	png: { detected: 'png', contentType: 'image/png', kind: { ja: 'PNG 画像', en: 'PNG image' } },
	jpg: { detected: 'jpg', contentType: 'image/jpeg', kind: { ja: 'JPEG 画像', en: 'JPEG image' } },
	jpeg: { detected: 'jpg', contentType: 'image/jpeg', kind: { ja: 'JPEG 画像', en: 'JPEG image' } },
	gif: { detected: 'gif', contentType: 'image/gif', kind: { ja: 'GIF 画像', en: 'GIF image' } },
	webp: {
		detected: 'webp',
		contentType: 'image/webp',
		kind: { ja: 'WebP 画像', en: 'WebP image' }
	},
	txt: {
		detected: 'text',
		contentType: 'text/plain; charset=utf-8',
		kind: { ja: 'テキスト', en: 'text file' }
	},
	csv: {
		detected: 'text',
		contentType: 'text/csv; charset=utf-8',
		kind: { ja: 'CSV', en: 'CSV file' }
	}
};

/** Extensions accepted, with the dot (for an `accept` attribute, say). */
export const ALLOWED_ATTACHMENT_EXTENSIONS: readonly string[] = Object.keys(RULES).map(
	(ext) => `.${ext}`
);

/** For forms and error messages. */
export const ALLOWED_ATTACHMENT_TYPES: Bilingual = {
	ja: `PDF、Word・Excel・PowerPoint（.docx .xlsx .pptx .doc .xls .ppt）、画像（PNG・JPEG・GIF・WebP）、UTF-8 のテキスト・CSV（${MAX_MB} MB まで）`,
	en: `PDF, Word, Excel or PowerPoint (.docx .xlsx .pptx .doc .xls .ppt), images (PNG, JPEG, GIF, WebP), UTF-8 text or CSV (up to ${MAX_MB} MB)`
};

/** The file-type result for which extension is expected, for "rename it to .pdf" advice. */
const EXTENSION_FOR_DETECTED: Record<string, string> = {
	pdf: 'pdf',
	docx: 'docx',
	xlsx: 'xlsx',
	pptx: 'pptx',
	png: 'png',
	jpg: 'jpg',
	gif: 'gif',
	webp: 'webp'
};

/**
 * Stream names (UTF-16LE in the compound file's directory) that each legacy Office format
 * always has; an installer (.msi) or Outlook message renamed to .doc has none of them.
 */
const CFB_STREAMS: Record<string, string[]> = {
	doc: ['WordDocument'],
	xls: ['Workbook', 'Book'],
	ppt: ['PowerPoint Document']
};

const utf16le = (s: string) => Buffer.from(s, 'utf16le');

function hasStream(bytes: Uint8Array, names: string[]) {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return names.some((name) => buffer.includes(utf16le(name)));
}

function isUtf8Text(bytes: Uint8Array) {
	if (bytes.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

// C0/C1 controls and DEL, plus the bidirectional overrides used to disguise an extension
// ("report‮fdp.exe" shows as "reportexe.pdf").
const FORBIDDEN_IN_NAME = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The last path component, NFC, trimmed; null when it cannot be a file name. */
export function cleanAttachmentName(raw: string): { fileName: string; extension: string } | null {
	const base = raw.split(/[/\\]/).pop() ?? '';
	const fileName = base.normalize('NFC').trim();
	if (!fileName || FORBIDDEN_IN_NAME.test(fileName)) return null;
	if ([...fileName].length > MAX_NAME_LENGTH) return null;
	const dot = fileName.lastIndexOf('.');
	// ".pdf" alone or "report." has no usable stem or extension.
	if (dot <= 0 || dot === fileName.length - 1) return null;
	const stem = fileName.slice(0, dot);
	if (/^\.*$/.test(stem)) return null;
	return { fileName, extension: fileName.slice(dot + 1).toLowerCase() };
}

function fail(
	code: AttachmentUploadError,
	status: 400 | 413 | 415,
	message: Bilingual
): AttachmentUploadResult {
	return { ok: false, code, status, message };
}

export async function validateAttachmentUpload(input: {
	fileName: string;
	bytes: Uint8Array;
	/** What the browser said; recorded nowhere and trusted for nothing. */
	declaredType?: string;
}): Promise<AttachmentUploadResult> {
	const { bytes } = input;
	const name = cleanAttachmentName(input.fileName);
	if (!name) {
		const shown = input.fileName.slice(0, 80).replace(/\p{Cc}/gu, '?');
		return fail('bad_name', 400, {
			ja: `ファイル名「${shown}」は使えません。拡張子（.pdf など）の付いた ${MAX_NAME_LENGTH} 文字以内の名前にしてください（制御文字は使えません）。`,
			en: `The file name "${shown}" cannot be used. Use a name of at most ${MAX_NAME_LENGTH} characters with an extension such as .pdf, and no control characters.`
		});
	}
	const { fileName, extension } = name;

	if (bytes.byteLength === 0)
		return fail('empty', 400, {
			ja: `「${fileName}」は空のファイル（0 バイト）です。内容のあるファイルを選んでください。`,
			en: `"${fileName}" is empty (0 bytes). Choose a file with content.`
		});
	if (bytes.byteLength > MAX_ATTACHMENT_BYTES)
		return fail('too_large', 413, {
			ja: `「${fileName}」は大きすぎます。添付できるのは 1 ファイル ${MAX_MB} MB までです。`,
			en: `"${fileName}" is too large. Each attachment may be at most ${MAX_MB} MB.`
		});

	const rule = Object.hasOwn(RULES, extension) ? RULES[extension] : undefined;
	const notAllowed = () =>
		fail('type_not_allowed', 415, {
			ja: `「${fileName}」は PDF・Office 文書・画像・テキストのいずれでもないため添付できません。添付できるのは ${ALLOWED_ATTACHMENT_TYPES.ja} です。`,
			en: `"${fileName}" is not a PDF, Office document, image or text file, so it cannot be attached. Allowed: ${ALLOWED_ATTACHMENT_TYPES.en}.`
		});

	const detected = await fileTypeFromBuffer(bytes);

	// Text has no signature: valid UTF-8 without NUL bytes is text whatever a stray magic number
	// at its start might suggest.
	if (rule?.detected === 'text') {
		if (isUtf8Text(bytes)) return { ok: true, contentType: rule.contentType, extension, fileName };
		if (detected) return notAllowed();
		return fail('type_not_allowed', 415, {
			ja: `「${fileName}」は UTF-8 のテキストとして読めません。Shift_JIS などで保存されている場合は、UTF-8（Excel では「CSV UTF-8」）で保存し直してください。`,
			en: `"${fileName}" is not readable as UTF-8 text. If it was saved as Shift_JIS or another encoding, save it again as UTF-8 (in Excel, "CSV UTF-8").`
		});
	}

	if (!detected) {
		if (!rule) return notAllowed();
		return fail('type_mismatch', 415, {
			ja: `「${fileName}」は${rule.kind.ja}として読み取れません。ファイルが壊れているか、別の形式のファイルです。`,
			en: `"${fileName}" cannot be read as a ${rule.kind.en}. The file is damaged or in another format.`
		});
	}

	if (detected.ext === 'cfb') {
		// A password-protected .docx/.xlsx/.pptx is an encrypted package inside a compound file.
		if (rule && rule.detected !== 'cfb' && hasStream(bytes, ['EncryptedPackage']))
			return fail('type_not_allowed', 415, {
				ja: `「${fileName}」はパスワードで保護されているため添付できません。パスワードを解除してから添付してください。`,
				en: `"${fileName}" is password-protected and cannot be attached. Remove the password first.`
			});
		if (rule?.detected === 'cfb' && hasStream(bytes, CFB_STREAMS[extension]))
			return { ok: true, contentType: rule.contentType, extension, fileName };
		if (rule) return mismatch(fileName, extension, rule.kind, null);
		return notAllowed();
	}

	const expected = EXTENSION_FOR_DETECTED[detected.ext];
	if (!expected) return notAllowed();
	if (rule?.detected !== detected.ext)
		return mismatch(fileName, extension, rule?.kind ?? null, expected);
	return { ok: true, contentType: rule.contentType, extension, fileName };
}

function mismatch(
	fileName: string,
	extension: string,
	claimed: Bilingual | null,
	actualExtension: string | null
): AttachmentUploadResult {
	const actual = actualExtension ? RULES[actualExtension].kind : null;
	const ja = actual
		? `「${fileName}」の中身は${actual.ja}ですが、拡張子が .${extension} です。拡張子を .${actualExtension} にして添付し直してください。`
		: `「${fileName}」の中身は拡張子 .${extension} が示す${claimed?.ja ?? ''}ではありません。元のアプリで正しい形式で保存し直してください。`;
	const en = actual
		? `"${fileName}" contains a ${actual.en} but its extension is .${extension}. Rename it to .${actualExtension} and attach it again.`
		: `"${fileName}" is not the ${claimed?.en ?? 'kind of file'} its extension .${extension} suggests. Save it again in the right format from the original application.`;
	return fail('type_mismatch', 415, { ja, en });
}
