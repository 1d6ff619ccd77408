import { db } from '#lib/server/db/index.ts';
import { exportPeopleCsv } from '#lib/server/people/csv.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import type { RequestHandler } from './$types';

// Admins only; anyone else gets the 404 of a file that is not there.
export const GET: RequestHandler = async ({ locals }) => {
	const csv = await orHttpError(exportPeopleCsv(db, locals.user));
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': 'attachment; filename="people.csv"',
			'Cache-Control': 'no-store'
		}
	});
};
