import { db } from '#lib/server/db/index.ts';
import {
	auditFilter,
	auditVocabulary,
	listAuditEvents,
	requireAuditReader
} from '#lib/server/audit/list.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { readPage } from '#lib/domain/paging.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(
		(async () => {
			// Admins only; anyone else (signed in or not) gets the 404 of a page that is not there.
			requireAuditReader(locals.user);
			const filter = auditFilter(url);
			const [page, vocabulary] = await Promise.all([
				listAuditEvents(db, locals.user, filter, readPage(url.searchParams)),
				auditVocabulary(db)
			]);
			return { filter, ...page, ...vocabulary };
		})()
	);
