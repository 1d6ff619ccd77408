// Plain SQL on a test database of either provider, for writing rows the way an older release
// wrote them: the current Prisma client describes the current schema and cannot write into an
// older one. Values are converted as Prisma's adapters store them (SQLite: ISO-8601 text for
// dates, 0/1 for booleans, JSON as text; PostgreSQL: native types).
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DbTarget } from '../../../src/lib/server/db/client.ts';

export type Value = string | number | boolean | Date | null | object;
export type Row = Record<string, Value>;

export type RawDb = {
	provider: DbTarget['provider'];
	insert(table: string, rows: Row[]): Promise<void>;
	query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
	close(): Promise<void>;
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function openRaw(target: DbTarget): Promise<RawDb> {
	if (target.provider === 'sqlite') {
		const db = new Database(target.file);
		const value = (v: Value) =>
			v instanceof Date
				? v.toISOString()
				: typeof v === 'boolean'
					? Number(v)
					: v !== null && typeof v === 'object'
						? JSON.stringify(v)
						: v;
		return {
			provider: 'sqlite',
			async insert(table, rows) {
				db.transaction(() => {
					for (const row of rows) {
						const keys = Object.keys(row);
						db.prepare(
							`INSERT INTO ${quote(table)} (${keys.map(quote).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`
						).run(...keys.map((k) => value(row[k])));
					}
				})();
			},
			async query<T>(sql: string, params: unknown[] = []) {
				return db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as T[];
			},
			async close() {
				db.close();
			}
		};
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	const value = (v: Value) =>
		v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v;
	return {
		provider: 'postgresql',
		async insert(table, rows) {
			await client.query('BEGIN');
			try {
				for (const row of rows) {
					const keys = Object.keys(row);
					await client.query(
						`INSERT INTO ${quote(table)} (${keys.map(quote).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
						keys.map((k) => value(row[k]))
					);
				}
				await client.query('COMMIT');
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
		},
		async query<T>(sql: string, params: unknown[] = []) {
			return (await client.query(sql, params)).rows as T[];
		},
		async close() {
			await client.end();
		}
	};
}
