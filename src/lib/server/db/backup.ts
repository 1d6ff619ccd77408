// Backups of the whole of Kairan's state — the database and the attachment files — into one
// directory with a manifest, and their restoration. Run by `npm run db:backup` and
// `npm run db:restore` (scripts/), directly by Node: plain TypeScript, no Prisma.
//
// A backup is consistent while the app keeps serving:
// - SQLite: SQLite's online backup API (better-sqlite3's db.backup) copies a snapshot of the
//   live file, WAL included; the manifest is computed from that copy.
// - PostgreSQL: a REPEATABLE READ transaction exports its snapshot, pg_dump (custom format)
//   dumps exactly that snapshot (--snapshot), and the manifest is computed inside it.
// - Attachments live in the database (StoredBlob/BlobChunk) and so are in the snapshot. Files
//   under <data dir>/blobs are those of an earlier release not yet imported by a start (or put
//   back by restoring an older backup): they are copied after the snapshot, so every attachment
//   the snapshot refers to is in it or among the files (checked); the next start imports them.
// The manifest (manifest.json, written last: a directory without one is not a backup) holds
// each table's row count and a SHA-256 of its rows in key order, the database file's SHA-256,
// and every attachment file's. A restore checks the files against it first, and the restored
// database's rows against it afterwards.
import Database from 'better-sqlite3';
import pg from 'pg';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { redact, type DbTarget, type Provider } from './target.ts';

const run = promisify(execFile);

export const BACKUP_FORMAT = 'kairan-backup/1';
const SQLITE_FILE = 'database.sqlite';
const PG_FILE = 'database.pgdump';

export type TableContents = Record<string, { rows: number; sha256: string }>;

export type Manifest = {
	format: typeof BACKUP_FORMAT;
	createdAt: string;
	provider: Provider;
	database: { file: string; bytes: number; sha256: string };
	tables: TableContents;
	/** Attachment files, by their path under blobs/ (the name is the content's SHA-256). */
	blobs: { path: string; bytes: number }[];
};

export type Tools = { pgDump?: string; pgRestore?: string };

export class BackupError extends Error {}

// ---------------------------------------------------------------------------------------------
// Row contents: count and digest per table, computed the same way for the source and the copy.

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

function sqliteContents(db: Database.Database): TableContents {
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
async function pgContents(client: pg.Client): Promise<TableContents> {
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

// ---------------------------------------------------------------------------------------------
// Files.

async function fileSha256(file: string): Promise<{ sha256: string; bytes: number }> {
	const hash = createHash('sha256');
	let bytes = 0;
	for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
		hash.update(chunk);
		bytes += chunk.length;
	}
	return { sha256: hash.digest('hex'), bytes };
}

/** Attachment files under a blobs/ directory, as relative paths `ab/abcdef…`. */
async function listBlobs(blobsDir: string): Promise<string[]> {
	if (!existsSync(blobsDir)) return [];
	const out: string[] = [];
	for (const fan of (await readdir(blobsDir)).sort()) {
		if (!/^[0-9a-f]{2}$/.test(fan)) continue;
		for (const name of (await readdir(path.join(blobsDir, fan))).sort()) {
			// Half-written files (name.<uuid>.tmp) are not attachments yet.
			if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(fan)) out.push(`${fan}/${name}`);
		}
	}
	return out;
}

/** Copies blobs whose content matches their name; a mismatch is a damaged file: refused. */
async function copyBlobs(from: string, to: string, names: string[]) {
	const copied: { path: string; bytes: number }[] = [];
	for (const name of names) {
		const source = path.join(from, name);
		const { sha256, bytes } = await fileSha256(source);
		if (sha256 !== path.basename(name))
			throw new BackupError(`attachment file ${source} does not match its hash (damaged)`);
		const dest = path.join(to, name);
		await mkdir(path.dirname(dest), { recursive: true });
		const present = await fileSha256(dest).catch(() => null);
		if (present?.sha256 !== sha256) {
			await copyFile(source, `${dest}.restore.tmp`);
			await rename(`${dest}.restore.tmp`, dest);
		}
		copied.push({ path: name, bytes });
	}
	return copied;
}

async function pgMajor(client: pg.Client) {
	const { rows } = await client.query<{ v: string }>('SHOW server_version_num');
	return Math.floor(Number(rows[0].v) / 10000);
}

async function toolMajor(tool: string) {
	const { stdout } = await run(tool, ['--version']).catch((error: Error) => {
		throw new BackupError(`${tool} is not available (${error.message})`);
	});
	const m = /(\d+)(?:\.\d+)?/.exec(stdout);
	if (!m) throw new BackupError(`cannot read the version of ${tool}: ${stdout}`);
	return Number(m[1]);
}

// ---------------------------------------------------------------------------------------------
// Backup.

export type BackupOptions = {
	target: DbTarget;
	/** KAIRAN_DATA_DIR: attachments are under its blobs/. */
	dataDir: string;
	/** The backup goes into a new directory kairan-<time> inside this one. */
	outDir: string;
	now?: Date;
	tools?: Tools;
};

export async function backup(o: BackupOptions): Promise<{ dir: string; manifest: Manifest }> {
	const now = o.now ?? new Date();
	const dir = path.resolve(o.outDir, `kairan-${now.toISOString().replace(/[:.]/g, '-')}`);
	await mkdir(o.outDir, { recursive: true });
	await mkdir(dir); // fails if it exists: never mixes two backups
	try {
		return await backupInto(dir, now, o);
	} catch (error) {
		// A failed backup leaves nothing that could be mistaken for one.
		await rm(dir, { recursive: true, force: true });
		throw error;
	}
}

async function backupInto(dir: string, now: Date, o: BackupOptions) {
	let database: Manifest['database'];
	let tables: TableContents;
	let attachments: string[];
	if (o.target.provider === 'sqlite') {
		const file = path.join(dir, SQLITE_FILE);
		const live = new Database(o.target.file, { readonly: true, fileMustExist: true });
		try {
			// All pages in one step, inside one read transaction: a snapshot. SQLite restarts a
			// stepwise backup whenever another connection writes, which a busy server does all
			// the time; in WAL mode this one read blocks no writer.
			await live.backup(file, { progress: () => 0x7fffffff });
		} finally {
			live.close();
		}
		const copy = new Database(file);
		try {
			// A self-contained file: no -wal/-shm beside it (the app turns WAL on again at start).
			copy.pragma('journal_mode = DELETE');
			tables = sqliteContents(copy);
			const blobTable = copy
				.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'StoredBlob'`)
				.get();
			attachments = attachmentHashes(
				copy.prepare(attachmentsOutsideDatabase(Boolean(blobTable))).all() as { h: string }[]
			);
		} finally {
			copy.close();
		}
		database = { file: SQLITE_FILE, ...(await fileSha256(file)) };
	} else {
		const url = o.target.url;
		const pgDump = o.tools?.pgDump ?? process.env.PG_DUMP ?? 'pg_dump';
		const file = path.join(dir, PG_FILE);
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		try {
			const [server, tool] = [await pgMajor(client), await toolMajor(pgDump)];
			if (tool < server)
				throw new BackupError(
					`${pgDump} is version ${tool} but the server is ${server}: install pg_dump ${server} or newer (or set PG_DUMP)`
				);
			await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
			const { rows } = await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s');
			await run(
				pgDump,
				['--format=custom', `--snapshot=${rows[0].s}`, `--file=${file}`, `--dbname=${url}`],
				{ maxBuffer: 16 * 1024 * 1024 }
			).catch((error: Error & { stderr?: string }) => {
				throw new BackupError(`pg_dump of ${redact(url)} failed: ${error.stderr || error.message}`);
			});
			tables = await pgContents(client);
			const { rows: blobTable } = await client.query<{ t: string | null }>(
				`SELECT to_regclass('"StoredBlob"')::text AS t`
			);
			attachments = attachmentHashes(
				(await client.query<{ h: string }>(attachmentsOutsideDatabase(Boolean(blobTable[0].t))))
					.rows
			);
			await client.query('COMMIT');
		} finally {
			await client.end();
		}
		database = { file: PG_FILE, ...(await fileSha256(file)) };
	}

	const blobsDir = path.resolve(o.dataDir, 'blobs');
	const names = await listBlobs(blobsDir);
	const present = new Set(names.map((n) => path.basename(n)));
	const missing = attachments.filter((h) => !present.has(h));
	if (missing.length)
		throw new BackupError(
			`${missing.length} attachment file(s) the database refers to are missing from ${blobsDir}, e.g. ${missing[0]}`
		);
	const blobs = await copyBlobs(blobsDir, path.join(dir, 'blobs'), names);

	const manifest: Manifest = {
		format: BACKUP_FORMAT,
		createdAt: now.toISOString(),
		provider: o.target.provider,
		database,
		tables,
		blobs
	};
	await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
	return { dir, manifest };
}

const attachmentHashes = (rows: { h: string }[]) => rows.map((r) => r.h);

/** Attachments whose bytes are not in the database (all of them before the blob tables). */
const attachmentsOutsideDatabase = (blobTable: boolean) =>
	blobTable
		? `SELECT DISTINCT a."sha256" AS h FROM "Attachment" a
			WHERE NOT EXISTS (SELECT 1 FROM "StoredBlob" b WHERE b."sha256" = a."sha256")`
		: 'SELECT DISTINCT "sha256" AS h FROM "Attachment"';

// ---------------------------------------------------------------------------------------------
// Restore.

/** Reads a backup's manifest and checks every file in it; throws naming the first bad one. */
export async function verifyBackup(dir: string): Promise<Manifest> {
	const text = await readFile(path.join(dir, 'manifest.json'), 'utf8').catch(() => {
		throw new BackupError(`${dir} has no manifest.json: not a complete backup`);
	});
	const manifest = JSON.parse(text) as Manifest;
	if (manifest.format !== BACKUP_FORMAT)
		throw new BackupError(`unknown backup format ${JSON.stringify(manifest.format)}`);
	const db = await fileSha256(path.join(dir, manifest.database.file)).catch(() => null);
	if (db?.sha256 !== manifest.database.sha256)
		throw new BackupError(`${manifest.database.file} is missing or does not match the manifest`);
	for (const blob of manifest.blobs) {
		const found = await fileSha256(path.join(dir, 'blobs', blob.path)).catch(() => null);
		if (found?.sha256 !== path.basename(blob.path) || found.bytes !== blob.bytes)
			throw new BackupError(`blobs/${blob.path} is missing or damaged`);
	}
	return manifest;
}

export type RestoreOptions = {
	/** Where to restore: a SQLite file, or an existing (empty) PostgreSQL database. */
	target: DbTarget;
	dataDir: string;
	/** The backup directory (kairan-<time>). */
	from: string;
	/** Replace a database that already has tables. */
	force?: boolean;
	tools?: Tools;
};

/**
 * Restores a backup into the target; the app must not be running on it. Checks the backup's
 * files first and the restored rows afterwards (row counts and digests per table).
 */
export async function restore(o: RestoreOptions): Promise<Manifest> {
	const manifest = await verifyBackup(o.from);
	if (manifest.provider !== o.target.provider)
		throw new BackupError(
			`this backup is of a ${manifest.provider} database; the target is ${o.target.provider}`
		);
	const source = path.join(o.from, manifest.database.file);
	if (o.target.provider === 'sqlite') {
		const file = o.target.file;
		if (existsSync(file) && (await stat(file)).size > 0 && !o.force)
			throw new BackupError(`${file} exists; pass --force to replace it`);
		await mkdir(path.dirname(file), { recursive: true });
		const tmp = `${file}.restore.tmp`;
		await copyFile(source, tmp);
		// A write-ahead log left by the replaced database would be replayed onto this one.
		await rm(`${file}-wal`, { force: true });
		await rm(`${file}-shm`, { force: true });
		await rename(tmp, file);
	} else {
		const pgRestore = o.tools?.pgRestore ?? process.env.PG_RESTORE ?? 'pg_restore';
		const client = new pg.Client({ connectionString: o.target.url });
		await client.connect();
		let tables: number;
		try {
			const [server, tool] = [await pgMajor(client), await toolMajor(pgRestore)];
			if (tool < server)
				throw new BackupError(
					`${pgRestore} is version ${tool} but the server is ${server} (or set PG_RESTORE)`
				);
			tables = Number(
				(
					await client.query<{ n: string }>(
						`SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema()`
					)
				).rows[0].n
			);
		} finally {
			await client.end();
		}
		if (tables > 0 && !o.force)
			throw new BackupError(`${redact(o.target.url)} is not empty; pass --force to replace it`);
		await run(
			pgRestore,
			[
				'--exit-on-error',
				'--no-owner',
				'--no-privileges',
				...(tables > 0 ? ['--clean', '--if-exists'] : []),
				`--dbname=${o.target.url}`,
				source
			],
			{ maxBuffer: 16 * 1024 * 1024 }
		).catch((error: Error & { stderr?: string }) => {
			throw new BackupError(`pg_restore failed: ${error.stderr || error.message}`);
		});
	}
	await copyBlobs(
		path.join(o.from, 'blobs'),
		path.resolve(o.dataDir, 'blobs'),
		manifest.blobs.map((b) => b.path)
	);

	const restored = await databaseContents(o.target);
	const differs = Object.keys({ ...restored, ...manifest.tables }).filter(
		(t) =>
			restored[t]?.rows !== manifest.tables[t]?.rows ||
			restored[t]?.sha256 !== manifest.tables[t]?.sha256
	);
	if (differs.length)
		throw new BackupError(`restored rows differ from the backup in: ${differs.join(', ')}`);
	return manifest;
}
