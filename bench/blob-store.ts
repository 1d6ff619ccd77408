// Attachments in the database (StoredBlob + BlobChunk) against the file store they replaced, on
// SQLite and PostgreSQL (run: npx node bench/blob-store.ts; PostgreSQL at KAIRAN_TEST_PG_URL or
// postgres://postgres@127.0.0.1:5432/postgres, a throwaway database). For a 20 MiB attachment
// (the largest allowed): storing it, reading it whole, streaming it, and 8 downloads at once;
// the baseline is the old store's writeFile + rename / readFile of the same bytes in the same
// run. Medians of 5. Measures, does not assert: the numbers depend on the machine and its load.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type Db, type DbTarget } from '../src/lib/server/db/client.ts';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { createStorage } from '../src/lib/server/storage/index.ts';

const SIZE = 20 * 1024 * 1024;
const RUNS = 5;
const PG_ADMIN = process.env.KAIRAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn: () => Promise<unknown>) {
	const runs: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const start = performance.now();
		await fn();
		runs.push(performance.now() - start);
	}
	return median(runs);
}
const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;

const dir = await mkdtemp(path.join(os.tmpdir(), 'kairan-bench-blobs-'));
const files = () => Array.from({ length: RUNS }, () => randomBytes(SIZE));

console.log(`one ${SIZE / 1024 / 1024} MiB attachment, median of ${RUNS}:`);
// Baseline: the file store of earlier releases.
{
	let n = 0;
	const inputs = files();
	const put = await time(async () => {
		const file = path.join(dir, `f${n}`);
		await writeFile(`${file}.tmp`, inputs[n++ % RUNS]);
		await rename(`${file}.tmp`, file);
	});
	const read = await time(() => readFile(path.join(dir, 'f0')));
	const parallel = await time(() =>
		Promise.all(Array.from({ length: 8 }, () => readFile(path.join(dir, 'f0'))))
	);
	console.log(
		`files (baseline)  put ${ms(put)}  read ${ms(read)}  stream ${'—'.padStart(9)}  8 at once ${ms(parallel)}`
	);
}

/** The migrations' SQL in order (the app's migrator is bundled by Vite and not loadable here). */
async function migrate(target: DbTarget) {
	const root = new URL(`../prisma/${target.provider}/migrations/`, import.meta.url);
	const sql = readdirSync(root, { withFileTypes: true })
		.filter((d) => d.isDirectory())
		.map((d) => d.name)
		.sort()
		.map((name) => readFileSync(new URL(`${name}/migration.sql`, root), 'utf8'));
	if (target.provider === 'sqlite') {
		const db = new Database(target.file);
		for (const s of sql) db.exec(s);
		db.close();
	} else {
		const client = new pg.Client({ connectionString: target.url });
		await client.connect();
		for (const s of sql) await client.query(s);
		await client.end();
	}
}

async function bench(name: string, target: DbTarget, cleanup: () => Promise<void>) {
	await migrate(target);
	const db: Db = openDb(target);
	try {
		const storage = createStorage(db);
		const inputs = files();
		let n = 0;
		const hashes: string[] = [];
		const put = await time(async () => hashes.push((await storage.put(inputs[n++ % RUNS])).sha256));
		const read = await time(() => storage.read(hashes[0]));
		let peak = 0;
		const drain = async () => {
			const { body } = await storage.stream(hashes[0]);
			for await (const part of body) peak = Math.max(peak, part.byteLength);
		};
		const stream = await time(drain);
		const parallel = await time(() => Promise.all(Array.from({ length: 8 }, drain)));
		console.log(
			`${name.padEnd(17)} put ${ms(put)}  read ${ms(read)}  stream ${ms(stream)}  8 at once ${ms(parallel)}` +
				`  (largest piece in memory per download: ${(peak / 1024 / 1024).toFixed(0)} MiB)`
		);
	} finally {
		await db.$disconnect();
		await cleanup();
	}
}

await bench('sqlite', { provider: 'sqlite', file: path.join(dir, 'bench.db') }, async () => {});
const name = `kairan_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: PG_ADMIN });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(PG_ADMIN);
url.pathname = `/${name}`;
await bench('postgresql', { provider: 'postgresql', url: url.toString() }, async () => {
	await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	await admin.end();
});
await rm(dir, { recursive: true, force: true });
