// Generates both Prisma clients (SQLite and PostgreSQL). Run by `npm install` (prepare).
//
// Offline, every Prisma CLI command first tries to download its native schema engine, which
// `generate` does not even use; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// skips that download. A user's own setting wins.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = {
	...process.env,
	PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
	PRISMA_HIDE_UPDATE_MESSAGE: '1'
};

for (const provider of ['sqlite', 'postgresql']) {
	execFileSync(
		process.execPath,
		[
			`${root}node_modules/prisma/build/index.js`,
			'generate',
			'--schema',
			`prisma/${provider}/schema.prisma`
		],
		{ cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] }
	);
}
console.log('generated Prisma clients for sqlite and postgresql');
