// A real, migrated database for one test file: a SQLite file in a temp directory by default,
// or — when KAIRAN_TEST_DB=postgresql (npm run test:pg) — a uniquely named database on the
// PostgreSQL server at KAIRAN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// dropped afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type Db, type DbTarget } from '../../src/lib/server/db/client.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { createStorage, type Storage } from '../../src/lib/server/storage/index.ts';

export const TEST_PROVIDER: DbTarget['provider'] =
	process.env.KAIRAN_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';
export const PG_ADMIN_URL =
	process.env.KAIRAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = {
	db: Db;
	target: DbTarget;
	storage: Storage;
	dataDir: string;
	/** For PostgreSQL: the throwaway database's name. */
	pgDatabase?: string;
	cleanup: () => Promise<void>;
};

/** An empty database (no tables) of the provider under test. */
export async function createEmptyDatabase(): Promise<
	Omit<TestDatabase, 'db'> & { open: () => Db }
> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kairan-test-'));
	// Attachments live in the database: the storage opens its own handle when first used (the
	// tables exist only once the caller has migrated), and cleanup closes it.
	let storageDb: Db | null = null;
	let bound: Storage | null = null;
	const storageOf = (target: DbTarget) => (bound ??= createStorage((storageDb = openDb(target))));
	const lazyStorage = (target: DbTarget): Storage => ({
		put: (bytes) => storageOf(target).put(bytes),
		has: (sha256) => storageOf(target).has(sha256),
		read: (sha256) => storageOf(target).read(sha256),
		stream: (sha256) => storageOf(target).stream(sha256)
	});
	const closeStorage = async () => {
		await storageDb?.$disconnect();
	};
	if (TEST_PROVIDER === 'sqlite') {
		const target: DbTarget = { provider: 'sqlite', file: path.join(dataDir, 'kairan.db') };
		return {
			target,
			storage: lazyStorage(target),
			dataDir,
			open: () => openDb(target),
			cleanup: async () => {
				await closeStorage();
				await rm(dataDir, { recursive: true, force: true });
			}
		};
	}
	const name = `kairan_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	try {
		await admin.connect();
	} catch (error) {
		throw new Error(
			`PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(error as Error).message}). ` +
				'Start it, or point KAIRAN_TEST_PG_URL at a server where this user may create databases.',
			{ cause: error }
		);
	}
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${name}`;
	const target: DbTarget = { provider: 'postgresql', url: url.toString() };
	return {
		target,
		storage: lazyStorage(target),
		dataDir,
		pgDatabase: name,
		open: () => openDb(target),
		cleanup: async () => {
			await closeStorage();
			const c = new pg.Client({ connectionString: PG_ADMIN_URL });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}

/** A database with every migration applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
	const empty = await createEmptyDatabase();
	await migrate(empty.target);
	const db = empty.open();
	return {
		...empty,
		db,
		storage: createStorage(db),
		cleanup: async () => {
			await db.$disconnect();
			await empty.cleanup();
		}
	};
}

/**
 * A migrated database with the reference data and the demo data loaded, as `npm start` makes
 * it in demo mode: the seed notice, the demo accounts and the other departments' progress.
 */
export async function createDemoDatabase(): Promise<TestDatabase> {
	const empty = await createEmptyDatabase();
	const db = empty.open();
	const storage = createStorage(db);
	// Imported here so tests of the migrator alone do not load the whole startup path.
	const { prepareDatabase } = await import('../../src/lib/server/startup.ts');
	await prepareDatabase({
		db,
		target: empty.target,
		storage,
		mode: 'demo',
		demoPassword: 'test-password',
		log: () => {}
	});
	return {
		...empty,
		db,
		storage,
		cleanup: async () => {
			await db.$disconnect();
			await empty.cleanup();
		}
	};
}
