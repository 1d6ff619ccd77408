// Dev-time access to Prisma's schema engine, in its WebAssembly build, so that migration SQL
// can be generated and checked on machines where the Prisma CLI cannot download its native
// engine. This API is not a public one: it is only used by scripts/db-migration.ts and by the
// schema-drift test, never by the running app (which applies migrations itself, see
// src/lib/server/db/migrate.ts).
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
	SqlDriverAdapter,
	SqlMigrationAwareDriverAdapterFactory
} from '@prisma/driver-adapter-utils';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';
export const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];

export function schemaPath(root: string, provider: Provider) {
	return path.join(root, 'prisma', provider, 'schema.prisma');
}
export function migrationsDir(root: string, provider: Provider) {
	return path.join(root, 'prisma', provider, 'migrations');
}

/** Connection settings for the PostgreSQL shadow database the engine replays migrations in. */
export type PgTarget = { host: string; port: number; user: string; database: string };

/**
 * The engine's shadow database replays a whole migration script through `executeRaw`, which
 * better-sqlite3 runs one statement at a time; route multi-statement scripts to `executeScript`.
 */
function sqliteFactory(opened: SqlDriverAdapter[]): SqlMigrationAwareDriverAdapterFactory {
	const base = new PrismaBetterSqlite3({ url: ':memory:' });
	const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
		opened.push(adapter);
		const executeRaw = adapter.executeRaw.bind(adapter);
		adapter.executeRaw = async (query) => {
			if (query.args.length === 0 && query.sql.trim().replace(/;\s*$/, '').includes(';')) {
				await adapter.executeScript(query.sql);
				return 0;
			}
			return executeRaw(query);
		};
		return adapter;
	};
	return {
		provider: base.provider,
		adapterName: base.adapterName,
		connect: async () => patch(await base.connect()),
		connectToShadowDb: async () => patch(await base.connect())
	} as SqlMigrationAwareDriverAdapterFactory;
}

/**
 * The engine replays migrations in a shadow database. PrismaPg's own shadow handling creates
 * and drops a database while its pool still holds a connection to it, so we hand the engine
 * the caller's throwaway database as both main and shadow (it is empty and dropped after).
 * Host, user and database are passed separately on purpose: with a connectionString the
 * adapter's shadow database silently becomes the main one.
 */
function pgFactory(
	pg: PgTarget,
	opened: SqlDriverAdapter[]
): SqlMigrationAwareDriverAdapterFactory {
	const connect = async () => {
		const adapter = wholeScripts(readCharAsText(await new PrismaPg({ ...pg }).connect()));
		opened.push(adapter);
		return adapter;
	};
	const base = new PrismaPg({ ...pg });
	return {
		provider: base.provider,
		adapterName: base.adapterName,
		connect,
		connectToShadowDb: connect
	} as SqlMigrationAwareDriverAdapterFactory;
}

/**
 * adapter-pg's executeScript splits a script at every `;`, which cuts a function body written
 * between `$$` quotes (the audit trail's append-only trigger) into pieces that do not parse.
 * PostgreSQL's simple query protocol runs a whole multi-statement script in one call.
 */
function wholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
	type Raw = {
		client: { query(sql: string): Promise<unknown> };
		onError(error: unknown): never;
	};
	const raw = adapter as unknown as Raw;
	adapter.executeScript = async (script) => {
		try {
			await raw.client.query(script);
		} catch (error) {
			raw.onError(error);
		}
	};
	return adapter;
}

/**
 * The engine's introspection reads catalog columns of Postgres' one-byte `"char"` type
 * (OID 18), which adapter-pg refuses to decode; pg already returns them as strings, so
 * describing them as text (OID 25) is exact.
 */
function readCharAsText(adapter: SqlDriverAdapter): SqlDriverAdapter {
	type Io = { performIO(query: unknown): Promise<{ fields: { dataTypeID: number }[] }> };
	const io = adapter as unknown as Io;
	const performIO = io.performIO.bind(io);
	io.performIO = async (query) => {
		const result = await performIO(query);
		for (const field of result.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
		return result;
	};
	return adapter;
}

export function readMigrations(root: string, provider: Provider) {
	const baseDir = migrationsDir(root, provider);
	const names = existsSync(baseDir)
		? readdirSync(baseDir, { withFileTypes: true })
				.filter((d) => d.isDirectory())
				.map((d) => d.name)
				.sort()
		: [];
	return {
		baseDir,
		names,
		target: {
			tag: 'migrations' as const,
			baseDir,
			lockfile: {
				path: 'migration_lock.toml',
				content: existsSync(path.join(baseDir, 'migration_lock.toml'))
					? readFileSync(path.join(baseDir, 'migration_lock.toml'), 'utf8')
					: null
			},
			shadowDbInitScript: '',
			migrationDirectories: names.map((name) => ({
				path: name,
				migrationFile: {
					path: 'migration.sql',
					content: {
						tag: 'ok',
						value: readFileSync(path.join(baseDir, name, 'migration.sql'), 'utf8')
					}
				}
			}))
		}
	};
}

/**
 * The SQL that takes a database from the state of the committed migrations to the state the
 * schema describes: empty when they agree.
 */
export async function pendingSql(
	root: string,
	provider: Provider,
	pg?: PgTarget,
	/** Schema text to compare instead of the file (tests use it to prove drift is caught). */
	schemaText?: string
): Promise<string> {
	const file = schemaPath(root, provider);
	const content = schemaText ?? readFileSync(file, 'utf8');
	// Every connection the engine opens is closed afterwards: an open pool keeps the process alive.
	const opened: SqlDriverAdapter[] = [];
	const factory =
		provider === 'sqlite' ? sqliteFactory(opened) : pgFactory(pg ?? defaultPg(), opened);
	const engine = await SchemaEngine.new(
		{ datamodels: [[file, content]] },
		() => {},
		bindMigrationAwareSqlAdapterFactory(factory)
	);
	try {
		const migrations = readMigrations(root, provider);
		const result = await engine.diff({
			from: migrations.names.length > 0 ? migrations.target : { tag: 'empty' },
			to: { tag: 'schemaDatamodel', files: [{ path: file, content }] },
			script: true,
			exitCode: null,
			filters: { externalTables: [], externalEnums: [] }
		} as Parameters<SchemaEngine['diff']>[0]);
		return stripEmpty(result.stdout ?? '');
	} finally {
		engine.free();
		await Promise.all(opened.map((adapter) => adapter.dispose().catch(() => {})));
	}
}

/** The engine prints a comment for an empty migration; treat that as no SQL. */
function stripEmpty(sql: string): string {
	const meaningful = sql
		.split('\n')
		.filter((line) => line.trim() !== '' && !line.trim().startsWith('--'));
	return meaningful.length === 0 ? '' : sql;
}

function defaultPg(): PgTarget {
	return { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };
}
