// The browser tests' server (playwright.config.ts starts it after `npm run build`): empties
// KAIRAN_DATA_DIR so that every run starts from a new database with the demo data, then
// serves the build exactly as `npm start` does.
import fs from 'node:fs';

const dataDir = process.env.KAIRAN_DATA_DIR;
if (!dataDir || !dataDir.includes('test-results')) {
	throw new Error(`refusing to wipe KAIRAN_DATA_DIR=${dataDir ?? ''}: not a test directory`);
}
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

await import('../../scripts/start.ts');
