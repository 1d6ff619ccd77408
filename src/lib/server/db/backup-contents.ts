// What a backup's manifest says of the rows: a count and a SHA-256 per table, in key order,
// computed the same way for the live database, the backup's copy and the restored one. Separate
// from backup.ts and restore.ts, which both compare against it, and from the files (backup-files.ts).
import Database from 'better-sqlite3';
import pg from 'pg';
import { createHash } from 'node:crypto';
import type { DbTarget } from './target.ts';

export type TableContents = Record<string, { rows: number; sha256: string }>;

/** Tables and their key columns (every column when a table has no primary key). */
function sqliteTables(db: Database.Database) {
	const names = (
		db
			.prepare(
				`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
			)
			.all() as { name: string }[]
	).map((t) => t.name);
	return names.map((name) => {
		const columns = db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(name) as {
			name: string;
			pk: number;
		}[];
		const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
		return { name, key: (key.length ? key : columns).map((c) => c.name) };
	});
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function sqliteContents(db: Database.Database): TableContents {
	const out: TableContents = {};
	for (const table of sqliteTables(db)) {
		const hash = createHash('sha256');
		let rows = 0;
		const query = db
			.prepare(`SELECT * FROM ${quote(table.name)} ORDER BY ${table.key.map(quote).join(', ')}`)
			.raw(true);
		for (const row of query.iterate() as Iterable<unknown[]>) {
			hash.update(JSON.stringify(row)).update('\n');
			rows++;
		}
		out[table.name] = { rows, sha256: hash.digest('hex') };
	}
	return out;
}

/** Inside the caller's transaction (the snapshot being dumped); streams through a cursor. */
export async function pgContents(client: pg.Client): Promise<TableContents> {
	const tables = (
		await client.query<{ name: string; key: string[] | null }>(
			`SELECT c.relname AS name,
				(SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
				 FROM pg_index i
				 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
				 WHERE i.indrelid = c.oid AND i.indisprimary) AS key
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind = 'r' AND n.nspname = current_schema()
			ORDER BY c.relname`
		)
	).rows;
	const out: TableContents = {};
	for (const table of tables) {
		const order = table.key?.length ? table.key.map(quote).join(', ') : 't::text';
		await client.query(
			`DECLARE kairan_rows NO SCROLL CURSOR FOR
			 SELECT row_to_json(t)::text AS j FROM ${quote(table.name)} t ORDER BY ${order}`
		);
		const hash = createHash('sha256');
		let rows = 0;
		for (;;) {
			const batch = await client.query<{ j: string }>('FETCH 2000 FROM kairan_rows');
			for (const r of batch.rows) hash.update(r.j).update('\n');
			rows += batch.rows.length;
			if (batch.rows.length < 2000) break;
		}
		await client.query('CLOSE kairan_rows');
		out[table.name] = { rows, sha256: hash.digest('hex') };
	}
	return out;
}

/** The rows of a database as a manifest describes them (for checks and tests). */
export async function databaseContents(target: DbTarget): Promise<TableContents> {
	if (target.provider === 'sqlite') {
		const db = new Database(target.file, { readonly: true, fileMustExist: true });
		try {
			return sqliteContents(db);
		} finally {
			db.close();
		}
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	try {
		await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
		const contents = await pgContents(client);
		await client.query('COMMIT');
		return contents;
	} finally {
		await client.end();
	}
}
