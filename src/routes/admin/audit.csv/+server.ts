import { db } from '#lib/server/db/index.ts';
import { auditCsvStream, auditFilter, requireAuditReader } from '#lib/server/audit/list.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	const stream = await orHttpError(
		(async () => {
			requireAuditReader(locals.user);
			return auditCsvStream(db, locals.user, auditFilter(url));
		})()
	);
	return new Response(stream, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': contentDisposition('attachment', 'audit-trail.csv'),
			'Cache-Control': 'private, no-store'
		}
	});
};
