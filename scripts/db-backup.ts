// `npm run db:backup [-- <directory>]`: a consistent backup of the database (attachments are
// rows of it) and of any attachment files of an earlier release not yet moved into it, taken
// while Kairan keeps serving, into <directory>/kairan-<time>/ (default ./backups).
// Reads the app's own configuration: DATABASE_URL (PostgreSQL) or the SQLite file in
// KAIRAN_DATA_DIR, and old files under KAIRAN_DATA_DIR/blobs. See src/lib/server/db/backup.ts.
import { backup } from '../src/lib/server/db/backup.ts';
import { resolveTarget } from '../src/lib/server/db/target.ts';

const dataDir = process.env.KAIRAN_DATA_DIR || 'data';
const outDir = process.argv[2] || process.env.KAIRAN_BACKUP_DIR || 'backups';
try {
	const { dir, manifest } = await backup({
		target: resolveTarget(process.env.DATABASE_URL || undefined, dataDir),
		dataDir,
		outDir
	});
	const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
	console.log(
		`backup written to ${dir}: ${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.blobs.length} attachment files`
	);
} catch (error) {
	console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
