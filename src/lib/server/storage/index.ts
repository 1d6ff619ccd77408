// Attachment bytes on local disk, addressed by their SHA-256: the same file attached to
// several notices or versions is stored once, and a stored file can never change under a
// published notice. Layout: <data dir>/blobs/ab/abcdef… (two-level fan-out keeps folders small).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type Storage = ReturnType<typeof createStorage>;

export function createStorage(dataDir: string) {
	const root = path.resolve(dataDir, 'blobs');
	const pathOf = (sha256: string) => {
		if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
		return path.join(root, sha256.slice(0, 2), sha256);
	};
	return {
		async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
			const sha256 = createHash('sha256').update(bytes).digest('hex');
			const file = pathOf(sha256);
			const exists = await stat(file).then(
				() => true,
				() => false
			);
			if (!exists) {
				await mkdir(path.dirname(file), { recursive: true });
				// Write then rename: a crash never leaves a half-written file under a valid name.
				const tmp = `${file}.${randomUUID()}.tmp`;
				await writeFile(tmp, bytes);
				await rename(tmp, file);
			}
			return { sha256, size: bytes.byteLength };
		},
		read(sha256: string): Promise<Buffer> {
			return readFile(pathOf(sha256));
		}
	};
}
