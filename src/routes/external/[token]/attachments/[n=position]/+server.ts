// An attachment of the forwarded notice, for the organization holding the link (no sign-in).
import { db } from '#lib/server/db/index.ts';
import { storage } from '#lib/server/storage/app.ts';
import { externalAttachment } from '#lib/server/forwarding/external-public.ts';
import { linkFailure } from '#lib/server/forwarding/external-http.ts';
import { attachmentResponse } from '#lib/server/http/attachment-response.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	let attachment;
	try {
		attachment = await externalAttachment(db, params.token, params.n);
	} catch (e) {
		linkFailure(e);
	}
	const response = await attachmentResponse(storage, attachment, 'attachment');
	return response;
};
