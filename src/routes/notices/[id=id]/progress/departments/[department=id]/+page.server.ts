import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { departmentResponses } from '#lib/server/reports/prefecture.ts';
import type { PageServerLoad } from './$types';

// One department's submitted answers, for those who may read the national table (a
// respondent reads its own through /notices/{id}/respond).
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer', 'viewer', 'admin'], url);
	return orHttpError(departmentResponses(db, user, params.id, params.department));
};
