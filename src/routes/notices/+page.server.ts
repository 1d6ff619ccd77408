import { z } from 'zod';
import { requireUser } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { noticePage } from '#lib/server/notices/queries.ts';
import { readPage, withoutPage } from '#lib/domain/paging.ts';
import { issuingOffices } from '#lib/server/notices/drafts.ts';
import { parseDateInput, todayInJapan } from '#lib/domain/dates.ts';
import { NOTICE_STATUSES, NOTICE_TYPES } from '#lib/domain/notices.ts';
import type { PageServerLoad } from './$types';

const optionalDate = z
	.string()
	.optional()
	.transform((v) => (v ? (parseDateInput(v) ?? undefined) : undefined));

// Unknown or malformed filter values are ignored rather than refused: a search box should
// never end in an error page.
const filterSchema = z.object({
	q: z.string().max(200).optional().catch(undefined),
	type: z.enum(NOTICE_TYPES).optional().catch(undefined),
	issuer: z.string().max(40).optional().catch(undefined),
	from: optionalDate.catch(undefined),
	to: optionalDate.catch(undefined),
	status: z.enum(NOTICE_STATUSES).optional().catch(undefined)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const raw = Object.fromEntries(
		[...withoutPage(url.searchParams)].filter(([, value]) => value.trim() !== '')
	);
	const filter = filterSchema.parse(raw);
	const { rows, page } = await noticePage(db, user, filter, readPage(url.searchParams));
	return {
		notices: rows,
		page,
		filter: { ...raw },
		filtered: Object.values(filter).some((v) => v !== undefined),
		offices: (await issuingOffices(db)).map((o) => ({
			id: o.id,
			name: `${o.organization.name} ${o.name}`
		})),
		today: todayInJapan(),
		role: user.role
	};
};
