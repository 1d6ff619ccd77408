// `npm run rollup:rebuild`: recounts the dashboards' rollup (RecipientTally, ProgressTally,
// ItemTally, DailyTally) of every notice past draft from its rows, on the configured database —
// the same one `npm start` uses (DATABASE_URL when it is a postgres:// URL, otherwise the SQLite
// file in KAIRAN_DATA_DIR, default ./data). One transaction per notice: safe while the app runs.
// Needed only after rows were written behind the app's back (a bulk load, a hand repair); the
// app keeps the rollup itself, and counts any published notice missing from it at start.
// Exit status: 0 done, 2 it could not be done.
import { existsSync } from 'node:fs';
import { openDb, redact, resolveTarget } from '../src/lib/server/db/client.ts';
import { rebuildAll } from '../src/lib/server/reports/rollup.ts';

const target = resolveTarget(
	process.env.DATABASE_URL || undefined,
	process.env.KAIRAN_DATA_DIR || 'data'
);
const where = target.provider === 'sqlite' ? target.file : redact(target.url);
if (target.provider === 'sqlite' && !existsSync(target.file)) {
	console.error(`rollup not rebuilt: no database at ${where}`);
	process.exit(2);
}
const db = openDb(target);
const started = Date.now();
try {
	const count = await rebuildAll(db, (done, total) => {
		if (done % 100 === 0 || done === total) console.log(`  ${done}/${total} notices`);
	});
	console.log(`rollup rebuilt: ${count} notices in ${Date.now() - started} ms (${where})`);
} catch (error) {
	console.error(`rollup not rebuilt (${where}): ${(error as Error).message}`);
	process.exitCode = 2;
} finally {
	await db.$disconnect();
}
