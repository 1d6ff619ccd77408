// The PostgreSQL client tools a backup and a restore run (pg_dump, pg_restore), and the check that
// they are not older than the server. Separate because both backup.ts and restore.ts need them.
import pg from 'pg';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BackupError } from './backup-files.ts';

export const run = promisify(execFile);

export type Tools = { pgDump?: string; pgRestore?: string };

export async function pgMajor(client: pg.Client) {
	const { rows } = await client.query<{ v: string }>('SHOW server_version_num');
	return Math.floor(Number(rows[0].v) / 10000);
}

export async function toolMajor(tool: string) {
	const { stdout } = await run(tool, ['--version']).catch((error: Error) => {
		throw new BackupError(`${tool} is not available (${error.message})`);
	});
	const m = /(\d+)(?:\.\d+)?/.exec(stdout);
	if (!m) throw new BackupError(`cannot read the version of ${tool}: ${stdout}`);
	return Number(m[1]);
}
