// The attachment store in the database (StoredBlob + BlobChunk), on SQLite and PostgreSQL:
// bytes come back exactly, across chunk boundaries, whole or streamed; the same content is
// stored once even when two connections put it at the same moment; a half-written blob is
// never served and is completed by the next put; attachment files of earlier releases are
// moved in at start-up, damaged ones left where they are.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { openDb, type Db } from '../db/client.ts';
import { BlobNotFoundError, CHUNK_BYTES, createStorage } from './index.ts';
import { importBlobFiles } from './import-files.ts';
import { prepareDatabase } from '../startup.ts';

let env: TestDatabase;
let other: Db;

beforeAll(async () => {
	env = await createTestDatabase();
	other = openDb(env.target);
});

afterAll(async () => {
	await other?.$disconnect();
	await env?.cleanup();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function streamed(body: ReadableStream<Uint8Array>) {
	const parts: Uint8Array[] = [];
	for await (const part of body) parts.push(part);
	return { bytes: Buffer.concat(parts), parts: parts.length };
}

describe(`blob store in the database (${TEST_PROVIDER})`, () => {
	test('bytes of every size come back exactly, whole and streamed one chunk at a time', async () => {
		const storage = createStorage(env.db);
		for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2.5 * CHUNK_BYTES]) {
			const bytes = randomBytes(size);
			const put = await storage.put(bytes);
			expect(put).toEqual({ sha256: sha256(bytes), size });
			expect(Buffer.compare(await storage.read(put.sha256), bytes)).toBe(0);
			const { size: told, body } = await storage.stream(put.sha256);
			const out = await streamed(body);
			expect(told).toBe(size);
			expect(Buffer.compare(out.bytes, bytes)).toBe(0);
			expect(out.parts).toBe(Math.ceil(size / CHUNK_BYTES));
			expect(await env.db.blobChunk.count({ where: { sha256: put.sha256 } })).toBe(
				Math.ceil(size / CHUNK_BYTES)
			);
		}
	});

	test('the same content put at once through two connections is stored once', async () => {
		const bytes = randomBytes(3 * CHUNK_BYTES + 17);
		const a = createStorage(env.db);
		const b = createStorage(other);
		const results = await Promise.all([a.put(bytes), b.put(bytes), a.put(bytes), b.put(bytes)]);
		const hash = sha256(bytes);
		expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([hash]));
		expect(await env.db.storedBlob.count({ where: { sha256: hash } })).toBe(1);
		expect(await env.db.blobChunk.count({ where: { sha256: hash } })).toBe(4);
		expect(Buffer.compare(await b.read(hash), bytes)).toBe(0);
		// The header written by raw SQL reads back through Prisma as a date.
		const header = await env.db.storedBlob.findUniqueOrThrow({ where: { sha256: hash } });
		expect(Math.abs(header.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
	});

	test('a blob whose writer stopped halfway is not served, and the next put completes it', async () => {
		const storage = createStorage(env.db);
		const bytes = randomBytes(2 * CHUNK_BYTES + 5);
		const hash = sha256(bytes);
		// What a crash after the first chunk leaves: one chunk, no header.
		await env.db.blobChunk.create({
			data: { sha256: hash, part: 0, bytes: new Uint8Array(bytes.subarray(0, CHUNK_BYTES)) }
		});
		expect(await storage.has(hash)).toBe(false);
		await expect(storage.read(hash)).rejects.toBeInstanceOf(BlobNotFoundError);
		await expect(storage.stream(hash)).rejects.toBeInstanceOf(BlobNotFoundError);
		await storage.put(bytes);
		expect(Buffer.compare(await storage.read(hash), bytes)).toBe(0);
		expect(await env.db.blobChunk.count({ where: { sha256: hash } })).toBe(3);
	});

	test('a name that is not a SHA-256 is refused before any query', async () => {
		const storage = createStorage(env.db);
		await expect(storage.read('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
	});
});

describe(`attachment files of earlier releases (${TEST_PROVIDER})`, () => {
	test('are moved into the database; a damaged file stays and keeps the folder', async () => {
		const storage = createStorage(env.db);
		const dataDir = path.join(env.dataDir, 'old-release');
		const root = path.join(dataDir, 'blobs');
		const write = async (name: string, bytes: Uint8Array) => {
			await mkdir(path.join(root, name.slice(0, 2)), { recursive: true });
			await writeFile(path.join(root, name.slice(0, 2), name), bytes);
		};
		const good = [randomBytes(100), randomBytes(CHUNK_BYTES + 3)];
		for (const bytes of good) await write(sha256(bytes), bytes);
		const damaged = randomBytes(50);
		const damagedName = sha256(randomBytes(50));
		await write(damagedName, damaged);
		// A crashed write of the old store: not an attachment.
		await write(`${sha256(good[0])}.0b7c.tmp`, randomBytes(10));

		const first = await importBlobFiles(storage, dataDir);
		expect(first.imported).toBe(2);
		expect(first.damaged).toEqual([path.join(root, damagedName.slice(0, 2), damagedName)]);
		expect(first.movedTo).toBeNull();
		for (const bytes of good)
			expect(Buffer.compare(await storage.read(sha256(bytes)), bytes)).toBe(0);
		expect(await storage.has(damagedName)).toBe(false);

		// Once the damaged file is dealt with, the next start finds nothing new and retires the folder.
		const { rm } = await import('node:fs/promises');
		await rm(path.join(root, damagedName.slice(0, 2), damagedName));
		const second = await importBlobFiles(storage, dataDir);
		expect(second.imported).toBe(0);
		expect(second.movedTo).toMatch(/blobs-imported-/);
		expect(existsSync(root)).toBe(false);
		expect((await readdir(dataDir)).filter((n) => n.startsWith('blobs'))).toEqual([
			path.basename(second.movedTo!)
		]);
		// And a start without the folder does nothing.
		expect(await importBlobFiles(storage, dataDir)).toEqual({
			imported: 0,
			damaged: [],
			movedTo: null
		});
	});

	test('the start of an upgraded installation moves them in before it serves', async () => {
		const dataDir = path.join(env.dataDir, 'upgraded');
		const bytes = randomBytes(CHUNK_BYTES * 2);
		const name = sha256(bytes);
		await mkdir(path.join(dataDir, 'blobs', name.slice(0, 2)), { recursive: true });
		await writeFile(path.join(dataDir, 'blobs', name.slice(0, 2), name), bytes);
		const logged: string[] = [];
		const storage = createStorage(env.db);
		await prepareDatabase({
			db: env.db,
			target: env.target,
			storage,
			dataDir,
			mode: 'production',
			demoPassword: 'unused',
			log: (m) => logged.push(m)
		});
		expect(Buffer.compare(await storage.read(name), bytes)).toBe(0);
		expect(logged).toContain('moved 1 attachment files into the database');
		expect(existsSync(path.join(dataDir, 'blobs'))).toBe(false);
	}, 60_000);
});
