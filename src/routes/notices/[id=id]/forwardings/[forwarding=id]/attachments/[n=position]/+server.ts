// A forwarding's attachment (the cover note's 別添), for those who may read it
// (forwarding/attachments.ts); anyone else gets 404.
import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { findForwardingAttachment } from '#lib/server/forwarding/attachments.ts';
import { attachmentResponse } from '#lib/server/http/attachment-response.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireUserApi(locals);
	const attachment = await findForwardingAttachment(
		db,
		user,
		params.id,
		params.forwarding,
		params.n
	);
	return attachmentResponse(storage, attachment, 'attachment');
};
