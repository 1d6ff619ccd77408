// One place that knows how to open the database. SQLite (better-sqlite3) is the embedded
// default; a postgres:// URL selects PostgreSQL. Both generated clients come from the same
// source schema (prisma/sqlite/schema.prisma), so they expose the same model API; the rest of
// the code is typed against the SQLite client's types and never learns which one it holds.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DbTarget, Provider } from './target.ts';
import { withFaultPoint } from './fault-points.ts';
import { PrismaClient } from './generated/sqlite/client.ts';
import { PrismaClient as PgPrismaClient } from './generated/postgresql/client.ts';

export type Db = PrismaClient;
export type { DbTarget, Provider } from './target.ts';
export { redact, resolveTarget } from './target.ts';

// Which database a handle talks to, for the few raw queries whose SQL differs (JSON arrays).
const providers = new WeakMap<object, Provider>();

export function openDb(target: DbTarget): Db {
	let client: Db;
	if (target.provider === 'postgresql') {
		client = new PgPrismaClient({
			adapter: new PrismaPg({ connectionString: target.url })
		}) as unknown as Db;
	} else {
		mkdirSync(path.dirname(target.file), { recursive: true });
		client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.file }) });
	}
	// Only the crash tests set a fault point; otherwise this is the client itself.
	client = withFaultPoint(client);
	providers.set(client, target.provider);
	return client;
}

/** The provider of a handle opened by openDb (not of a transaction's client). */
export function providerOfDb(db: object): Provider {
	const provider = providers.get(db);
	if (!provider) throw new Error('providerOfDb: pass the handle openDb returned');
	return provider;
}

/**
 * The provider of a handle or of a transaction's client (inside `$transaction`, where
 * providerOfDb cannot see the handle): the client's own record of its generated provider.
 */
export function providerOfClient(client: object): Provider {
	const known = providers.get(client);
	if (known) return known;
	const active = (client as { _activeProvider?: unknown })._activeProvider;
	if (active === 'postgresql' || active === 'sqlite') return active;
	throw new Error('providerOfClient: not a Prisma client');
}

/**
 * Whether this is a handle openDb returned rather than a transaction's client (which, at run
 * time, also has a `$transaction` method).
 */
export function isDbHandle(db: object): boolean {
	return providers.has(db);
}

/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<
	Db,
	'$connect' | '$disconnect' | '$on' | '$transaction' | '$extends' | symbol
>;
