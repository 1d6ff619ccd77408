// Fills a database with deterministic data at a chosen scale, for benchmarks and for trying
// Kairan at national size:
//
//   npm run bench:data -- --scale demo|x10|x100|national [--seed N]
//
// The database is the one `npm start` would use (DATABASE_URL for PostgreSQL, else
// KAIRAN_DATA_DIR/kairan.db); it must be new or empty. It is migrated and given the reference
// and demo data first, so `npm start` on the result signs in with the demo accounts
// (viewer@example.jp …, password KAIRAN_DEMO_PASSWORD or kairan-demo-2024).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { viteLoader } from '../bench/lib/vite-load.ts';
import { resolveTarget, redact } from '../src/lib/server/db/target.ts';

const { values } = parseArgs({
	options: { scale: { type: 'string', default: 'demo' }, seed: { type: 'string', default: '1' } },
	allowPositionals: false
});
const dataDir = process.env.KAIRAN_DATA_DIR || 'data';
const target = resolveTarget(process.env.DATABASE_URL || undefined, dataDir);

const vite = await viteLoader();
try {
	const { SCALES, generate } =
		await vite.load<typeof import('../bench/lib/generate.ts')>('/bench/lib/generate.ts');
	if (!Object.hasOwn(SCALES, values.scale!)) {
		console.error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
		process.exit(2);
	}
	const { openDb } = await vite.load<typeof import('../src/lib/server/db/client.ts')>(
		'/src/lib/server/db/client.ts'
	);
	const { prepareDatabase } = await vite.load<typeof import('../src/lib/server/startup.ts')>(
		'/src/lib/server/startup.ts'
	);
	const { createStorage } = await vite.load<typeof import('../src/lib/server/storage/index.ts')>(
		'/src/lib/server/storage/index.ts'
	);
	const { parseItemDefinition } = await vite.load<
		typeof import('../src/lib/domain/forms/format.ts')
	>('/src/lib/domain/forms/format.ts');

	console.log(
		`bench:data: scale ${values.scale} into ${target.provider === 'sqlite' ? target.file : redact(target.url)}`
	);
	const db = openDb(target);
	try {
		await prepareDatabase({
			db,
			target,
			storage: createStorage(db),
			dataDir: path.resolve(dataDir),
			mode: 'demo',
			demoPassword: process.env.KAIRAN_DEMO_PASSWORD || 'kairan-demo-2024',
			log: (m) => console.log(`  ${m}`)
		});
		const result = await generate({
			db,
			target,
			scale: values.scale as keyof typeof SCALES,
			seed: Number(values.seed),
			parseItemDefinition: (input) => {
				const parsed = parseItemDefinition(input);
				if (!parsed.ok) {
					const why = parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
					throw new Error(`generated definition refused: ${why}`);
				}
				return parsed.item;
			},
			log: (m) => console.log(`  ${m}`)
		});
		// Fresh statistics, as the app's start does, so the first queries plan on real sizes.
		await db.$executeRawUnsafe('ANALYZE');
		console.log(
			`bench:data: ${result.rows.toLocaleString()} rows in ${result.seconds.toFixed(0)} s ` +
				`(${Math.round(result.rows / result.seconds).toLocaleString()} rows/s)`
		);
		for (const [table, n] of Object.entries(result.counts)) {
			console.log(`  ${table.padEnd(38)} ${n.toLocaleString().padStart(10)}`);
		}
	} finally {
		await db.$disconnect();
	}
} finally {
	await vite.close();
}
