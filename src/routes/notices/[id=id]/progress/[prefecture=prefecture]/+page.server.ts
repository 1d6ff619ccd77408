import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { prefectureDrilldown } from '#lib/server/reports/prefecture.ts';
import { pageOfList, readPage } from '#lib/domain/paging.ts';
import { z } from 'zod';
import { forwardedPage, noticeSecondLayer } from '#lib/server/reports/forwarding.ts';
import { FORWARDED_FILTERS } from '#lib/domain/second-layer.ts';
import type { PageServerLoad } from './$types';

// A prefecture's bodies and their status; the reports module decides who may read the notice.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, ['issuer', 'viewer', 'admin'], url);
	const drilldown = await orHttpError(prefectureDrilldown(db, user, params.id, params.prefecture));
	// A forwardable notice: its second layer in this prefecture (`layer=second` lists it, paged
	// with the same links as the first level's list, which it then replaces).
	const secondLayer = await orHttpError(noticeSecondLayer(db, user, params.id));
	if (secondLayer && url.searchParams.get('layer') === 'second') {
		const filter = z
			.enum(FORWARDED_FILTERS)
			.nullable()
			.catch(null)
			.parse(url.searchParams.get('status'));
		const list = await forwardedPage(
			db,
			params.id,
			{ prefectureCode: params.prefecture },
			filter,
			readPage(url.searchParams)
		);
		return {
			...drilldown,
			rows: [],
			page: null,
			layer: 'second' as const,
			secondLayer: secondLayer.rows.find((r) => r.prefectureCode === params.prefecture) ?? null,
			forwarded: { ...list, filter }
		};
	}
	// A prefecture has up to a few hundred departments: listed a page at a time.
	const { rows, page } = pageOfList(
		drilldown.rows,
		readPage(url.searchParams),
		(r) => r.recipientId
	);
	return {
		...drilldown,
		rows,
		page,
		layer: 'first' as const,
		secondLayer: secondLayer
			? (secondLayer.rows.find((r) => r.prefectureCode === params.prefecture) ?? null)
			: null,
		forwarded: null
	};
};
