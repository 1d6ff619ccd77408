import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '#lib/server/db/index.ts';
import { requireUser } from '#lib/server/auth/guard.ts';
import { managedDepartments } from '#lib/server/people/department.ts';
import { departmentNotFound } from '#lib/server/people/access.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { UserError } from '#lib/server/errors.ts';
import type { PageServerLoad } from './$types';

const query = z.object({
	q: z.string().trim().max(100).optional(),
	page: z.coerce.number().int().min(1).max(10_000).default(1)
});

export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(
		(async () => {
			const user = requireUser(locals, url);
			// A department manager manages one department: its page.
			if (user.role === 'respondent' && !user.prefectureAdmin) {
				if (!user.manager || !user.departmentId) throw departmentNotFound();
				redirect(303, `/department/${user.departmentId}`);
			}
			const parsed = query.safeParse({
				q: url.searchParams.get('q') ?? undefined,
				page: url.searchParams.get('page') ?? undefined
			});
			if (!parsed.success)
				throw new UserError(400, '検索条件が正しくありません。 / Invalid filter.');
			const list = await managedDepartments(db, user, parsed.data);
			return {
				...list,
				q: parsed.data.q ?? '',
				page: parsed.data.page,
				prefecture: user.prefectureAdmin ?? null,
				own: user.manager ? user.departmentId : null
			};
		})()
	);
