// `npm run reference:update -- <path to organizations.csv> [--apply]`: compares a newer edition
// of the local-government list (the format of prisma/data/organizations.csv) with the configured
// database — the one `npm start` uses (DATABASE_URL when it is a postgres:// URL, otherwise the
// SQLite file in KAIRAN_DATA_DIR, default ./data) — and prints the differences. With --apply it
// applies them in one transaction (see src/lib/server/reference/update.ts and
// prisma/data/README.md). Exit status: 0 done (or nothing to do), 1 differences not applied, 2 error.
import { existsSync } from 'node:fs';
import { openDb, redact, resolveTarget } from '../src/lib/server/db/client.ts';
import { readOrganizations } from '../src/lib/server/reference/organizations.ts';
import {
	applyReferenceDiff,
	describeDiff,
	diffReference,
	isEmptyDiff
} from '../src/lib/server/reference/update.ts';

const args = process.argv.slice(2);
const apply = args.includes('--apply');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
	console.error('usage: npm run reference:update -- <organizations.csv> [--apply]');
	process.exit(2);
}
const target = resolveTarget(
	process.env.DATABASE_URL || undefined,
	process.env.KAIRAN_DATA_DIR || 'data'
);
const where = target.provider === 'sqlite' ? target.file : redact(target.url);
if (target.provider === 'sqlite' && !existsSync(target.file)) {
	console.error(`no database at ${where}`);
	process.exit(2);
}
const db = openDb(target);
try {
	const rows = await readOrganizations(file);
	const diff = await diffReference(db, rows);
	console.log(`${file} against ${where}:`);
	console.log(describeDiff(diff));
	if (isEmptyDiff(diff)) {
		console.log('nothing to change');
	} else if (apply) {
		await applyReferenceDiff(db, diff, file);
		console.log('applied');
	} else {
		console.log('not applied: run again with --apply to apply these changes');
		process.exitCode = 1;
	}
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 2;
} finally {
	await db.$disconnect();
}
