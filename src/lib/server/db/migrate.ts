// Applies pending migrations at start-up, without Prisma's native engine (which cannot be
// downloaded on machines without internet access).
//
// The migration folders are Prisma's own (prisma/<provider>/migrations/<name>/migration.sql),
// and applied migrations are recorded in `_prisma_migrations` exactly as Prisma records them
// (checksum = SHA-256 hex of migration.sql), so `prisma migrate status/deploy` on a connected
// machine recognises the history and vice versa.
//
// Each migration runs in its own transaction (both SQLite and PostgreSQL have transactional
// DDL): a failure leaves the database as it was before that migration, is recorded with its
// error, and stops the start-up with a clear message. On PostgreSQL an advisory lock makes
// concurrent starts of several instances apply each migration once.
import Database from 'better-sqlite3';
import pg from 'pg';
import { createHash, randomUUID } from 'node:crypto';
import type { DbTarget } from './client.ts';
import { logger } from '../log.ts';

export type Migration = { name: string; sql: string };

// Bundled into the server build by Vite, so a deployed build needs no prisma/ folder.
const files = {
	sqlite: import.meta.glob('/prisma/sqlite/migrations/*/migration.sql', {
		query: '?raw',
		import: 'default',
		eager: true
	}) as Record<string, string>,
	postgresql: import.meta.glob('/prisma/postgresql/migrations/*/migration.sql', {
		query: '?raw',
		import: 'default',
		eager: true
	}) as Record<string, string>
};

export function bundledMigrations(provider: DbTarget['provider']): Migration[] {
	return Object.entries(files[provider])
		.map(([file, sql]) => ({ name: file.split('/').at(-2)!, sql }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export class MigrationError extends Error {}

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

type Applied = {
	migration_name: string;
	checksum: string;
	finished_at: unknown;
	rolled_back_at: unknown;
};

/** What a driver must do for the migrator; one implementation per provider below. */
interface Driver {
	ensureTable(): Promise<void>;
	applied(): Promise<Applied[]>;
	apply(migration: Migration): Promise<void>;
	recordFailure(migration: Migration, error: string): Promise<void>;
	close(): Promise<void>;
}

/** Returns the names of the migrations it applied (empty when the database was up to date). */
export async function migrate(target: DbTarget, migrations = bundledMigrations(target.provider)) {
	const driver =
		target.provider === 'sqlite' ? sqliteDriver(target.file) : await pgDriver(target.url);
	try {
		await driver.ensureTable();
		const applied = await driver.applied();
		const failed = applied.find((row) => row.finished_at == null && row.rolled_back_at == null);
		if (failed) {
			throw new MigrationError(
				`Migration ${failed.migration_name} failed earlier and was not resolved. ` +
					'Fix the database, then mark it rolled back (prisma migrate resolve --rolled-back) before starting again.'
			);
		}
		const done = new Map(
			applied.filter((r) => r.finished_at != null).map((r) => [r.migration_name, r])
		);
		const pending = migrations.filter((m) => !done.has(m.name));
		for (const m of migrations) {
			const row = done.get(m.name);
			if (row && row.checksum !== checksum(m.sql)) {
				logger.warn(
					{ migration: m.name },
					'migration was modified after it was applied (checksum differs)'
				);
			}
		}
		for (const migration of pending) {
			try {
				await driver.apply(migration);
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				await driver.recordFailure(migration, message);
				throw new MigrationError(
					`Migration ${migration.name} failed and was rolled back: ${message}`
				);
			}
		}
		return pending.map((m) => m.name);
	} finally {
		await driver.close();
	}
}

function sqliteDriver(file: string): Driver {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	// Prisma's SQLite migrations redefine tables (create new, copy, drop old, rename) and
	// switch foreign keys off to do so — a PRAGMA that has no effect inside a transaction. So
	// keys are off for the whole run, as Prisma's own engine does, and checked before commit.
	db.pragma('foreign_keys = OFF');
	// Prepared on use: the table may not exist until ensureTable() has run.
	const insert = {
		run: (...args: unknown[]) =>
			db
				.prepare(
					`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, finished_at, applied_steps_count)
					 VALUES (?, ?, ?, ?, ?, ?, ?)`
				)
				.run(...args)
	};
	return {
		async ensureTable() {
			db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
				"id" TEXT PRIMARY KEY NOT NULL,
				"checksum" TEXT NOT NULL,
				"finished_at" DATETIME,
				"migration_name" TEXT NOT NULL,
				"logs" TEXT,
				"rolled_back_at" DATETIME,
				"started_at" DATETIME NOT NULL DEFAULT current_timestamp,
				"applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
			)`);
		},
		async applied() {
			return db
				.prepare(
					`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`
				)
				.all() as Applied[];
		},
		async apply(m) {
			const started = new Date().toISOString();
			db.transaction(() => {
				db.exec(m.sql);
				const broken = db.pragma('foreign_key_check') as unknown[];
				if (broken.length > 0) {
					throw new Error(`${broken.length} rows violate foreign keys after this migration`);
				}
				insert.run(
					randomUUID(),
					checksum(m.sql),
					m.name,
					null,
					started,
					new Date().toISOString(),
					1
				);
			})();
		},
		async recordFailure(m, error) {
			insert.run(randomUUID(), checksum(m.sql), m.name, error, new Date().toISOString(), null, 0);
		},
		async close() {
			db.close();
		}
	};
}

async function pgDriver(url: string): Promise<Driver> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	// Any fixed number: the lock only has to be the same for every instance of Kairan.
	await client.query('SELECT pg_advisory_lock(7261001)');
	const insert = `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, finished_at, applied_steps_count)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`;
	return {
		async ensureTable() {
			await client.query(`CREATE TABLE IF NOT EXISTS _prisma_migrations (
				id VARCHAR(36) PRIMARY KEY NOT NULL,
				checksum VARCHAR(64) NOT NULL,
				finished_at TIMESTAMPTZ,
				migration_name VARCHAR(255) NOT NULL,
				logs TEXT,
				rolled_back_at TIMESTAMPTZ,
				started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
				applied_steps_count INTEGER NOT NULL DEFAULT 0
			)`);
		},
		async applied() {
			return (
				await client.query<Applied>(
					'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at'
				)
			).rows;
		},
		async apply(m) {
			const started = new Date();
			await client.query('BEGIN');
			try {
				await client.query(m.sql);
				await client.query(insert, [
					randomUUID(),
					checksum(m.sql),
					m.name,
					null,
					started,
					new Date(),
					1
				]);
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
		},
		async recordFailure(m, error) {
			await client.query(insert, [
				randomUUID(),
				checksum(m.sql),
				m.name,
				error,
				new Date(),
				null,
				0
			]);
		},
		async close() {
			await client.query('SELECT pg_advisory_unlock(7261001)').catch(() => {});
			await client.end();
		}
	};
}
