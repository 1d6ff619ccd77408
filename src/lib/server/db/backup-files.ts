// A backup directory: its format and manifest, the attachment and database files it holds, and
// the check that they are all there and undamaged. Separate from taking a backup (backup.ts) and
// restoring one (restore.ts), which both read and write these files.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Provider } from './target.ts';
import type { TableContents } from './backup-contents.ts';

export const BACKUP_FORMAT = 'kairan-backup/1';

export type Manifest = {
	format: typeof BACKUP_FORMAT;
	createdAt: string;
	provider: Provider;
	database: { file: string; bytes: number; sha256: string };
	tables: TableContents;
	/** Attachment files, by their path under blobs/ (the name is the content's SHA-256). */
	blobs: { path: string; bytes: number }[];
};

export class BackupError extends Error {}

export async function fileSha256(file: string): Promise<{ sha256: string; bytes: number }> {
	const hash = createHash('sha256');
	let bytes = 0;
	for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
		hash.update(chunk);
		bytes += chunk.length;
	}
	return { sha256: hash.digest('hex'), bytes };
}

/** Attachment files under a blobs/ directory, as relative paths `ab/abcdef…`. */
export async function listBlobs(blobsDir: string): Promise<string[]> {
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
export async function copyBlobs(from: string, to: string, names: string[]) {
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
