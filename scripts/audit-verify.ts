// `npm run audit:verify`: checks the audit trail's hash chain on the configured database —
// the same one `npm start` uses (DATABASE_URL when it is a postgres:// URL, otherwise the
// SQLite file in KAIRAN_DATA_DIR, default ./data) — and names the first broken link.
// Exit status: 0 the chain is intact, 1 it is broken, 2 it could not be checked.
import { existsSync } from 'node:fs';
import { openDb, redact, resolveTarget } from '../src/lib/server/db/client.ts';
import { verifyChain } from '../src/lib/server/audit/chain.ts';

const target = resolveTarget(
	process.env.DATABASE_URL || undefined,
	process.env.KAIRAN_DATA_DIR || 'data'
);
const where = target.provider === 'sqlite' ? target.file : redact(target.url);
if (target.provider === 'sqlite' && !existsSync(target.file)) {
	console.error(`audit trail could not be checked: no database at ${where}`);
	process.exit(2);
}
const db = openDb(target);
try {
	const result = await verifyChain(db);
	if (result.ok) {
		console.log(
			`audit trail intact: ${result.events} events in ${result.streams} chains (${where})`
		);
		process.exitCode = 0;
	} else {
		const { stream, seq, id, reason } = result.break;
		console.error(
			`audit trail BROKEN in chain ${stream ?? '(none)'} at event ${seq ?? '(no seq)'}` +
				`${id ? ` (id ${id})` : ''}: ${reason}`
		);
		console.error(`${result.events} events read before the break (${where})`);
		process.exitCode = 1;
	}
} catch (error) {
	console.error(`audit trail could not be checked (${where}): ${(error as Error).message}`);
	process.exitCode = 2;
} finally {
	await db.$disconnect();
}
