// One instance at a time prepares the database at start-up (migrations, reference and demo
// data, importing old attachment files): N instances started together on an empty database
// would otherwise each find it empty and load the same rows. PostgreSQL: a session advisory
// lock (released by the server if the process dies). SQLite: a lock file next to the database
// holding the owner's pid; a file left by a dead process is taken over.
import { open, readFile, unlink } from 'node:fs/promises';
import pg from 'pg';
import type { DbTarget } from './target.ts';

// Any fixed number, the same for every instance; migrate.ts holds 7261001 inside this one.
const PG_STARTUP_LOCK = 7261002;

export async function withStartupLock<T>(target: DbTarget, fn: () => Promise<T>): Promise<T> {
	if (target.provider === 'postgresql') {
		const client = new pg.Client({ connectionString: target.url });
		await client.connect();
		try {
			await client.query('SELECT pg_advisory_lock($1)', [PG_STARTUP_LOCK]);
			return await fn();
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [PG_STARTUP_LOCK]).catch(() => {});
			await client.end().catch(() => {});
		}
	}
	return withLockFile(`${target.file}.startup-lock`, fn);
}

/**
 * Runs `fn` while holding `lockFile` (created exclusively, holding this pid), waiting while a
 * live process holds it; one left by a dead process is taken over. Also used by the build.
 */
export async function withLockFile<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
	await acquireFile(lockFile);
	try {
		return await fn();
	} finally {
		held.delete(lockFile);
		await unlink(lockFile).catch(() => {});
	}
}

/** Lock files this process holds: one naming this pid but not held is an earlier process's. */
const held = new Set<string>();

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function acquireFile(lockFile: string) {
	for (;;) {
		try {
			const handle = await open(lockFile, 'wx');
			held.add(lockFile);
			await handle.writeFile(String(process.pid));
			await handle.close();
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const owner = Number(await readFile(lockFile, 'utf8').catch(() => ''));
		// Empty: its owner is between creating and writing it; wait like for a live one. Our own
		// pid on a file we do not hold: left by an earlier process that had it (a container's
		// process is often pid 1 on every start).
		const stale = owner === process.pid ? !held.has(lockFile) : owner > 0 && !alive(owner);
		if (stale) {
			await unlink(lockFile).catch(() => {});
			continue;
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}
