import { error } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { departmentsCsvStream } from '#lib/server/directory/export.ts';
import { contentDisposition } from '#lib/server/http/content-disposition.ts';
import type { RequestHandler } from './$types';

// Admins only; to anyone else the file does not exist (404, not 403: nothing to learn here).
export const GET: RequestHandler = async ({ locals }) => {
	if (locals.user?.role !== 'admin') error(404, 'Not found');
	return new Response(departmentsCsvStream(db, locals.user), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': contentDisposition('attachment', 'departments.csv'),
			'Cache-Control': 'private, no-store'
		}
	});
};
