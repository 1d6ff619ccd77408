// The registry export (plain statements, keyset pages) against the registry page (the ORM): the
// same institutions, in the same order, with the same cells, whatever the export's page size.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { registryPage, registryStream, type RegistryFilter } from './registry-table.ts';
import type { SessionUser } from '../auth/sessions.ts';

let env: TestDatabase;
let db: Db;
const as = (email: string) => sessionUserFor(db, email);

async function exported(user: SessionUser, filter: RegistryFilter, pageSize: number) {
	const rows = [];
	for await (const row of registryStream(db, user, filter, pageSize).rows()) rows.push(row);
	return rows;
}

/** Everything the registry page shows for this filter, read as one page by the ORM. */
async function shown(user: SessionUser, filter: RegistryFilter) {
	return (await registryPage(db, user, filter, { cursor: null, number: 1 }, 100_000)).rows;
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

describe('registry export', () => {
	test('the export is the page, in pages of any size', async () => {
		const viewer = await as('viewer@example.jp');
		const yokohama = await as('yokohama.health@example.jp');
		for (const [user, filter] of [
			[viewer, {}],
			[viewer, { prefecture: '14' }],
			[viewer, { clinicalDepartment: 'obstetrics_gynecology' }],
			[viewer, { prefecture: '14', clinicalDepartment: 'emergency' }],
			[yokohama, {}]
		] as const) {
			const expected = await shown(user, filter);
			expect(expected.length).toBeGreaterThan(0);
			for (const size of [1, 3, 500]) expect(await exported(user, filter, size)).toEqual(expected);
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
});
