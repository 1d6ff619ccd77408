// The registry's one reader (readRows through registryPage and registryStream): the page walked
// by its cursors, forwards and back, is the export, whatever the page sizes; and both hold
// exactly the institutions the filter selects, in the registry's order, as an independent ORM
// query over the same rows finds them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { decodeCursor, type PageRequest } from '../../domain/paging.ts';
import type { Cell } from './table-files.ts';
import { registryPage, registryStream, type RegistryFilter } from './registry-table.ts';
import type { SessionUser } from '../auth/sessions.ts';

let env: TestDatabase;
let db: Db;
const as = (email: string) => sessionUserFor(db, email);

async function exported(user: SessionUser, filter: RegistryFilter, pageSize: number) {
	const rows: Cell[][] = [];
	for await (const row of registryStream(db, user, filter, pageSize).rows()) rows.push(row);
	return rows;
}

/** Every page of the registry page, following `next` cursors to the end, then `prev` back. */
async function paged(user: SessionUser, filter: RegistryFilter, size: number) {
	const forwards: Cell[][][] = [];
	let request: PageRequest = { cursor: null, number: 1 };
	for (;;) {
		const { rows, page } = await registryPage(db, user, filter, request, size);
		forwards.push(rows);
		expect(page.number).toBe(forwards.length);
		if (!page.next) break;
		request = {
			cursor: { direction: 'after', values: decodeCursor(page.next)! },
			number: page.number + 1
		};
	}
	const backwards: Cell[][][] = [];
	for (let prev = (await registryPage(db, user, filter, request, size)).page.prev; prev;) {
		request = { cursor: { direction: 'before', values: decodeCursor(prev)! }, number: 2 };
		const { rows, page } = await registryPage(db, user, filter, request, size);
		backwards.unshift(rows);
		prev = page.prev;
	}
	expect(backwards).toEqual(forwards.slice(0, -1));
	return forwards.flat();
}

/** Name and address of every institution the filter selects, in order, read by the ORM. */
async function selected(user: SessionUser, filter: RegistryFilter) {
	const rows = await db.medicalInstitution.findMany({
		where: {
			...(user.role === 'respondent' ? { organizationId: user.organizationId! } : {}),
			...(filter.prefecture ? { prefectureCode: filter.prefecture } : {}),
			...(filter.clinicalDepartment
				? { clinicalDepartments: { some: { clinicalDepartment: filter.clinicalDepartment } } }
				: {})
		},
		orderBy: [{ prefectureCode: 'asc' }, { municipality: 'asc' }, { name: 'asc' }, { id: 'asc' }],
		select: { name: true, email: true }
	});
	return rows.map((r) => [r.name, r.email]);
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	// Ties on (prefecture, municipality, name): only the id tells them apart, and a page boundary
	// falls among them. Their departments are stored out of the catalogue's order.
	const organization = await db.organization.findFirstOrThrow({ where: { name: '横浜市' } });
	for (let i = 0; i < 7; i++) {
		await db.medicalInstitution.create({
			data: {
				organizationId: organization.id,
				prefectureCode: '14',
				municipality: '横浜市中区',
				name: '同名病院',
				accepts24Hours: i % 2 === 0,
				email: `desk${i}@hospital.example.jp`,
				clinicalDepartments: {
					create: ['urology', 'obstetrics_gynecology', 'emergency']
						.slice(0, (i % 3) + 1)
						.map((clinicalDepartment) => ({ clinicalDepartment }))
				}
			}
		});
	}
});

afterAll(async () => {
	await env?.cleanup();
});

describe('registry', () => {
	test('the page, walked by its cursors both ways, is the export, in pages of any size', async () => {
		const viewer = await as('viewer@example.jp');
		const yokohama = await as('yokohama.health@example.jp');
		for (const [user, filter] of [
			[viewer, {}],
			[viewer, { prefecture: '14' }],
			[viewer, { clinicalDepartment: 'obstetrics_gynecology' }],
			[viewer, { prefecture: '14', clinicalDepartment: 'emergency' }],
			[yokohama, {}]
		] as const) {
			const expected = await exported(user, filter, 500);
			expect(expected.map((r) => [r[2], r[11]])).toEqual(await selected(user, filter));
			expect(expected.length).toBeGreaterThan(0);
			for (const size of [1, 3]) expect(await exported(user, filter, size)).toEqual(expected);
			for (const size of [2, 5, 500]) expect(await paged(user, filter, size)).toEqual(expected);
			const first = await registryPage(db, user, filter, { cursor: null, number: 1 }, 2);
			expect(first.page.total).toBe(expected.length);
		}
		expect(await exported(await as('tokyo.health@example.jp'), {}, 3)).toEqual([]);
	});

	test('ties are kept apart by id; departments read in the catalogue’s order', async () => {
		const rows = (await exported(await as('viewer@example.jp'), { prefecture: '14' }, 2)).filter(
			(r) => r[2] === '同名病院'
		);
		expect(rows).toHaveLength(7);
		expect(new Set(rows.map((r) => r[11])).size).toBe(7);
		expect(rows.map((r) => r[5])).toContain('産婦人科、救急科、泌尿器科');
		expect(rows.map((r) => r[5])).toContain('産婦人科、泌尿器科');
		expect(rows.map((r) => r[5])).toContain('泌尿器科');
	});

	test('a cursor that does not fit the registry’s order starts at the first page', async () => {
		const viewer = await as('viewer@example.jp');
		const first = await registryPage(db, viewer, {}, { cursor: null, number: 1 }, 3);
		const odd = await registryPage(
			db,
			viewer,
			{},
			{ cursor: { direction: 'after', values: ['14', 7] }, number: 4 },
			3
		);
		expect(odd).toEqual(first);
	});
});
