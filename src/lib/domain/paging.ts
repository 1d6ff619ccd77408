// Paging, one rule for every list: a page holds PAGE_SIZE rows; its position is in the URL as a
// keyset cursor (`after=` the last row's sort key for the next page, `before=` the first row's
// for the previous one) plus `page=` (the page's number, shown to people only), so a page can be
// bookmarked, shared and walked with the browser's back button, and every filter stays in the
// URL beside it. Shared by the server (parsing) and the Pager component (links).
import { z } from 'zod';

export const PAGE_SIZE = 50;

/** A sort key's values as the cursor carries them (dates as ISO strings). */
export type CursorValue = string | number | null;

/** Where a page starts: after a row (next pages) or before one (previous pages); null: first. */
export type PageCursor = { direction: 'after' | 'before'; values: CursorValue[] } | null;

export type PageRequest = { cursor: PageCursor; number: number };

/** What a list's page tells its Pager: the cursors of its neighbours (null: none). */
export type PageInfo = {
	number: number;
	size: number;
	/** Rows in the whole filtered list, where counting is cheap; null otherwise. */
	total: number | null;
	next: string | null;
	prev: string | null;
};

const PAGE_PARAMS = ['after', 'before', 'page'] as const;

/** A URL's parameters, read-only ones too (page.url.searchParams in a component). */
type ReadableParams = { toString(): string };

function toBase64Url(text: string): string {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(token: string): string {
	const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
	return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCursor(values: readonly CursorValue[]): string {
	return toBase64Url(JSON.stringify(values));
}

const cursorValues = z.array(z.union([z.string().max(400), z.number(), z.null()])).max(8);

/** A cursor from the URL, or null when it is not one of ours (then the list starts over). */
export function decodeCursor(token: string): CursorValue[] | null {
	if (!/^[A-Za-z0-9_-]{1,1200}$/.test(token)) return null;
	try {
		const parsed = cursorValues.safeParse(JSON.parse(fromBase64Url(token)));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

const pageNumber = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/**
 * The page a URL asks for. A malformed cursor or number is ignored (first page), never an error
 * page: people edit URLs and follow old links.
 */
export function readPage(params: Pick<URLSearchParams, 'get'>): PageRequest {
	const after = params.get('after');
	const before = params.get('before');
	const values = after ? decodeCursor(after) : before ? decodeCursor(before) : null;
	const cursor: PageCursor = values ? { direction: after ? 'after' : 'before', values } : null;
	return { cursor, number: cursor ? pageNumber.parse(params.get('page') ?? 1) : 1 };
}

/** The URL's parameters without the page position: the filters, for a list's other links. */
export function withoutPage(params: ReadableParams): URLSearchParams {
	const kept = new URLSearchParams(params.toString());
	for (const key of PAGE_PARAMS) kept.delete(key);
	return kept;
}

/** The query string of a neighbouring page, keeping every other parameter (the filters). */
export function pageQuery(
	params: ReadableParams,
	direction: 'after' | 'before',
	cursor: string,
	number: number
): string {
	const next = withoutPage(params);
	// Back to page 1 is the plain list: its first page is always "the newest", whatever changed.
	if (!(direction === 'before' && number <= 1)) {
		next.set(direction, cursor);
		next.set('page', String(number));
	}
	const s = next.toString();
	return s ? `?${s}` : '?';
}

/** How many pages a total makes (at least one, so "1 / 1" for an empty list). */
export const pageCount = (total: number, size: number) => Math.max(1, Math.ceil(total / size));

/**
 * A page of a list already in memory and in order (one computed by rules that live in code,
 * bounded by the number of departments): the same URLs and Pager as a keyset page, the cursor
 * being the boundary row's id. An id no longer in the list starts over at the first page.
 */
export function pageOfList<T>(
	list: readonly T[],
	request: PageRequest,
	idOf: (row: T) => string,
	size = PAGE_SIZE
): { rows: T[]; page: PageInfo } {
	const id = request.cursor?.values.length === 1 ? request.cursor.values[0] : null;
	const at = typeof id === 'string' ? list.findIndex((row) => idOf(row) === id) : -1;
	let start = 0;
	let number = 1;
	if (at >= 0 && request.cursor) {
		start = request.cursor.direction === 'after' ? at + 1 : Math.max(0, at - size);
		number = start === 0 ? 1 : Math.max(2, request.number);
	}
	const rows = list.slice(start, start + size);
	const end = start + rows.length;
	return {
		rows,
		page: {
			number,
			size,
			total: list.length,
			next:
				end < list.length && rows.length > 0 ? encodeCursor([idOf(rows[rows.length - 1])]) : null,
			prev: start > 0 && rows.length > 0 ? encodeCursor([idOf(rows[0])]) : null
		}
	};
}
