import { error } from '@sveltejs/kit';
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { findAttachment } from '#lib/server/notices/queries.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import { attachmentDisplayName } from '#lib/domain/notices.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	const attachment = await findAttachment(db, user, params.id, params.n);
	if (!attachment) error(404, '資料が見つかりません。 / Attachment not found.');
	const bytes = await storage.read(attachment.sha256);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': attachment.contentType,
			'Content-Length': String(bytes.byteLength),
			'Content-Disposition': contentDisposition(
				'attachment',
				attachmentDisplayName(attachment.label, attachment.title, attachment.fileName)
			),
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store'
		}
	});
};
