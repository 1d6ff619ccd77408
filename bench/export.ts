// Benchmark 5 (issue 14): national exports on the generated database of `--scale`
// (npm run bench:data): the notice with most recipients among those that ask answers, as CSV and
// XLSX, and the registry of institutions, written as the download endpoints write them (rows
// streamed from the database in pages into csv-stringify / exceljs's streaming WorkbookWriter),
// beside a baseline from the same run: the same rows read whole into memory and written by the
// same libraries from the array (csv-stringify/sync, an in-memory exceljs Workbook).
// Each variant runs in a fresh process (bench/export-measure.ts) with the server's Node flags
// (scripts/lib/server-flags.ts), so its peak RSS is its own and sized as the server's;
// "idle" is a process that loaded the same modules and opened the database: the floor.
// Targets: ≤ 3 s and ≤ 300 MB peak RSS. Measures, does not assert.
//
//   node bench/export.ts --provider sqlite|postgresql --scale x10|national [--runs 3]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { args, ensureData, targetOf } from './lib/env.ts';
import { median, report, type Figure } from './lib/report.ts';
import { SERVER_NODE_FLAGS } from '../scripts/lib/server-flags.ts';

const { provider, scale } = args();
const { values: opts } = parseArgs({
	options: {
		provider: { type: 'string' },
		scale: { type: 'string' },
		runs: { type: 'string', default: '3' }
	}
});
const env = await ensureData(provider, scale);
const target = targetOf(env);

// The notice: most first-level recipients among published notices that ask answers.
const BIGGEST = `SELECT t."noticeId" AS id, SUM(t."recipients") AS n FROM "ProgressTally" t
	JOIN "Notice" n ON n."id" = t."noticeId" AND n."status" IN ('published', 'closed')
	WHERE t."scope" IN ('prefecture', 'municipal')
		AND EXISTS (SELECT 1 FROM "ResponseItem" i WHERE i."noticeId" = t."noticeId")
	GROUP BY t."noticeId" ORDER BY 2 DESC, 1 LIMIT 1`;
let notice: { id: string; n: number };
if (target.provider === 'sqlite') {
	const raw = new Database(target.file, { readonly: true });
	notice = raw.prepare(BIGGEST).get() as typeof notice;
	raw.close();
} else {
	const raw = new pg.Client({ connectionString: target.url });
	await raw.connect();
	notice = (await raw.query(BIGGEST)).rows[0];
	await raw.end();
}
console.log(
	`${provider}, ${scale}: notice ${notice.id} (${Number(notice.n).toLocaleString()} recipients); ` +
		`load average ${os.loadavg()[0].toFixed(1)}`
);

const measure = fileURLToPath(new URL('export-measure.ts', import.meta.url));
type Run = { ms: number; bytes: number; maxRssMb: number };
/** Median time and highest peak RSS of `runs` fresh processes of one variant. */
function variant(name: string, runs: number) {
	const results: Run[] = [];
	for (let i = 0; i < runs; i++) {
		const out = execFileSync(
			process.execPath,
			// The server's own Node flags (scripts/start.ts runs with them): peak RSS is the
			// server's only if its heap is sized as the server's is.
			[...SERVER_NODE_FLAGS, '--experimental-transform-types', '--no-warnings', measure, name],
			{
				env: { ...process.env, BENCH_TARGET: JSON.stringify(target), BENCH_NOTICE: notice.id },
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit']
			}
		);
		results.push(JSON.parse(out.trim().split('\n').at(-1)!) as Run);
	}
	const r = {
		ms: median(results.map((x) => x.ms)),
		bytes: results[0].bytes,
		rss: Math.max(...results.map((x) => x.maxRssMb))
	};
	console.log(
		`${name.padEnd(22)} ${r.ms.toFixed(0).padStart(8)} ms ${r.bytes.toLocaleString().padStart(12)} bytes ` +
			`${r.rss.toFixed(0).padStart(5)} MB peak RSS (load ${os.loadavg()[0].toFixed(1)})`
	);
	return r;
}

const runs = Number(opts.runs);
const idle = variant('idle', 1);
const figures: Figure[] = [
	{
		name: 'process floor (modules loaded, database open)',
		value: idle.rss,
		unit: 'MB',
		baseline: null,
		target: 'information',
		met: null
	}
];
for (const [label, stream, memory] of [
	['national CSV', 'national-csv-stream', 'national-csv-memory'],
	['national XLSX', 'national-xlsx-stream', 'national-xlsx-memory'],
	['registry CSV', 'registry-csv-stream', 'registry-csv-memory'],
	['registry XLSX', 'registry-xlsx-stream', 'registry-xlsx-memory']
] as const) {
	const s = variant(stream, runs);
	const m = variant(memory, 1);
	// Each half of the target on its own line: the target is met when both lines are.
	figures.push(
		{
			name: `${label}, streamed: time`,
			value: s.ms,
			unit: 'ms',
			baseline: m.ms,
			target: '≤ 3 s',
			met: s.ms <= 3000
		},
		{
			name: `${label}, streamed: peak RSS`,
			value: s.rss,
			unit: 'MB',
			baseline: m.rss,
			target: '≤ 300 MB',
			met: s.rss <= 300
		}
	);
}
report(figures);
