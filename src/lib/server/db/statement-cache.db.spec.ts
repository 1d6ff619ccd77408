// SQLite's statement cache (client.ts): a cached statement's result columns are asked of
// better-sqlite3 once, not on every use, and a schema change on the connection forgets the
// cached statements, so reads return what a statement prepared anew would. PostgreSQL has no
// such cache.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';

const require = createRequire(import.meta.url);

let t: TestDatabase;

beforeAll(async () => {
	t = await createTestDatabase();
}, 60_000);
afterAll(() => t?.cleanup());

/** How often better-sqlite3 was asked for a statement's columns while `run` ran. */
async function columnsCalls(run: () => Promise<unknown>): Promise<number> {
	const Database = require('better-sqlite3');
	const probe = new Database(':memory:');
	const proto = Object.getPrototypeOf(probe.prepare('SELECT 1'));
	probe.close();
	const original = proto.columns;
	let calls = 0;
	proto.columns = function (this: unknown) {
		calls++;
		return original.call(this);
	};
	try {
		await run();
	} finally {
		proto.columns = original;
	}
	return calls;
}

describe.runIf(TEST_PROVIDER === 'sqlite')('the statement cache (sqlite)', () => {
	test('columns are read once per statement; rows and their types are unchanged', async () => {
		const created = new Date('2026-12-03T08:00:00.123Z');
		const user = await t.db.user.create({
			data: {
				email: 'cache@example.jp',
				name: 'キャッシュ',
				role: 'viewer',
				passwordHash: 'x',
				createdAt: created
			}
		});
		const read = () =>
			t.db.user.findUniqueOrThrow({
				where: { id: user.id },
				select: { email: true, createdAt: true, manager: true, departmentId: true }
			});
		const first = await read();
		let again: Awaited<ReturnType<typeof read>>[] = [];
		const calls = await columnsCalls(async () => {
			again = [await read(), await read(), await read()];
		});
		expect(calls).toBe(0);
		for (const row of again)
			expect(row).toStrictEqual({
				email: 'cache@example.jp',
				createdAt: created,
				manager: false,
				departmentId: null
			});
		expect(first).toStrictEqual(again[0]);
	});

	test('a schema change on the connection forgets them: `SELECT *` sees the new columns', async () => {
		await t.db.$executeRawUnsafe('CREATE TABLE "CacheProbe" ("a" INTEGER)');
		await t.db.$executeRawUnsafe('INSERT INTO "CacheProbe" ("a") VALUES (1)');
		const all = () => t.db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "CacheProbe"');
		expect(await all()).toEqual([{ a: 1 }]);
		await t.db.$executeRawUnsafe(`ALTER TABLE "CacheProbe" ADD COLUMN "b" TEXT DEFAULT 'x'`);
		expect(await all()).toEqual([{ a: 1, b: 'x' }]);
		await t.db.$executeRawUnsafe('DROP TABLE "CacheProbe"');
		await t.db.$executeRawUnsafe('CREATE TABLE "CacheProbe" ("c" DATETIME)');
		await t.db.$executeRawUnsafe(
			`INSERT INTO "CacheProbe" ("c") VALUES ('2026-12-03T08:00:00.000+00:00')`
		);
		// Declared DATETIME: typed as a date again, as a statement never cached would be.
		expect(await all()).toEqual([{ c: new Date('2026-12-03T08:00:00.000Z') }]);
	});

	test('an evicted statement is prepared and asked for its columns anew', async () => {
		const probe = async () =>
			(await t.db.$queryRawUnsafe<{ n: bigint }[]>('SELECT 41 + 1 AS n')).map((r) => Number(r.n));
		expect(await probe()).toEqual([42]);
		// More distinct statements than the cache keeps (500) push it out.
		for (let i = 0; i < 510; i++) await t.db.$queryRawUnsafe(`SELECT ${i} AS n`);
		expect(await columnsCalls(async () => expect(await probe()).toEqual([42]))).toBe(1);
	});
});
