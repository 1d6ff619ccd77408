// Attachments stored by earlier releases as files under <data dir>/blobs/ab/abcdef… are moved
// into the database at start-up (startup.ts), so that an upgraded installation keeps every
// attachment and any instance can serve it. Each file is checked against its name (its SHA-256)
// first; a damaged file is left where it is and named in the log. Once every file is in the
// database the folder is renamed to blobs-imported-<time> (delete it after the next backup),
// so later starts do not read it again. Safe to run by several instances at once: a put of
// bytes that are already stored changes nothing.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Storage } from './index.ts';

export type ImportResult = { imported: number; damaged: string[]; movedTo: string | null };

export async function importBlobFiles(storage: Storage, dataDir: string): Promise<ImportResult> {
	const root = path.resolve(dataDir, 'blobs');
	const result: ImportResult = { imported: 0, damaged: [], movedTo: null };
	if (!existsSync(root)) return result;
	for (const fan of (await readdir(root)).sort()) {
		if (!/^[0-9a-f]{2}$/.test(fan)) continue;
		for (const name of (await readdir(path.join(root, fan))).sort()) {
			// Half-written `<hash>.<uuid>.tmp` files of a crashed write are not attachments.
			if (!/^[0-9a-f]{64}$/.test(name)) continue;
			if (await storage.has(name)) continue;
			const file = path.join(root, fan, name);
			const bytes = await readFile(file);
			if (createHash('sha256').update(bytes).digest('hex') !== name) {
				result.damaged.push(file);
				continue;
			}
			await storage.put(bytes);
			result.imported++;
		}
	}
	if (result.damaged.length === 0) {
		const to = `${root}-imported-${new Date().toISOString().replace(/[:.]/g, '-')}`;
		// Another instance importing at the same time may have renamed it first.
		await rename(root, to).then(
			() => (result.movedTo = to),
			(error: NodeJS.ErrnoException) => {
				if (error.code !== 'ENOENT') throw error;
			}
		);
	}
	return result;
}
