import { describe, expect, it } from 'vitest';
import {
	decodeCursor,
	encodeCursor,
	pageOfList,
	pageQuery,
	readPage,
	withoutPage,
	type PageRequest
} from './paging.ts';

describe('cursors in the URL', () => {
	it('round-trip Japanese text, numbers, nulls and instants, URL-safe', () => {
		const values = ['ワンストップ', 3, null, '2026-04-01T00:00:00.000Z'];
		const token = encodeCursor(values);
		expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(decodeCursor(token)).toEqual(values);
	});

	it('an edited or foreign cursor is not one (the list starts over), never an error', () => {
		// Not base64url, a JSON object ({"a":1}), not JSON, too long.
		for (const token of ['!!', 'eyJhIjoxfQ', 'bm90IGpzb24', 'a'.repeat(2000)])
			expect(readPage(new URLSearchParams({ after: token, page: '7' }))).toEqual({
				cursor: null,
				number: 1
			});
		expect(readPage(new URLSearchParams({ page: '9' }))).toEqual({ cursor: null, number: 1 });
		const token = encodeCursor(['x']);
		expect(readPage(new URLSearchParams({ after: token, page: 'abc' })).number).toBe(1);
		expect(readPage(new URLSearchParams({ before: token, page: '3' }))).toEqual({
			cursor: { direction: 'before', values: ['x'] },
			number: 3
		});
	});
});

describe('page links keep the filters', () => {
	const params = new URLSearchParams({
		q: 'センター',
		status: 'published',
		after: 'old',
		page: '4'
	});

	it('next and previous replace only the position', () => {
		const next = new URLSearchParams(pageQuery(params, 'after', 'abc', 5));
		expect(Object.fromEntries(next)).toEqual({
			q: 'センター',
			status: 'published',
			after: 'abc',
			page: '5'
		});
		const prev = new URLSearchParams(pageQuery(params, 'before', 'xyz', 3));
		expect(Object.fromEntries(prev)).toEqual({
			q: 'センター',
			status: 'published',
			before: 'xyz',
			page: '3'
		});
	});

	it('back to page 1 is the plain filtered list', () => {
		expect(pageQuery(params, 'before', 'xyz', 1)).toBe(
			'?q=%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC&status=published'
		);
		expect(withoutPage(params).toString()).toBe(
			'q=%E3%82%BB%E3%83%B3%E3%82%BF%E3%83%BC&status=published'
		);
	});
});

describe('a list in memory, paged by row id', () => {
	const list = Array.from({ length: 23 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}` }));
	const idOf = (r: { id: string }) => r.id;
	const go = (direction: 'after' | 'before', token: string, number: number): PageRequest => ({
		cursor: { direction, values: decodeCursor(token)! },
		number
	});

	it('walks forwards and back over every row once', () => {
		const seen: string[] = [];
		let request: PageRequest = { cursor: null, number: 1 };
		const pages = [];
		for (;;) {
			const { rows, page } = pageOfList(list, request, idOf, 10);
			pages.push(rows.map(idOf));
			seen.push(...rows.map(idOf));
			expect(page.total).toBe(23);
			if (!page.next) break;
			request = go('after', page.next, page.number + 1);
		}
		expect(seen).toEqual(list.map(idOf));
		expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
		const last = pageOfList(list, request, idOf, 10);
		const back = pageOfList(list, go('before', last.page.prev!, 2), idOf, 10);
		expect(back.rows.map(idOf)).toEqual(pages[1]);
		const first = pageOfList(list, go('before', back.page.prev!, 1), idOf, 10);
		expect(first.rows.map(idOf)).toEqual(pages[0]);
		expect(first.page.prev).toBeNull();
		expect(first.page.number).toBe(1);
	});

	it('a row no longer in the list starts over at the first page', () => {
		const { rows, page } = pageOfList(list, go('after', encodeCursor(['gone']), 5), idOf, 10);
		expect(rows.map(idOf)).toEqual(list.slice(0, 10).map(idOf));
		expect(page.number).toBe(1);
	});
});
