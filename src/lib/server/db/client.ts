// One place that knows how to open the database. SQLite (better-sqlite3) is the embedded
// default; a postgres:// URL selects PostgreSQL. Both generated clients come from the same
// source schema (prisma/sqlite/schema.prisma), so they expose the same model API; the rest of
// the code is typed against the SQLite client's types and never learns which one it holds.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { DbTarget, Provider } from './target.ts';
import { withFaultPoint } from './fault-points.ts';
import { Prisma, PrismaClient } from './generated/sqlite/client.ts';
import { PrismaClient as PgPrismaClient } from './generated/postgresql/client.ts';

export type Db = PrismaClient;
export type { DbTarget, Provider } from './target.ts';
export { redact, resolveTarget } from './target.ts';

// Which database a handle talks to, for the few raw queries whose SQL differs (JSON arrays).
const providers = new WeakMap<object, Provider>();
// PostgreSQL handles' connection pools, for the metrics (pool use) and readScalar.
const pools = new WeakMap<object, pg.Pool>();
// SQLite handles' connection (Prisma's adapter's, once it has connected), for readScalar.
const sqliteConnections = new WeakMap<object, SqliteReads>();
/** The statement cache's prepare, once Prisma's adapter has connected. */
type SqliteReads = { prepare: ((sql: string) => StatementUse) | null };

/**
 * How the app waits for the database (README, "Database connections"). Sized for the deadline
 * rush: hundreds of respondents saving at once queue for a connection instead of failing.
 */
export type DbPoolOptions = {
	/** PostgreSQL: connections this process keeps at most (default 20). */
	poolSize?: number;
	/** PostgreSQL: how long a query waits for a free connection, in ms (default 30 s). */
	connectionTimeoutMs?: number;
	/** How long one interactive transaction may run, in ms (default 15 s; Prisma's is 5 s). */
	transactionTimeoutMs?: number;
	/** How long a transaction waits to start (a connection, SQLite's writer), ms (default 30 s). */
	transactionMaxWaitMs?: number;
};

// The waits are long on purpose: at a deadline rush on PostgreSQL every save's transaction
// queues on the audit chain's head (audit/chain.ts) while it holds a connection, so the pool
// drains at the rate the head is passed on; with 10 s waits, 500 respondents at once on a small
// machine got P2028 for half their saves (bench/rush.ts). A save that waits 30 s and is kept
// beats one refused after 10 s and lost.
export const DB_POOL_DEFAULTS = {
	poolSize: 20,
	connectionTimeoutMs: 30_000,
	transactionTimeoutMs: 15_000,
	transactionMaxWaitMs: 30_000
} as const satisfies Required<DbPoolOptions>;

/**
 * The options with the defaults filled in. An unset variable arrives as `undefined`
 * (db/index.ts) and must not replace its default — spread as is, it did, and the app ran on
 * Prisma's 2 s wait and 5 s transactions and on pg's pool of 10 without a connection timeout.
 */
export function poolOptions(options: DbPoolOptions): Required<DbPoolOptions> {
	const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
	return { ...DB_POOL_DEFAULTS, ...given };
}

export function openDb(target: DbTarget, options: DbPoolOptions = {}): Db {
	const o = poolOptions(options);
	const transactionOptions = { maxWait: o.transactionMaxWaitMs, timeout: o.transactionTimeoutMs };
	let client: Db;
	let pool: pg.Pool | null = null;
	let sqlite: SqliteReads | null = null;
	if (target.provider === 'postgresql') {
		// The pool is made here (the adapter would make the same one) so that its use can be read.
		pool = new pg.Pool({
			connectionString: target.url,
			max: o.poolSize,
			connectionTimeoutMillis: o.connectionTimeoutMs
		});
		client = new PgPrismaClient({
			adapter: new PrismaPg(pool, { disposeExternalPool: true }),
			transactionOptions
		}) as unknown as Db;
	} else {
		mkdirSync(path.dirname(target.file), { recursive: true });
		sqlite = { prepare: null };
		client = new PrismaClient({
			adapter: withStatementCache(new PrismaBetterSqlite3({ url: target.file }), sqlite),
			transactionOptions
		});
	}
	// Only the crash tests set a fault point; otherwise this is the client itself.
	client = withFaultPoint(client);
	providers.set(client, target.provider);
	if (pool) pools.set(client, pool);
	if (sqlite) sqliteConnections.set(client, sqlite);
	return client;
}

/** Prepared statements kept per SQLite connection (the most recently used ones). */
const STATEMENT_CACHE_SIZE = 500;

type SqliteStatement = {
	readonly reader: boolean;
	run(...params: unknown[]): unknown;
	all(...params: unknown[]): unknown[];
	get(...params: unknown[]): unknown;
	columns(): unknown[];
	raw(on?: boolean): SqliteStatement;
};
type SqliteConnection = {
	prepare(sql: string): SqliteStatement;
	exec(sql: string): unknown;
};

/** A cached statement and, once asked for, its result columns (see cacheStatements). */
type Cached = { statement: SqliteStatement; columns: unknown[] | null; changesSchema: boolean };

/**
 * The SQLite adapter prepares every statement anew (`prepare(sql).bind(args)`), and SQLite's
 * parsing and planning of the larger statements (the rollup's) was an eighth of the server's
 * CPU in the deadline rush — on the one connection every write waits for. Statements are kept
 * by their SQL text and reused; each use gets its own parameters through a small facade (a
 * better-sqlite3 statement can be bound only once). Safe because better-sqlite3 runs each
 * statement to completion synchronously: no two uses of one statement ever overlap.
 */
function withStatementCache<F extends { connect(): Promise<unknown> }>(
	factory: F,
	reads: SqliteReads
): F {
	const connect = factory.connect.bind(factory);
	factory.connect = async () => {
		const adapter = (await connect()) as {
			client: SqliteConnection;
			dispose(): Promise<void>;
		};
		reads.prepare = cacheStatements(adapter.client);
		// $disconnect closes the connection; the next query connects anew (and sets it again).
		const dispose = adapter.dispose.bind(adapter);
		adapter.dispose = () => {
			reads.prepare = null;
			return dispose();
		};
		return adapter;
	};
	return factory;
}

/** Statements that can change a table's columns, and so what a kept statement reads. */
const SCHEMA_CHANGE = /^\s*(CREATE|ALTER|DROP)\b/i;

function cacheStatements(connection: SqliteConnection) {
	const prepare = connection.prepare.bind(connection);
	const exec = connection.exec.bind(connection);
	const cache = new Map<string, Cached>();
	// The adapter asks every reading statement for its columns (names and declared types) on
	// every use, and better-sqlite3 builds them anew each time: 4–6 % of the notice page's CPU
	// (bench/ssr.ts). They are the statement's, so they are kept beside it, and go with it when
	// it is evicted.
	// A schema change on this connection forgets every statement: a kept statement is prepared
	// again by SQLite only when it next steps, after the adapter has read its columns, so a
	// `SELECT *` would name the columns the table had before (statement-cache.db.spec.ts).
	// Migrations run on a connection of their own (migrate.ts) before this one prepares anything.
	const forget = () => cache.clear();
	connection.exec = (sql: string) => {
		forget();
		return exec(sql);
	};
	connection.prepare = (sql: string) => {
		let cached = cache.get(sql);
		if (cached)
			cache.delete(sql); // re-inserted below: the Map's order is the LRU order
		else {
			const changesSchema = SCHEMA_CHANGE.test(sql);
			cached = { statement: prepare(sql), columns: null, changesSchema };
			if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
		}
		cache.set(sql, cached);
		return useOf(cached, forget);
	};
	return connection.prepare as (sql: string) => StatementUse;
}

type StatementUse = ReturnType<typeof useOf>;

/** One use of a cached statement, with the methods the adapter calls. */
function useOf(cached: Cached, forget: () => void) {
	const { statement } = cached;
	let params: unknown[] = [];
	// Raw mode is the statement's, not the use's: set for each use that reads.
	let raw = false;
	const rows = () => (statement.reader ? statement.raw(raw) : statement);
	const use = {
		get reader() {
			return statement.reader;
		},
		bind(...args: unknown[]) {
			params = args;
			return use;
		},
		raw(on = true) {
			raw = on;
			return use;
		},
		// The adapter only reads them (names and declared types), so one array serves every use.
		columns: () => (cached.columns ??= statement.columns()),
		run: () => {
			if (!cached.changesSchema) return statement.run(...params);
			try {
				return statement.run(...params);
			} finally {
				forget();
			}
		},
		all: () => rows().all(...params),
		get: () => rows().get(...params)
	};
	return use;
}

/**
 * The first column of the first row of a read (null without rows), through the bare driver on
 * the connection Prisma itself uses: for the few hot reads that return one JSON text (the
 * dashboards, reports/dashboard-read.ts), where `$queryRaw`'s request pipeline and row
 * conversion cost more than the database's own work (bench/dashboards.ts). SQLite reuses the
 * statement cache above; PostgreSQL takes a connection of the same pool. Same visibility as a
 * `$queryRaw` outside a transaction: Prisma's SQLite adapter also runs those on its one
 * connection without waiting for an open transaction. A transaction's client, or a value the
 * driver would bind differently from Prisma, goes through `$queryRaw` as before. The value is
 * the driver's (SQLite integers as bigint, as Prisma's adapter reads them).
 */
export async function readScalar(db: Db, query: Prisma.Sql): Promise<unknown> {
	const sqlite = sqliteConnections.get(db);
	const pool = pools.get(db);
	if (sqlite && query.values.every(bindable)) {
		if (!sqlite.prepare) await db.$connect(); // Prisma connects on first use
		if (sqlite.prepare) {
			const row = sqlite
				.prepare(plannedOnce(query))
				.bind(...query.values.map(sqliteArg))
				.raw(true)
				.get() as unknown[] | undefined;
			return row ? row[0] : null;
		}
	} else if (pool && query.values.every(bindable)) {
		const result = await pool.query({
			name: preparedName(query.text),
			text: query.text,
			values: query.values,
			rowMode: 'array'
		});
		return result.rows.length > 0 ? (result.rows[0] as unknown[])[0] : null;
	}
	const [row] = await db.$queryRaw<Record<string, unknown>[]>(query);
	return row ? Object.values(row)[0] : null;
}

/**
 * The statement's SQLite text with each value as `+?`, not `?`. SQLite re-plans a statement whose
 * plan a bound value might change: it marks such values while planning, and prepares the whole
 * statement again on the first run after one of them is bound. A bare `?` that a statement over
 * several tables compares with an indexed column is one — the notice id joined to its version,
 * the issuer's organization in access-sql.ts's rule — so every dashboard statement was prepared
 * anew on every request: an issuer's progress panel took 0.98 ms at x10, 0.43 ms with `+?`
 * (bench/dashboards.ts measures a viewer). `+?` is the same value with the same (no) affinity, and
 * SQLite does not mark it; the plans stay the ones it picks for any value (lookups by key).
 */
const plannedOnce = (query: Prisma.Sql) => query.strings.join('+?');

/**
 * A value a hot raw read compares with an indexed column (`WHERE s."id" = ${keyValue(db, id)}`),
 * bound so that SQLite keeps the statement's plan: plannedOnce's rule for a statement that goes
 * through `$queryRaw`, or a fragment (access-sql.ts) that may go either way (readScalar's
 * `++?` is the same value). With a bare `?` there, SQLite prepared the
 * statement anew — parsed and planned it — on every step after a new binding (perf:
 * sqlite3Reprepare under sqlite3_step), so the statement cache saved nothing: three quarters of
 * the session read's CPU. Unary plus is a no-op on any value and leaves the comparison's
 * affinity and the index's use as they were (EXPLAIN QUERY PLAN is the same). PostgreSQL has no
 * unary plus for text, and needs none.
 */
export function keyValue(db: object, value: string): Prisma.Sql {
	return providerOfClient(db) === 'sqlite' ? Prisma.sql`+${value}` : Prisma.sql`${value}`;
}

/**
 * PostgreSQL names for readScalar's statements, by their text. An unnamed statement is parsed
 * and planned anew on every use: for the notice page's read (reading-sql.ts) that was ~1 ms of
 * the database server's CPU per view against 0.18 ms of execution (bench/ssr.ts, x10); a named
 * one is prepared once per connection and its plan kept. Bounded, because each connection keeps
 * every statement it prepared: texts past the bound go unnamed, as before.
 */
const preparedNames = new Map<string, string>();
const PREPARED_KEPT = 200;

function preparedName(text: string): string | undefined {
	let name = preparedNames.get(text);
	if (name === undefined && preparedNames.size < PREPARED_KEPT) {
		name = `kairan_read_${preparedNames.size + 1}`;
		preparedNames.set(text, name);
	}
	return name;
}

/** Values both drivers bind as Prisma's adapters do (anything else takes `$queryRaw`). */
const bindable = (v: unknown) =>
	v === null ||
	typeof v === 'string' ||
	typeof v === 'number' ||
	typeof v === 'bigint' ||
	typeof v === 'boolean';
/** As Prisma's SQLite adapter binds it: SQLite has no booleans. */
const sqliteArg = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Connections of a PostgreSQL handle's pool; null for SQLite (no pool). */
export function poolStats(db: object): { total: number; idle: number; waiting: number } | null {
	const pool = pools.get(db);
	return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/**
 * The provider of a handle opened by openDb, or of a transaction's client (Prisma's clients and
 * their transactions say which connector they run on).
 */
export function providerOfDb(db: object): Provider {
	const provider = providers.get(db) ?? (db as { _activeProvider?: string })._activeProvider;
	if (provider !== 'sqlite' && provider !== 'postgresql')
		throw new Error('providerOfDb: pass a Prisma client or transaction');
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
