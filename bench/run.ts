// `npm run bench`: every benchmark of bench/README.md on SQLite and PostgreSQL, each figure
// printed beside its baseline (measured in the same run) and its target.
//
//   npm run bench [-- --provider sqlite|postgresql] [--scale demo|x10|x100|national] [--only name]
//                    [--json file]
// --provider and --only may be given more than once; --json also writes every row to a file.
//
// Each benchmark is its own process (`node bench/<name>.ts --provider P --scale S`), so one's
// memory and open handles never colour the next; it prints its figures as one line
// `BENCH-JSON [...]` (bench/lib/report.ts). A benchmark that fails or prints no figures is
// reported as such, never as met.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { BENCHMARKS, type Figure, parseFigures } from './lib/report.ts';

const { values } = parseArgs({
	options: {
		provider: { type: 'string', multiple: true },
		scale: { type: 'string', default: 'national' },
		only: { type: 'string', multiple: true },
		json: { type: 'string' }
	}
});
const unknown = (values.only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length > 0) {
	console.error(`--only: no benchmark ${unknown.join(', ')} (${BENCHMARKS.map((b) => b.name)})`);
	process.exit(2);
}

/** Runs one benchmark, echoing its output as it comes (runs take minutes), BENCH-JSON aside. */
function runOne(file: string, provider: string) {
	return new Promise<{ status: number | null; out: string }>((resolve) => {
		const child = spawn(
			process.execPath,
			[file, '--provider', provider, '--scale', values.scale!],
			{ stdio: ['ignore', 'pipe', 'inherit'] }
		);
		let out = '';
		let partial = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			out += chunk;
			const lines = (partial + chunk).split('\n');
			partial = lines.pop()!;
			for (const line of lines) if (!line.startsWith('BENCH-JSON ')) console.log(line);
		});
		child.on('close', (status) => {
			if (partial && !partial.startsWith('BENCH-JSON ')) console.log(partial);
			resolve({ status, out });
		});
	});
}
const providers = values.provider ?? ['sqlite', 'postgresql'];
const chosen = BENCHMARKS.filter((b) => !values.only || values.only.includes(b.name));

type Row = Figure & { bench: string; provider: string };
const rows: Row[] = [];
const problems: string[] = [];
console.log(
	`kairan bench: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ` +
		`${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0].toFixed(1)}, ` +
		`${new Date().toISOString()}, scale ${values.scale}`
);
for (const bench of chosen) {
	const file = new URL(`./${bench.name}.ts`, import.meta.url);
	if (!existsSync(file)) {
		problems.push(`${bench.name}: bench/${bench.name}.ts is missing — not run`);
		continue;
	}
	for (const provider of providers) {
		console.log(`\n== ${bench.name} (${provider}) — ${bench.what}`);
		const started = performance.now();
		const child = await runOne(file.pathname, provider);
		const out = child.out;
		console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
		const figures = parseFigures(out);
		if (child.status !== 0 || figures.length === 0) {
			problems.push(
				`${bench.name} (${provider}): ${child.status !== 0 ? `exited ${child.status}` : 'printed no figures'}`
			);
		}
		for (const f of figures) rows.push({ ...f, bench: bench.name, provider });
	}
}

const fmt = (v: number | null | undefined, unit = '') =>
	v === null || v === undefined ? '—' : `${Number(v.toPrecision(4)).toLocaleString()}${unit}`;
console.log('\n| benchmark | db | figure | value | baseline | target | met | load |');
console.log('|---|---|---|---:|---:|---|---|---:|');
for (const r of rows) {
	console.log(
		`| ${r.bench} | ${r.provider} | ${r.name} | ${fmt(r.value, ` ${r.unit}`)} | ${fmt(r.baseline, ` ${r.unit}`)} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} | ${fmt(r.load)} |`
	);
}
if (values.json) writeFileSync(values.json, JSON.stringify({ rows, problems }, null, '\t'));
for (const p of problems) console.log(`\n! ${p}`);
process.exitCode = problems.length > 0 ? 1 : 0;
