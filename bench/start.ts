// How long a start takes (run: npx node bench/start.ts), beside the baseline of the same run:
// a full `vite build`, which every `npm start` used to run first. Measured: `npm run build` when
// the build is current (the inputs' hash check), and `npm run serve` until /healthz answers —
// once on a new SQLite database (migrations, reference data), then on that prepared database, one
// instance and then two at once. Measures, does not assert: the numbers depend on the machine.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(5)} s`;

function timed(fn: () => void) {
	const start = performance.now();
	fn();
	return performance.now() - start;
}

/** Starts `npm run serve` (scripts/start.ts) on any port; resolves when /healthz answers. */
async function serve(dataDir: string) {
	const start = performance.now();
	const child = spawn(process.execPath, [path.join(root, 'scripts/start.ts')], {
		cwd: root,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			KAIRAN_DATA_DIR: dataDir,
			KAIRAN_MODE: 'production'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	let out = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (b: Buffer) => {
			out += b.toString();
			const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
			if (m) resolve(m[1]);
		});
		child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
	});
	while (
		!(await fetch(`${url}/healthz`).then(
			(r) => r.ok,
			() => false
		))
	)
		await new Promise((r) => setTimeout(r, 20));
	const elapsed = performance.now() - start;
	await new Promise((resolve) => {
		child.once('exit', resolve);
		child.kill('SIGTERM');
	});
	return elapsed;
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'kairan-bench-start-'));
try {
	execFileSync(process.execPath, [path.join(root, 'scripts/build.ts')], {
		cwd: root,
		stdio: 'ignore'
	});
	const viteBuild = timed(() =>
		execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
			cwd: root,
			stdio: 'ignore',
			env: { ...process.env, KAIRAN_BUILD_OUT: path.join(tmp, 'build') }
		})
	);
	const check = timed(() =>
		execFileSync(process.execPath, [path.join(root, 'scripts/build.ts')], {
			cwd: root,
			stdio: 'ignore'
		})
	);
	const dataDir = path.join(tmp, 'data');
	const first = await serve(dataDir);
	const again = await serve(dataDir);
	const two = await Promise.all([serve(dataDir), serve(dataDir)]);
	console.log(`baseline: vite build (what every npm start ran before)  ${seconds(viteBuild)}`);
	console.log(`npm run build, build current (hash check)               ${seconds(check)}`);
	console.log(`npm run serve → healthy, new database                   ${seconds(first)}`);
	console.log(`npm run serve → healthy, prepared database              ${seconds(again)}`);
	console.log(
		`two instances at once → both healthy                    ${seconds(Math.max(...two))}`
	);
} finally {
	await rm(tmp, { recursive: true, force: true });
}
