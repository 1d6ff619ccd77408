// `npm run db:restore -- <backup directory> [--force]`: puts a backup made by db:backup back —
// the database (the SQLite file in KAIRAN_DATA_DIR, or the PostgreSQL database of DATABASE_URL,
// which must exist) and the attachment files — after checking every file against its manifest,
// and checks the restored rows against it. Stop Kairan first. --force replaces a database that
// already has data.
import { restore } from '../src/lib/server/db/restore.ts';
import { resolveTarget } from '../src/lib/server/db/target.ts';

const args = process.argv.slice(2);
const force = args.includes('--force');
const from = args.find((a) => !a.startsWith('--'));
if (!from) {
	console.error('usage: npm run db:restore -- <backup directory> [--force]');
	process.exit(2);
}
const dataDir = process.env.KAIRAN_DATA_DIR || 'data';
try {
	const manifest = await restore({
		target: resolveTarget(process.env.DATABASE_URL || undefined, dataDir),
		dataDir,
		from,
		force
	});
	console.log(
		`restored the backup of ${manifest.createdAt}: ${Object.keys(manifest.tables).length} tables and ${manifest.blobs.length} attachment files, rows checked against the manifest`
	);
} catch (error) {
	console.error(`restore failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
