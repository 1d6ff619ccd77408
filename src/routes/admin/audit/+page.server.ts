import { db } from '#lib/server/db/index.ts';
import {
	PAGE_SIZE,
	auditFilter,
	auditVocabulary,
	listAuditEvents,
	requireAuditReader
} from '#lib/server/audit/list.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(
		(async () => {
			// Admins only; anyone else (signed in or not) gets the 404 of a page that is not there.
			requireAuditReader(locals.user);
			const filter = auditFilter(url);
			const [page, vocabulary] = await Promise.all([
				listAuditEvents(db, locals.user, filter),
				auditVocabulary(db)
			]);
			return { filter, pageSize: PAGE_SIZE, ...page, ...vocabulary };
		})()
	);
