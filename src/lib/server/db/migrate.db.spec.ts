import { afterEach, describe, expect, test } from 'vitest';
import { createHash } from 'node:crypto';
import { bundledMigrations, migrate, MigrationError, type Migration } from './migrate.ts';
import { createEmptyDatabase, TEST_PROVIDER } from '../../../../tests/db/harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0)) await c();
});

async function empty() {
	const e = await createEmptyDatabase();
	cleanups.push(e.cleanup);
	return e;
}

describe(`migrations on ${TEST_PROVIDER}`, () => {
	test('apply every bundled migration once, recorded as Prisma records them', async () => {
		const e = await empty();
		const all = bundledMigrations(TEST_PROVIDER);
		expect(all.length).toBeGreaterThan(0);
		expect(await migrate(e.target)).toEqual(all.map((m) => m.name));
		expect(await migrate(e.target)).toEqual([]);

		const db = e.open();
		try {
			const rows = await db.$queryRawUnsafe<
				{ migration_name: string; checksum: string; finished_at: unknown }[]
			>(
				'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name'
			);
			expect(rows.map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
			for (const [i, row] of rows.entries()) {
				expect(row.checksum).toBe(createHash('sha256').update(all[i].sql).digest('hex'));
				expect(row.finished_at).not.toBeNull();
			}
			// The schema is usable through the generated client.
			expect(await db.organization.count()).toBe(0);
		} finally {
			await db.$disconnect();
		}
	});

	test('a later migration upgrades an existing database without losing data', async () => {
		const e = await empty();
		const base = bundledMigrations(TEST_PROVIDER);
		await migrate(e.target, base);
		const db = e.open();
		try {
			await db.organization.create({
				data: { kind: 'ministry', name: '厚生労働省', nameKana: 'こうせいろうどうしょう' }
			});
			const next: Migration = {
				name: '99990101000000_add_note',
				sql: 'ALTER TABLE "Organization" ADD COLUMN "note" TEXT;'
			};
			expect(await migrate(e.target, [...base, next])).toEqual([next.name]);
			const rows = await db.$queryRawUnsafe<{ name: string; note: string | null }[]>(
				'SELECT name, note FROM "Organization"'
			);
			expect(rows).toEqual([{ name: '厚生労働省', note: null }]);
		} finally {
			await db.$disconnect();
		}
	});

	test('each shipped migration upgrades a database holding data from the one before', async () => {
		const e = await empty();
		const all = bundledMigrations(TEST_PROVIDER);
		await migrate(e.target, all.slice(0, 1));
		const db = e.open();
		try {
			// Plain SQL: today's client names columns the first migration does not have yet.
			await db.$executeRawUnsafe(
				`INSERT INTO "Organization" ("id", "kind", "name", "nameKana") VALUES ('o1', 'ministry', '内閣府', 'ないかくふ')`
			);
			await db.$executeRawUnsafe(
				`INSERT INTO "Department" ("id", "organizationId", "name", "function") VALUES ('d1', 'o1', '男女間暴力対策課', 'ministry_office')`
			);
			await db.$executeRawUnsafe(
				`INSERT INTO "Mail" ("id", "dedupeKey", "toAddresses", "subject", "text", "html") VALUES ('m1', 'k1', 'a@example.jp', '件名', '本文', '<p>本文</p>')`
			);
			await migrate(e.target, all);
			expect(await db.department.count()).toBe(1);
			const mail = await db.mail.findUniqueOrThrow({ where: { id: 'm1' } });
			expect([mail.subject, mail.status, mail.kind]).toEqual(['件名', 'queued', 'publication']);
		} finally {
			await db.$disconnect();
		}
	});

	test('a failing migration is rolled back, recorded, and stops the next start', async () => {
		const e = await empty();
		const base = bundledMigrations(TEST_PROVIDER);
		const broken: Migration = {
			name: '99990101000000_broken',
			sql: 'ALTER TABLE "Organization" ADD COLUMN "half" TEXT;\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;'
		};
		await expect(migrate(e.target, [...base, broken])).rejects.toThrow(
			/99990101000000_broken failed and was rolled back/
		);
		const db = e.open();
		try {
			// The first statement of the broken migration did not survive.
			await expect(db.$queryRawUnsafe('SELECT "half" FROM "Organization"')).rejects.toThrow();
			const failed = await db.$queryRawUnsafe<{ finished_at: unknown; logs: string }[]>(
				`SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'`
			);
			expect(failed).toHaveLength(1);
			expect(failed[0].finished_at).toBeNull();
			expect(failed[0].logs).toMatch(/NoSuchTable/);
		} finally {
			await db.$disconnect();
		}
		const again = migrate(e.target, base);
		await expect(again).rejects.toBeInstanceOf(MigrationError);
		await expect(migrate(e.target, base)).rejects.toThrow(/failed earlier and was not resolved/);
	});
});
