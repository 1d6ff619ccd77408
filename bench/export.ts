// National exports at national size: a notice answered by ~5,400 departments and a registry of
// ~20,000 institutions, written as the download endpoints write them (rows streamed from the
// database in keyset pages into csv-stringify / exceljs's streaming WorkbookWriter), beside a
// baseline from the same run: the same rows read whole into memory and written by the same
// libraries from the array (csv-stringify/sync, an in-memory exceljs Workbook).
// Each variant runs in a fresh process (bench/export-measure.ts), so its peak RSS is its own.
// Targets: ≤ 3 s, ≤ 300 MB.
//
//   npx node bench/export.ts [--departments 5400] [--institutions 20000]
//   KAIRAN_TEST_DB=postgresql npx node bench/export.ts     (PostgreSQL at 127.0.0.1:5432)
//
// Measures, does not assert: the numbers depend on the machine and its load.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer, createServerModuleRunner } from 'vite';

const VARIANTS = [
	'idle',
	'national-csv-stream',
	'national-csv-memory',
	'national-xlsx-stream',
	'national-xlsx-memory',
	'registry-csv-stream',
	'registry-csv-memory',
	'registry-xlsx-stream',
	'registry-xlsx-memory'
] as const;

function option(name: string, fallback: number): number {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

type Prepared = {
	target: object;
	cleanup: () => Promise<void>;
	noticeId: string;
	recipients: number;
	answers: number;
};

const root = fileURLToPath(new URL('..', import.meta.url));
const server = await createServer({
	root,
	configFile: false,
	logLevel: 'error',
	appType: 'custom',
	server: { middlewareMode: true, hmr: false, ws: false }
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
const fill = (await runner.import('/bench/export-fill.ts')) as {
	prepare: (departments: number, institutions: number) => Promise<Prepared>;
};
const departments = option('departments', 5400);
const institutions = option('institutions', 20000);
const provider = process.env.KAIRAN_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';
const filling = performance.now();
const env = await fill.prepare(departments, institutions);
try {
	console.log(
		`${provider}: ${env.recipients.toLocaleString()} recipients, ${env.answers.toLocaleString()} ` +
			`submitted answers, ${institutions.toLocaleString()} registry institutions ` +
			`(filled in ${((performance.now() - filling) / 1000).toFixed(1)} s)`
	);
	console.log(
		'variant                 time (ms)    size (bytes)  peak RSS (MB)  over idle (MB)  vs target'
	);
	const measure = fileURLToPath(new URL('export-measure.ts', import.meta.url));
	let idle = 0;
	for (const variant of VARIANTS) {
		const runs = [];
		// Median of three fresh processes (one for idle: a process that loaded the modules and
		// opened the database, the floor every variant starts from).
		for (let i = 0; i < (variant === 'idle' ? 1 : 3); i++) {
			const out = execFileSync(
				process.execPath,
				['--experimental-transform-types', '--no-warnings', measure, variant],
				{
					env: {
						...process.env,
						BENCH_TARGET: JSON.stringify(env.target),
						BENCH_NOTICE: env.noticeId
					},
					encoding: 'utf8'
				}
			);
			runs.push(JSON.parse(out.trim().split('\n').at(-1)!));
		}
		runs.sort((a, b) => a.ms - b.ms);
		const r = runs[Math.floor(runs.length / 2)];
		const rss = Math.max(...runs.map((x) => x.maxRssMb));
		if (variant === 'idle') idle = rss;
		const verdict =
			variant === 'idle'
				? '(floor)'
				: r.ms <= 3000 && rss <= 300
					? 'met (≤ 3 s, ≤ 300 MB)'
					: 'MISSED (≤ 3 s, ≤ 300 MB)';
		console.log(
			`${variant.padEnd(22)} ${r.ms.toFixed(0).padStart(10)} ${r.bytes.toLocaleString().padStart(15)} ` +
				`${rss.toFixed(0).padStart(14)} ${(rss - idle).toFixed(0).padStart(15)}  ${verdict}`
		);
	}
} finally {
	await env.cleanup();
	await runner.close();
	await server.close();
}
