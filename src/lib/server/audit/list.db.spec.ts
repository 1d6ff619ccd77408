// The admin's view of the audit trail: keyset pages, filters, the CSV export, admins only.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { record } from './index.ts';
import { PAGE_SIZE, readPage } from '../../domain/paging.ts';
import { auditCsvStream, auditFilter, auditVocabulary, listAuditEvents } from './list.ts';

let env: TestDatabase;
let db: Db;
const url = (query: string) => new URL(`http://kairan.test/admin/audit${query}`);
/** The list as the page reads it: the filters and the page's position, both from the URL. */
const listAt = (user: Parameters<typeof listAuditEvents>[1], query: string) =>
	listAuditEvents(db, user, auditFilter(url(query)), readPage(url(query).searchParams));

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	const issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
	// 120 events over three Japan-time days, two actors, two kinds.
	for (let i = 0; i < 120; i++) {
		await record(db, {
			actorId: i % 2 === 0 ? issuer.id : null,
			departmentId: i % 2 === 0 ? issuer.departmentId : null,
			action: i % 3 === 0 ? 'notice.publish' : 'response.save_draft',
			objectType: i % 3 === 0 ? 'notice' : 'response',
			objectId: `o${i}`,
			at: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 40), 3, 0, i)),
			after: { n: i }
		});
	}
});
afterAll(async () => {
	await env?.cleanup();
});

describe('the audit list', () => {
	test('pages newest first by keyset and reaches every event exactly once', async () => {
		const admin = await sessionUserFor(db, 'admin@example.jp');
		const pages: (string | null)[][] = [];
		let query = '';
		for (;;) {
			const { rows, page } = await listAt(admin, query);
			expect(rows.length).toBeLessThanOrEqual(PAGE_SIZE);
			pages.push(rows.map((r) => r.objectId));
			if (!page.next) break;
			query = `?after=${page.next}&page=${page.number + 1}`;
		}
		expect(pages.flat()).toEqual(Array.from({ length: 120 }, (_, i) => `o${119 - i}`));
		expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
		// And back: the previous page of the last is the second, row for row.
		const last = await listAt(admin, query);
		const back = await listAt(admin, `?before=${last.page.prev}&page=2`);
		expect(back.rows.map((r) => r.objectId)).toEqual(pages[1]);
	});

	test('filters by action (exact or prefix), object type, actor and Japan-time days', async () => {
		const admin = await sessionUserFor(db, 'admin@example.jp');
		const list = async (q: string) => (await listAt(admin, q)).rows.map((r) => r.objectId);
		expect(await list('?action=notice.publish')).toHaveLength(40);
		// A cursor that is not one of ours (edited, old) starts the list over.
		expect(await list('?action=notice.publish&after=%27--&page=3')).toHaveLength(40);
		expect(await list('?action=response.')).toHaveLength(PAGE_SIZE);
		const issuerOnly = await listAt(admin, '?actor=MHLW.issuer@example.jp&objectType=notice');
		// i even and divisible by 3: i = 0, 6, …, 114.
		expect(issuerOnly.rows).toHaveLength(20);
		expect(issuerOnly.rows.every((r) => r.actor === 'mhlw.issuer@example.jp')).toBe(true);
		expect(issuerOnly.rows[0].department).toContain('医政局総務課');
		// 2026-11-02 in Japan: the second batch of 40 (03:00 UTC is noon in Tokyo).
		const day = await list('?from=2026-11-02&to=令和8年11月2日');
		expect(day).toHaveLength(40);
		expect(day).toContain('o40');
		expect(day).toContain('o79');
		expect(await list('?actor=nobody@example.jp')).toEqual([]);
		expect(() => auditFilter(url('?from=yesterday'))).toThrow(/日付/);
	});

	test('only admins may read it', async () => {
		for (const email of [
			'mhlw.issuer@example.jp',
			'viewer@example.jp',
			'tokyo.health@example.jp'
		]) {
			const user = await sessionUserFor(db, email);
			await expect(listAt(user, '')).rejects.toMatchObject({
				status: 404
			});
			expect(() => auditCsvStream(db, user, auditFilter(url('')))).toThrow();
		}
		await expect(listAt(null, '')).rejects.toMatchObject({
			status: 404
		});
	});

	test('the CSV export streams the filtered trail in pages, one header', async () => {
		const admin = await sessionUserFor(db, 'admin@example.jp');
		// Pages of 50: three reads for 120 rows.
		const bytes = new Uint8Array(
			await new Response(auditCsvStream(db, admin, auditFilter(url('')), 50)).arrayBuffer()
		);
		// The byte-order mark Excel needs, once.
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const all = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(all.split('\uFEFF')).toHaveLength(2);
		const lines = all.slice(1).split('\r\n').filter(Boolean);
		expect(lines[0]).toBe(
			'stream,seq,at,actor,department,action,objectType,objectId,ip,before,after,hash'
		);
		// o119 has no actor: the 60th event of the global stream. o0 is the first of the
		// issuer's department's stream.
		expect(lines[1]).toMatch(
			/^global,60,2026-11-03T03:01:59.000Z,,,response.save_draft,response,o119,,,"{""n"":119}",[0-9a-f]{64}$/
		);
		const issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
		expect(lines.at(-1)).toMatch(
			new RegExp(`^${issuer.departmentId},1,2026-11-01T03:00:00.000Z,mhlw.issuer@example.jp,`)
		);
		expect(lines).toHaveLength(121);
		expect(lines.filter((l) => l.includes('stream,seq,at'))).toHaveLength(1);
		const some = await new Response(
			auditCsvStream(db, admin, auditFilter(url('?action=notice.publish')))
		).text();
		expect(some.split('\r\n').filter(Boolean)).toHaveLength(41);
	});

	// Runs last: it adds events the tests above do not expect.
	test('account events recorded under their old names are found by their new names, and the reverse', async () => {
		const admin = await sessionUserFor(db, 'admin@example.jp');
		for (const action of ['sign_in', 'session.sign_in', 'sign_out', 'totp.enrol'])
			await record(db, { actorId: admin.id, action, objectType: 'user', objectId: action });
		const list = async (q: string) => (await listAt(admin, q)).rows.map((r) => r.objectId).sort();
		expect(await list('?action=session.sign_in')).toEqual(['session.sign_in', 'sign_in']);
		expect(await list('?action=sign_in')).toEqual(['session.sign_in', 'sign_in']);
		expect(await list('?action=session.')).toEqual(['session.sign_in', 'sign_in', 'sign_out']);
		expect(await list('?action=totp_enrol')).toEqual(['totp.enrol']);
		// The filter's suggestions name each action once, by its current name.
		const { actions } = await auditVocabulary(db);
		expect(actions).toEqual(expect.arrayContaining(['session.sign_in', 'session.sign_out']));
		expect(actions).not.toContain('sign_in');
		expect(actions).not.toContain('sign_out');
	});
});
