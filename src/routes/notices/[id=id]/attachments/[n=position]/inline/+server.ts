import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { findAttachment } from '#lib/server/notices/queries.ts';
import { attachmentResponse, versionParam } from '#lib/server/http/attachment-response.ts';
import type { RequestHandler } from './$types';

// PDFs only, shown in the browser's viewer under `Content-Security-Policy: sandbox`.
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUserApi(locals);
	const attachment = await findAttachment(db, user, params.id, params.n, versionParam(url));
	return attachmentResponse(storage, attachment, 'inline');
};
