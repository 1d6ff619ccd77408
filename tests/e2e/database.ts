// The browser tests' server database, read directly (read-only) to prove that a refused request
// changed nothing, and to find ids the pages do not show (departments, items, recipients).
import { createHash } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';

/** playwright.config.ts serves test-results/e2e-data; the SQLite file is kairan.db in it. */
const FILE = path.resolve(import.meta.dirname, '../../test-results/e2e-data/kairan.db');

/**
 * Tables a request may write without changing anything a person owns: the session row (its
 * expiry slides while it is used), and — on branches where they exist — the sign-in throttle's
 * counters and the audit trail, where a refusal may itself be recorded as a security event
 * (issue 11 §4). Every other table must be byte-for-byte the same after a refused request.
 */
const MAY_CHANGE =
	/^(_prisma_migrations|sqlite_.*|Session|AuditEvent|AuditChainHead|.*(Throttle|RateLimit|Attempt).*)$/i;

export type Snapshot = Record<string, { rows: number; sha256: string }>;

export class ServerDatabase {
	readonly db: Database.Database;
	private version = -1;

	constructor() {
		this.db = new Database(FILE, { readonly: true, fileMustExist: true });
	}

	close() {
		this.db.close();
	}

	/** Every table's row count and a hash of all its rows in primary-key order. */
	snapshot(): Snapshot {
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
			out[table] = { rows, sha256: hash.digest('hex') };
		}
		return out;
	}

	/**
	 * Whether another connection (the server) committed anything since the last call: SQLite's
	 * data_version, cheap enough to read after every request.
	 */
	written(): boolean {
		const v = this.db.pragma('data_version', { simple: true }) as number;
		const changed = v !== this.version;
		this.version = v;
		return changed;
	}

	/** A snapshot once the server has stopped writing (the mail worker drains its outbox). */
	async settled(): Promise<Snapshot> {
		let last = JSON.stringify(this.snapshot());
		for (;;) {
			await new Promise((r) => setTimeout(r, 300));
			const next = JSON.stringify(this.snapshot());
			if (next === last) return JSON.parse(next) as Snapshot;
			last = next;
		}
	}

	get<T>(sql: string, ...params: unknown[]): T {
		const row = this.db.prepare(sql).get(...params);
		if (row === undefined) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
		return row as T;
	}
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
	return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
		(t) => JSON.stringify(before[t]) !== JSON.stringify(after[t])
	);
}
