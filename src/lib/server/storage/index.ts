// Attachment bytes (and PDFs of record) in the database, addressed by their SHA-256: the same
// file attached to several notices or versions is stored once, and a stored file can never
// change under a published notice. Every app instance reads the same rows, so several
// instances behind one address need no shared directory and no other service.
//
// Layout: BlobChunk rows of CHUNK_BYTES (`part` 0, 1, …), then one StoredBlob header. Writing
// needs no transaction: chunks are keyed by (sha256, part) and their content follows from the
// hash, so two writers of the same file insert identical rows and `ON CONFLICT DO NOTHING`
// keeps the first; the header comes last, so a blob with a header is complete, and a writer
// that crashed halfway leaves chunks the next put of the same bytes completes.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';

/** Never change: chunks already written are split at this size. */
export const CHUNK_BYTES = 1024 * 1024;

export class BlobNotFoundError extends Error {
	constructor(sha256: string) {
		super(`no stored blob ${sha256}`);
	}
}

export type Storage = ReturnType<typeof createStorage>;

function checkHash(sha256: string) {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
}

export function createStorage(db: Db) {
	async function chunk(sha256: string, part: number): Promise<Uint8Array> {
		const row = await db.blobChunk.findUnique({
			where: { sha256_part: { sha256, part } },
			select: { bytes: true }
		});
		if (!row) throw new Error(`blob ${sha256} is missing its part ${part}`);
		return row.bytes;
	}

	async function header(sha256: string) {
		checkHash(sha256);
		const blob = await db.storedBlob.findUnique({ where: { sha256 }, select: { size: true } });
		if (!blob) throw new BlobNotFoundError(sha256);
		return { size: blob.size, parts: Math.ceil(blob.size / CHUNK_BYTES) };
	}

	return {
		async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
			const sha256 = createHash('sha256').update(bytes).digest('hex');
			const size = bytes.byteLength;
			const exists = await db.storedBlob.count({ where: { sha256 } });
			if (!exists) {
				for (let part = 0; part * CHUNK_BYTES < size; part++) {
					const piece = bytes.subarray(part * CHUNK_BYTES, (part + 1) * CHUNK_BYTES);
					await db.$executeRaw`INSERT INTO "BlobChunk" ("sha256", "part", "bytes")
						VALUES (${sha256}, ${part}, ${Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength)})
						ON CONFLICT DO NOTHING`;
				}
				await db.$executeRaw`INSERT INTO "StoredBlob" ("sha256", "size", "createdAt")
					VALUES (${sha256}, ${size}, ${new Date()}) ON CONFLICT DO NOTHING`;
			}
			return { sha256, size };
		},

		/** Whether a complete blob with this hash is stored. */
		async has(sha256: string): Promise<boolean> {
			checkHash(sha256);
			return (await db.storedBlob.count({ where: { sha256 } })) > 0;
		},

		/** The whole content (PDFs of record, tests); downloads use stream(). */
		async read(sha256: string): Promise<Buffer> {
			const { size, parts } = await header(sha256);
			const out = Buffer.allocUnsafe(size);
			let at = 0;
			for (let part = 0; part < parts; part++) {
				const piece = await chunk(sha256, part);
				out.set(piece, at);
				at += piece.byteLength;
			}
			if (at !== size) throw new Error(`blob ${sha256} has ${at} bytes, not ${size}`);
			return out;
		},

		/**
		 * The content as a stream that reads one chunk from the database at a time (at most
		 * CHUNK_BYTES in memory per download). The size is known first, for Content-Length.
		 */
		async stream(sha256: string): Promise<{ size: number; body: ReadableStream<Uint8Array> }> {
			const { size, parts } = await header(sha256);
			let part = 0;
			const body = new ReadableStream<Uint8Array>({
				async pull(controller) {
					if (part >= parts) return controller.close();
					controller.enqueue(await chunk(sha256, part++));
				}
			});
			return { size, body };
		}
	};
}
