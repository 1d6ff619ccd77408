// Restoring a backup (backup.ts) into an empty or replaced database: the backup's files are
// checked first, and the restored rows against its manifest afterwards. Separate from taking a
// backup because it runs at another time, by another command (`npm run db:restore`), on a
// database the app is not running on.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { redact, type DbTarget } from './target.ts';
import { databaseContents } from './backup-contents.ts';
import { BackupError, copyBlobs, verifyBackup, type Manifest } from './backup-files.ts';
import { pgMajor, run, toolMajor, type Tools } from './backup-tools.ts';

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
