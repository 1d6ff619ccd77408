// Serving an attachment's bytes. Downloads are always `attachment` with the 別添 name (RFC 6266
// encoding); the inline view exists only for PDFs and is sandboxed, so a crafted file can
// never run script in Kairan's origin.
import { error } from '@sveltejs/kit';
import type { Storage } from '../storage/index.ts';
import type { VersionChoice } from '../notices/queries.ts';
import { contentDisposition } from './content-disposition.ts';
import { attachmentDisplayName } from '../../domain/notices.ts';

type StoredAttachment = {
	label: string;
	title: string;
	fileName: string;
	contentType: string;
	sha256: string;
};

/** ?version=editable (issuers' preview) or ?version=N (history); the current one otherwise. */
export function versionParam(url: URL): VersionChoice {
	const v = url.searchParams.get('version');
	if (v === 'editable') return 'editable';
	if (v && /^[1-9]\d{0,3}$/.test(v)) return Number(v);
	return 'current';
}

export async function attachmentResponse(
	storage: Storage,
	attachment: StoredAttachment | null,
	disposition: 'attachment' | 'inline'
) {
	if (!attachment) error(404, '資料が見つかりません。 / Attachment not found.');
	if (disposition === 'inline' && attachment.contentType !== 'application/pdf')
		error(404, 'この資料はブラウザで表示できません。 / No inline view for this file.');
	// Streamed from the database one chunk at a time (20 MiB files, many readers at once).
	const { size, body } = await storage.stream(attachment.sha256);
	const headers: Record<string, string> = {
		'Content-Type': attachment.contentType,
		'Content-Length': String(size),
		'Content-Disposition': contentDisposition(
			disposition,
			attachmentDisplayName(attachment.label, attachment.title, attachment.fileName)
		),
		'X-Content-Type-Options': 'nosniff',
		'Cache-Control': 'private, no-store'
	};
	if (disposition === 'inline') {
		// The app's own pages refuse framing; this one may be shown in a frame of the app (the
		// notice page's PDF preview) and nowhere else.
		headers['Content-Security-Policy'] = "sandbox; frame-ancestors 'self'";
	}
	return new Response(body, { headers });
}
