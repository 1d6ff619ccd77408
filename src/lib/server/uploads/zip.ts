// What a ZIP file (XLSX, DOCX…) would unpack to, read from its central directory alone — without
// inflating anything — so an upload that is small on the wire but huge inside (a sheet of
// 300,000 rows, a zip bomb) is refused before a library loads it all into memory.

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;

/**
 * The sum of the entries' uncompressed sizes, or null when the directory cannot be read or uses
 * ZIP64 (sizes beyond 4 GB: never an honest form).
 */
export function zipUncompressedSize(bytes: Uint8Array): number | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end-of-central-directory record sits in the last 22 bytes + up to 64 KB of comment.
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
		if (view.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return null;
	const entries = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	let total = 0;
	for (let n = 0; n < entries; n++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_ENTRY) return null;
		const size = view.getUint32(offset + 24, true);
		if (size === 0xffffffff) return null;
		total += size;
		offset +=
			46 +
			view.getUint16(offset + 28, true) +
			view.getUint16(offset + 30, true) +
			view.getUint16(offset + 32, true);
	}
	return total;
}
