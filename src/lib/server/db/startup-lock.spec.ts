// The lock file that lets one process at a time prepare a SQLite database (and build the app):
// holders take turns; a file left by a dead process, or by an earlier process with this pid
// (a container restarted as pid 1), is taken over.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { withLockFile } from './startup-lock.ts';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'kairan-lock-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('holders take turns, and the file is gone afterwards', async () => {
	const file = path.join(dir, 'turns.lock');
	const events: string[] = [];
	const hold = (name: string) =>
		withLockFile(file, async () => {
			events.push(`${name} in`);
			expect(await readFile(file, 'utf8')).toBe(String(process.pid));
			await sleep(150);
			events.push(`${name} out`);
		});
	await Promise.all([hold('a'), hold('b'), hold('c')]);
	// Never two inside at once.
	for (let i = 0; i < events.length; i += 2) {
		expect(events[i]).toMatch(/ in$/);
		expect(events[i + 1]).toBe(events[i].replace(' in', ' out'));
	}
	expect(existsSync(file)).toBe(false);
});

test("a dead process's lock, or an earlier process's with this pid, is taken over", async () => {
	const dead = spawnSync(process.execPath, ['-e', '']).pid!;
	for (const owner of [dead, process.pid]) {
		const file = path.join(dir, `stale-${owner}.lock`);
		await writeFile(file, String(owner));
		expect(await withLockFile(file, async () => 'got it')).toBe('got it');
	}
});

test('a live holder in another process is waited for', async () => {
	const file = path.join(dir, 'live.lock');
	// The parent of this test process is alive for the whole test.
	await writeFile(file, String(process.ppid));
	let entered = false;
	const waiting = withLockFile(file, async () => {
		entered = true;
	});
	await sleep(400);
	expect(entered).toBe(false);
	await rm(file);
	await waiting;
	expect(entered).toBe(true);
});
