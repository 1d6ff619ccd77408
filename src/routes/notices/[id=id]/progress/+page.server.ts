import { requireRole } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { orHttpError } from '#lib/server/http/user-errors.ts';
import { PREFECTURE_SCOPES, noticeDashboard, nonResponders } from '#lib/server/reports/progress.ts';
import { z } from 'zod';
import { TILE_MEASURES } from '#lib/domain/tile-map.ts';
import { remindAction } from '#lib/server/http/remind-action.ts';
import { itemSummaries } from '#lib/server/reports/item-summaries.ts';
import { pageOfList, readPage } from '#lib/domain/paging.ts';
import { noticeSecondLayer } from '#lib/server/reports/forwarding.ts';
import type { Actions, PageServerLoad } from './$types';

const READERS = ['issuer', 'viewer', 'admin'] as const;

// One notice's progress: the overview's panel, who has not answered (per item) with
// "remind these" for the issuers who manage it, and the per-item summaries.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals, READERS, url);
	const scope = z.enum(PREFECTURE_SCOPES).catch('all').parse(url.searchParams.get('scope'));
	const measure = z.enum(TILE_MEASURES).catch('complete').parse(url.searchParams.get('measure'));
	const dashboard = await orHttpError(noticeDashboard(db, user, params.id, new Date(), scope));
	// Like every filter in the address bar, an item that is not this notice's is ignored.
	const asked = url.searchParams.get('item');
	const itemId = dashboard.notice.items.some((i) => i.id === asked) ? asked : null;
	const layer = z.enum(['first', 'second']).catch('first').parse(url.searchParams.get('layer'));
	const [pending, summaries, secondLayer] = await Promise.all([
		orHttpError(nonResponders(db, user, params.id, itemId)),
		orHttpError(itemSummaries(db, user, params.id)),
		orHttpError(noticeSecondLayer(db, user, params.id))
	]);
	// Every non-responder is counted (the reminder reaches them all); one page is listed.
	const listed = pageOfList(pending, readPage(url.searchParams), (p) => p.recipientId);
	return {
		...dashboard,
		itemId,
		scope,
		measure,
		pending: listed.rows,
		pendingPage: listed.page,
		pendingCount: pending.length,
		summaries,
		// Null unless the notice asks prefectures to forward it.
		secondLayer,
		layer: secondLayer ? layer : 'first',
		// Only issuers reach this page for notices they manage (others get 404 above).
		canRemind: user.role === 'issuer' && dashboard.notice.status === 'published'
	};
};

export const actions: Actions = { remind: remindAction };
