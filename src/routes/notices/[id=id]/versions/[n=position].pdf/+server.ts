// GET /notices/{id}/versions/{n}.pdf — the PDF of record of a published version, for whoever
// may read that version (404 for anyone else and for unpublished versions; see pdf/record.ts).
import { error } from '@sveltejs/kit';
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { versionPdf } from '#lib/server/notices/pdf/record.ts';
import { PdfFontMissingError } from '#lib/server/notices/pdf/font.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import { logger } from '#lib/server/log.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	let pdf;
	try {
		pdf = await versionPdf(db, storage, user, params.id, params.n);
	} catch (e) {
		if (e instanceof PdfFontMissingError) {
			logger.error({ err: e }, 'no PDF of record: font missing');
			error(
				503,
				'PDFを作成できません（日本語フォントがありません）。 / No Japanese font for PDFs.'
			);
		}
		throw e;
	}
	if (!pdf) error(404, '通知が見つかりません。 / Notice not found.');
	return new Response(new Uint8Array(pdf.bytes), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Length': String(pdf.bytes.byteLength),
			'Content-Disposition': contentDisposition('attachment', pdf.fileName),
			ETag: `"${pdf.sha256}"`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
