// npm run db:backup / db:restore, run as the operator runs them (Node on the scripts, the app's
// configuration in the environment), on a database with a published notice and its attachments
// (two in the database, two still files of an earlier release not yet imported): a backup
// taken while another connection keeps writing restores to exactly the rows and files its
// manifest describes; damaged backups and occupied targets are refused.
// SQLite by default, PostgreSQL with KAIRAN_TEST_DB=postgresql (pg_dump/pg_restore).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createEmptyDatabase,
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from './harness.ts';
import { databaseContents } from '../../src/lib/server/db/backup-contents.ts';
import type { Manifest } from '../../src/lib/server/db/backup-files.ts';
import type { DbTarget } from '../../src/lib/server/db/client.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { createStorage } from '../../src/lib/server/storage/index.ts';
import { importBlobFiles } from '../../src/lib/server/storage/import-files.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

/** Runs one of the npm scripts' files with this Node, configured for the given database. */
function script(name: string, args: string[], target: DbTarget, dataDir: string) {
	return exec(process.execPath, [path.join(root, 'scripts', name), ...args], {
		cwd: root,
		env: {
			...process.env,
			KAIRAN_DATA_DIR: dataDir,
			DATABASE_URL: target.provider === 'postgresql' ? target.url : `file:${target.file}`
		}
	});
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function blobFiles(dataDir: string) {
	const out: Record<string, string> = {};
	const blobs = path.join(dataDir, 'blobs');
	for (const fan of await readdir(blobs).catch(() => []))
		for (const name of await readdir(path.join(blobs, fan)))
			out[`${fan}/${name}`] = sha256(await readFile(path.join(blobs, fan, name)));
	return out;
}

let source: TestDatabase;
let backupDir: string;
let manifest: Manifest;
const cleanups: (() => Promise<void>)[] = [];

/** A published notice with its attachment files, addressed to a few hundred departments. */
async function seed(env: TestDatabase) {
	const db = env.db;
	const ministry = await db.organization.create({
		data: { kind: 'ministry', name: '厚生労働省', nameKana: 'こうせいろうどうしょう' }
	});
	const office = await db.department.create({
		data: { organizationId: ministry.id, name: '医政局総務課', function: 'ministry_office' }
	});
	const issuer = await db.user.create({
		data: {
			email: 'issuer@example.jp',
			name: '発出者',
			passwordHash: 'x',
			role: 'issuer',
			departmentId: office.id
		}
	});
	const notice = await db.notice.create({
		data: {
			createdById: issuer.id,
			status: 'published',
			publishedAt: new Date('2024-10-08T01:00:00Z'),
			issuers: { create: { departmentId: office.id, position: 1 } }
		}
	});
	const files = ['別添1 リーフレット', '別添2 協力医療機関', '別添3 交付金', '別添4 様式'].map(
		(text, i) =>
			new TextEncoder().encode(`%PDF-1.4\n% ${text} ${'x'.repeat(1000 * (i + 1))}\n%%EOF\n`)
	);
	// Two in the database; two as an earlier release stored them, under <data dir>/blobs/ab/….
	const stored = [
		...(await Promise.all(files.slice(0, 2).map((bytes) => env.storage.put(bytes)))),
		...(await Promise.all(
			files.slice(2).map(async (bytes) => {
				const hash = sha256(bytes);
				const dir = path.join(env.dataDir, 'blobs', hash.slice(0, 2));
				await mkdir(dir, { recursive: true });
				await writeFile(path.join(dir, hash), bytes);
				return { sha256: hash, size: bytes.byteLength };
			})
		))
	];
	await db.noticeVersion.create({
		data: {
			noticeId: notice.id,
			number: 1,
			noticeType: 'administrative_liaison',
			title: 'ワンストップ支援センターの周知について',
			issuedOn: '2024-10-08',
			addresseeLines: ['各都道府県衛生主管部（局）　御中'],
			addresseeRule: { bodyKinds: ['prefecture'], functions: ['health'], include: [], exclude: [] },
			preamble: '周知についてご協力をお願いします。',
			items: [],
			contacts: [],
			references: [],
			attachments: {
				create: stored.map((s, i) => ({
					position: i + 1,
					label: `別添${i + 1}`,
					title: `別添${i + 1}`,
					fileName: `attachment-${i + 1}.pdf`,
					contentType: 'application/pdf',
					size: s.size,
					sha256: s.sha256
				}))
			}
		}
	});
	for (let p = 1; p <= 204; p++) {
		const org = await db.organization.create({
			data: {
				kind: 'prefecture',
				name: `団体${p}`,
				nameKana: `だんたい${p}`,
				prefectureCode: String((p % 47) + 1).padStart(2, '0')
			}
		});
		const dept = await db.department.create({
			data: { organizationId: org.id, name: '衛生主管部（局）', function: 'health' }
		});
		await db.recipient.create({ data: { noticeId: notice.id, departmentId: dept.id } });
	}
}

beforeAll(async () => {
	source = await createTestDatabase();
	cleanups.push(() => source.cleanup());
	await seed(source);
}, 120_000);

afterAll(async () => {
	for (const c of cleanups.reverse()) await c();
});

describe(`backup and restore (${TEST_PROVIDER})`, () => {
	test('a backup taken while the database is being written restores to exactly its manifest', async () => {
		const eventsBefore = await source.db.auditEvent.count();
		// The server keeps working during the backup: a writer adds audit events throughout.
		let writing = true;
		let written = 0;
		const writer = (async () => {
			while (writing) {
				await source.db.auditEvent.create({
					data: { action: 'test.write_during_backup', objectType: 'Test', objectId: `${written}` }
				});
				written++;
				// Yield to the event loop: the child's exit must be heard.
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		})();
		const out = path.join(source.dataDir, 'backups');
		let stdout: string;
		try {
			({ stdout } = await script('db-backup.ts', [out], source.target, source.dataDir));
		} finally {
			writing = false;
			await writer;
		}
		expect(stdout).toMatch(
			/^backup written to .*kairan-[0-9TZ-]+: \d+ tables, \d+ rows, 2 attachment files/
		);
		expect(written).toBeGreaterThan(0);
		const [dir] = await readdir(out);
		backupDir = path.join(out, dir);
		// One database file, the attachments and the manifest: nothing else.
		expect((await readdir(backupDir)).sort()).toEqual(
			[
				'blobs',
				'manifest.json',
				TEST_PROVIDER === 'sqlite' ? 'database.sqlite' : 'database.pgdump'
			].sort()
		);
		manifest = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8'));

		// Tables nobody wrote meanwhile are in the manifest exactly as in the source; the audit
		// trail is a snapshot somewhere within the writes.
		const now = await databaseContents(source.target);
		const { AuditEvent: events, ...rest } = manifest.tables;
		const { AuditEvent: eventsNow, ...restNow } = now;
		expect(rest).toEqual(restNow);
		expect(events.rows).toBeGreaterThanOrEqual(eventsBefore);
		expect(events.rows).toBeLessThanOrEqual(eventsNow.rows);
		expect(manifest.tables.Notice.rows).toBe(1);
		expect(manifest.tables.Recipient.rows).toBe(204);
		// Two attachments are rows; the two old files are copied, each named by its content's hash.
		expect(manifest.tables.StoredBlob.rows).toBe(2);
		expect(manifest.blobs).toHaveLength(2);
		expect(Object.keys(await blobFiles(source.dataDir)).sort()).toEqual(
			manifest.blobs.map((b) => b.path).sort()
		);

		// Restored into a new, empty database and data directory.
		const target = await createEmptyDatabase();
		cleanups.push(() => target.cleanup());
		const { stdout: restored } = await script(
			'db-restore.ts',
			[backupDir],
			target.target,
			target.dataDir
		);
		expect(restored).toMatch(/rows checked against the manifest/);
		expect(await databaseContents(target.target)).toEqual(manifest.tables);
		expect(await blobFiles(target.dataDir)).toEqual(await blobFiles(source.dataDir));
		// The restored app is usable as it was: up to date, and its attachments readable.
		expect(await migrate(target.target)).toEqual([]);
		const db = target.open();
		try {
			// The next start moves the restored old files into the database.
			const storage = createStorage(db);
			expect((await importBlobFiles(storage, target.dataDir)).imported).toBe(2);
			const attachments = await db.attachment.findMany({ select: { sha256: true, size: true } });
			expect(attachments.length).toBeGreaterThanOrEqual(4);
			for (const a of attachments) {
				const bytes = await storage.read(a.sha256);
				expect([sha256(bytes), bytes.byteLength]).toEqual([a.sha256, a.size]);
			}
			expect(await db.notice.count()).toBe(manifest.tables.Notice.rows);
		} finally {
			await db.$disconnect();
		}

		// A database that has data is not replaced without --force; with it, it is.
		await expect(
			script('db-restore.ts', [backupDir], target.target, target.dataDir)
		).rejects.toMatchObject({ stderr: expect.stringMatching(/pass --force/) });
		await script('db-restore.ts', [backupDir, '--force'], target.target, target.dataDir);
		expect(await databaseContents(target.target)).toEqual(manifest.tables);
	}, 180_000);

	test('a damaged backup is refused before anything is restored', async () => {
		const target = await createEmptyDatabase();
		cleanups.push(() => target.cleanup());
		const blob = path.join(backupDir, 'blobs', manifest.blobs[0].path);
		const original = await readFile(blob);
		const damaged = Buffer.from(original);
		damaged[damaged.length >> 1] ^= 0xff;
		await writeFile(blob, damaged);
		try {
			await expect(
				script('db-restore.ts', [backupDir], target.target, target.dataDir)
			).rejects.toMatchObject({
				stderr: expect.stringContaining(`blobs/${manifest.blobs[0].path} is missing or damaged`)
			});
		} finally {
			await writeFile(blob, original);
		}
		// Nothing was written: the target still has no tables.
		expect(await databaseContents(target.target).catch(() => ({}))).toEqual({});
		expect(await blobFiles(target.dataDir)).toEqual({});

		// A damaged database file too.
		const file = path.join(backupDir, manifest.database.file);
		const bytes = await readFile(file);
		await writeFile(file, Buffer.concat([bytes, Buffer.from('x')]));
		try {
			await expect(
				script('db-restore.ts', [backupDir], target.target, target.dataDir)
			).rejects.toMatchObject({
				stderr: expect.stringContaining(`${manifest.database.file} is missing or does not match`)
			});
		} finally {
			await writeFile(file, bytes);
		}
	}, 120_000);
	test('a backup that cannot be complete fails and leaves nothing behind', async () => {
		// An attachment file the database refers to has gone missing from the data directory.
		const [gone] = manifest.blobs;
		await rm(path.join(source.dataDir, 'blobs', gone.path));
		const out = path.join(source.dataDir, 'failed-backups');
		await expect(
			script('db-backup.ts', [out], source.target, source.dataDir)
		).rejects.toMatchObject({
			stderr: expect.stringContaining(`1 attachment file(s) the database refers to are missing`)
		});
		expect(await readdir(out)).toEqual([]);
	}, 60_000);
});
