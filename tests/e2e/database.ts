// The browser tests' server database, read directly (read-only) to prove that a refused request
// changed nothing, and to find ids the pages do not show (departments, items, recipients). The
// project decides which: the SQLite file of the `chromium` server, or the PostgreSQL database of
// the `postgresql` one (playwright.config.ts, servers.ts).
//
// SQL passed to `get` is written once for both: identifiers in double quotes ("User",
// "departmentId"), parameters as `?`.
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { serverKind } from './helpers.ts';
import { dataDirOf, pgUrl } from './servers.ts';

/**
 * Tables a request may write without changing anything a person owns: the session row (its
 * expiry slides while it is used), and — on branches where they exist — the sign-in throttle's
 * counters and the audit trail, where a refusal may itself be recorded as a security event
 * (issue 11 §4). Every other table must be the same, row for row, after a refused request.
 */
const MAY_CHANGE =
	/^(_prisma_migrations|sqlite_.*|Session|AuditEvent|AuditChainHead|.*(Throttle|RateLimit|Attempt).*)$/i;

export type Snapshot = Record<string, { rows: number; hash: string }>;

export interface ServerDatabase {
	/** The first row of a query; throws when there is none. */
	get<T>(sql: string, ...params: unknown[]): Promise<T>;
	/** Every table's row count and a hash of all its rows. */
	snapshot(): Promise<Snapshot>;
	/**
	 * Whether the server may have written since the last call: exact on SQLite (data_version),
	 * always true on PostgreSQL (where the snapshot itself is one cheap query).
	 */
	written(): Promise<boolean>;
	/** A snapshot once the server has stopped writing (the mail worker drains its outbox). */
	settled(): Promise<Snapshot>;
	close(): Promise<void>;
}

/** The database of the server the running test talks to. */
export async function openServerDatabase(): Promise<ServerDatabase> {
	if (serverKind() === 'postgresql') {
		const client = new pg.Client({ connectionString: pgUrl() });
		await client.connect();
		return new PgDatabase(client);
	}
	return new SqliteDatabase(path.join(dataDirOf('sqlite'), 'kairan.db'));
}

abstract class Base {
	abstract snapshot(): Promise<Snapshot>;
	async settled(): Promise<Snapshot> {
		let last = JSON.stringify(await this.snapshot());
		for (;;) {
			await new Promise((r) => setTimeout(r, 300));
			const next = JSON.stringify(await this.snapshot());
			if (next === last) return JSON.parse(next) as Snapshot;
			last = next;
		}
	}
}

class SqliteDatabase extends Base implements ServerDatabase {
	private readonly db: Database.Database;
	private version = -1;

	constructor(file: string) {
		super();
		this.db = new Database(file, { readonly: true, fileMustExist: true });
	}

	async close() {
		this.db.close();
	}

	async snapshot(): Promise<Snapshot> {
		const tables = this.db
			.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
			.pluck()
			.all() as string[];
		const out: Snapshot = {};
		for (const table of tables) {
			if (MAY_CHANGE.test(table)) continue;
			const hash = createHash('sha256');
			let rows = 0;
			for (const row of this.db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).raw().iterate()) {
				hash.update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));
				hash.update('\n');
				rows++;
			}
			out[table] = { rows, hash: hash.digest('hex') };
		}
		return out;
	}

	async written(): Promise<boolean> {
		// Another connection's commit (the server's) changes SQLite's data_version.
		const v = this.db.pragma('data_version', { simple: true }) as number;
		const changed = v !== this.version;
		this.version = v;
		return changed;
	}

	async get<T>(sql: string, ...params: unknown[]): Promise<T> {
		const row = this.db.prepare(sql).get(...params);
		if (row === undefined) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
		return row as T;
	}
}

class PgDatabase extends Base implements ServerDatabase {
	private hashQuery: string | null = null;

	constructor(private readonly client: pg.Client) {
		super();
	}

	async close() {
		await this.client.end();
	}

	/** One statement: every table's count and the md5 of its rows' text, in a stable order. */
	async snapshot(): Promise<Snapshot> {
		if (!this.hashQuery) {
			const { rows } = await this.client.query<{ name: string }>(
				`SELECT table_name AS name FROM information_schema.tables
				 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
			);
			const tables = rows.map((r) => r.name).filter((t) => !MAY_CHANGE.test(t));
			this.hashQuery = tables
				.map(
					(t) =>
						`SELECT '${t}' AS name, count(*)::int AS rows,
						 md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS hash
						 FROM "${t}" r`
				)
				.join(' UNION ALL ');
		}
		const { rows } = await this.client.query<{ name: string; rows: number; hash: string }>(
			this.hashQuery
		);
		return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, hash: r.hash }]));
	}

	async written(): Promise<boolean> {
		return true;
	}

	async get<T>(sql: string, ...params: unknown[]): Promise<T> {
		let n = 0;
		const { rows } = await this.client.query(
			sql.replace(/\?/g, () => `$${++n}`),
			params
		);
		if (rows.length === 0) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
		return rows[0] as T;
	}
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
	return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
		(t) => JSON.stringify(before[t]) !== JSON.stringify(after[t])
	);
}
