// Keyset paging through the real queries on a real database: walking every page forwards and
// back yields each row once, in the list's order, even where many rows share the sort values;
// filters hold on every page; a cursor from an edited URL starts over instead of failing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from './client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { noticePage } from '../notices/queries.ts';
import { deliveryPage, deliveryStatus } from '../recipients/delivery.ts';
import { decodeCursor, type PageInfo, type PageRequest } from '../../domain/paging.ts';

let env: TestDatabase;
let db: Db;
let mhlw: SessionUser;
const SIZE = 7;

/** Notices with few distinct publication and creation instants, so pages split ties. */
async function createNotices() {
	const author = await db.user.findFirstOrThrow({ where: { email: 'mhlw.issuer@example.jp' } });
	const office = await db.department.findFirstOrThrow({
		where: { function: 'ministry_office', organization: { name: '厚生労働省' } }
	});
	const published = [
		new Date('2026-04-01T00:00:00Z'),
		new Date('2026-05-01T00:00:00Z'),
		new Date('2026-06-01T00:00:00Z')
	];
	const created = [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z')];
	for (let i = 0; i < 61; i++) {
		const draft = i % 9 === 0;
		await db.notice.create({
			data: {
				status: draft ? 'draft' : 'published',
				createdById: author.id,
				createdAt: created[i % 2],
				publishedAt: draft ? null : published[i % 3],
				issuers: { create: [{ departmentId: office.id, position: 0 }] },
				versions: {
					create: {
						number: 1,
						noticeType: i % 4 === 0 ? 'notification' : 'request',
						title: `ページ送り ${i}`,
						issuedOn: '2026-03-01',
						addresseeLines: [],
						addresseeRule: { bodyKinds: [], functions: [], include: [], exclude: [] },
						preamble: '本文',
						items: [],
						contacts: [],
						references: []
					}
				}
			}
		});
	}
}

type Page<T> = { rows: T[]; page: PageInfo };
type Walked<P> = { forwards: P[]; backwards: P[] };
const first: PageRequest = { cursor: null, number: 1 };
const after = (page: PageInfo): PageRequest => ({
	cursor: { direction: 'after', values: decodeCursor(page.next!)! },
	number: page.number + 1
});
const before = (page: PageInfo): PageRequest => ({
	cursor: { direction: 'before', values: decodeCursor(page.prev!)! },
	number: page.number - 1
});

/** Every page forwards from the first, then back from the last; both lists of pages. */
async function walk<T, P extends Page<T>>(
	read: (r: PageRequest) => Promise<P>
): Promise<Walked<P>> {
	const forwards: P[] = [await read(first)];
	while (forwards.at(-1)!.page.next) {
		forwards.push(await read(after(forwards.at(-1)!.page)));
		if (forwards.length > 500) throw new Error('no end');
	}
	const backwards: P[] = [forwards.at(-1)!];
	while (backwards.at(-1)!.page.prev) {
		backwards.push(await read(before(backwards.at(-1)!.page)));
		if (backwards.length > 500) throw new Error('no start');
	}
	return { forwards, backwards: backwards.reverse() };
}

/** The order the notices list promises, computed here independently of the query. */
function expectedOrder(
	notices: { id: string; publishedAt: Date | null; createdAt: Date }[]
): string[] {
	const t = (d: Date | null) => (d === null ? Infinity : d.getTime());
	return [...notices]
		.sort(
			(a, b) =>
				t(b.publishedAt) - t(a.publishedAt) ||
				b.createdAt.getTime() - a.createdAt.getTime() ||
				(a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
		)
		.map((n) => n.id);
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	mhlw = await sessionUserFor(db, 'mhlw.issuer@example.jp');
	await createNotices();
}, 120_000);
afterAll(async () => {
	await env.cleanup();
});

describe(`keyset paging (${TEST_PROVIDER})`, () => {
	test('the notices list: every notice once, in order, across pages splitting equal sort keys', async () => {
		const all = await db.notice.findMany({
			where: { issuers: { some: { department: { organization: { name: '厚生労働省' } } } } },
			select: { id: true, publishedAt: true, createdAt: true }
		});
		expect(all.length).toBeGreaterThan(61);
		const { forwards, backwards } = await walk((r) => noticePage(db, mhlw, {}, r, SIZE));
		const ids = forwards.flatMap((p) => p.rows.map((n) => n.id));
		expect(ids).toEqual(expectedOrder(all));
		expect(new Set(ids).size).toBe(ids.length);
		// Drafts (never published) first, as before paging.
		expect(forwards[0].rows[0].status).toBe('draft');
		expect(forwards.slice(0, -1).every((p) => p.rows.length === SIZE)).toBe(true);
		expect(forwards.map((p) => p.page.number)).toEqual(forwards.map((_, i) => i + 1));
		expect(forwards.every((p) => p.page.total === all.length)).toBe(true);
		// Walking back from the last page lands on the same pages.
		expect(backwards.map((p) => p.rows.map((n) => n.id))).toEqual(
			forwards.map((p) => p.rows.map((n) => n.id))
		);
		expect(backwards[0].page.prev).toBeNull();
		expect(forwards.at(-1)!.page.next).toBeNull();
	});

	test('filters hold on every page, and the total counts the filtered list', async () => {
		const filter = { type: 'notification' as const, status: 'published' };
		const { forwards } = await walk((r) => noticePage(db, mhlw, filter, r, SIZE));
		const rows = forwards.flatMap((p) => p.rows);
		const expected = await db.notice.findMany({
			where: {
				status: 'published',
				issuers: { some: { department: { organization: { name: '厚生労働省' } } } },
				versions: { some: { number: 1, noticeType: 'notification' } }
			},
			select: { id: true, publishedAt: true, createdAt: true }
		});
		expect(expected.length).toBeGreaterThan(SIZE);
		expect(rows.map((n) => n.id)).toEqual(expectedOrder(expected));
		expect(rows.every((n) => n.noticeType === 'notification' && n.status === 'published')).toBe(
			true
		);
		expect(forwards[0].page.total).toBe(expected.length);
	});

	test('a cursor that does not fit the list (an edited URL) reads the first page', async () => {
		const plain = await noticePage(db, mhlw, {}, first, SIZE);
		const odd = await noticePage(
			db,
			mhlw,
			{},
			{ cursor: { direction: 'after', values: ['x', 1] }, number: 4 },
			SIZE
		);
		expect(odd.rows.map((n) => n.id)).toEqual(plain.rows.map((n) => n.id));
		expect(odd.page.number).toBe(1);
		expect(odd.page.prev).toBeNull();
	});

	test("a notice's delivery table: 204 recipients in pages, the same rows and order as in full", async () => {
		const seed = await db.notice.findFirstOrThrow({
			where: { versions: { some: { title: { contains: 'ワンストップ' } } } },
			select: { id: true }
		});
		const full = await deliveryStatus(db, mhlw, seed.id);
		expect(full.rows.length).toBe(204);
		const { forwards, backwards } = await walk((r) =>
			deliveryPage(db, mhlw, seed.id, r, new Date(), 50)
		);
		expect(forwards.map((p) => p.rows.length)).toEqual([50, 50, 50, 50, 4]);
		expect(forwards.flatMap((p) => p.rows)).toEqual(full.rows);
		expect(backwards.map((p) => p.rows.map((r) => r.recipientId))).toEqual(
			forwards.map((p) => p.rows.map((r) => r.recipientId))
		);
		// Totals count every recipient, whatever the page.
		expect(forwards.every((p) => JSON.stringify(p.totals) === JSON.stringify(full.totals))).toBe(
			true
		);
		expect(forwards[0].page.total).toBe(204);
		// Prefecture codes never go backwards (the list's first key; nulls first).
		const codes = full.rows.map((r) => r.prefectureCode ?? '');
		expect(codes).toEqual([...codes].sort());
	});
});
