// The browser tests' servers (playwright.config.ts starts them after `npm run build`): each
// empties its KAIRAN_DATA_DIR so that every run starts from a new database with the demo data,
// then serves the build exactly as `npm start` does.
//
// KAIRAN_E2E_SERVER=postgresql serves from a throwaway PostgreSQL database instead of the
// SQLite file: created here (dropped first if a killed run left it behind), handed to the app as
// DATABASE_URL, and dropped when Playwright stops the server (SIGTERM, see the config).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PG_ADMIN_URL, PG_DATABASE, pgUrl } from './servers.ts';

const dataDir = process.env.KAIRAN_DATA_DIR;
if (!dataDir || !dataDir.includes('test-results')) {
	throw new Error(`refusing to wipe KAIRAN_DATA_DIR=${dataDir ?? ''}: not a test directory`);
}
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

if (process.env.KAIRAN_E2E_SERVER !== 'postgresql') {
	await import('../../scripts/start.ts');
} else {
	const admin = async (sql: string) => {
		const client = new pg.Client({ connectionString: PG_ADMIN_URL });
		await client.connect();
		try {
			await client.query(sql);
		} finally {
			await client.end();
		}
	};
	const drop = () => admin(`DROP DATABASE IF EXISTS ${PG_DATABASE} WITH (FORCE)`);
	await drop();
	await admin(`CREATE DATABASE ${PG_DATABASE}`);

	// The app in a child process, so that this one outlives it and can drop its database.
	const start = fileURLToPath(new URL('../../scripts/start.ts', import.meta.url));
	const child = spawn(process.execPath, [start], {
		stdio: 'inherit',
		env: { ...process.env, DATABASE_URL: pgUrl() }
	});
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		child.kill('SIGTERM');
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	child.on('exit', (code) => {
		drop()
			.catch((e: unknown) => console.error(`could not drop ${PG_DATABASE}:`, e))
			.finally(() => process.exit(stopping ? 0 : (code ?? 1)));
	});
}
