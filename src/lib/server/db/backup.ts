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
//
// This module takes a backup; restoring one is restore.ts. The rows' digests are in
// backup-contents.ts, the backup directory's files and manifest in backup-files.ts, and the
// PostgreSQL tools in backup-tools.ts.
import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redact, type DbTarget } from './target.ts';
import { pgContents, sqliteContents, type TableContents } from './backup-contents.ts';
import {
	BACKUP_FORMAT,
	BackupError,
	copyBlobs,
	fileSha256,
	listBlobs,
	type Manifest
} from './backup-files.ts';
import { pgMajor, run, toolMajor, type Tools } from './backup-tools.ts';

const SQLITE_FILE = 'database.sqlite';
const PG_FILE = 'database.pgdump';

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
