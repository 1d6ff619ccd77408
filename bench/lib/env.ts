// What benchmarks share: a generated database per provider and scale (made once, by
// `npm run bench:data`, and kept under bench/.data or as a PostgreSQL database), the app's build,
// and a served instance of it. Plain Node: app code is reached through a Vite loader or HTTP.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DbTarget } from '../../src/lib/server/db/target.ts';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export type Provider = 'sqlite' | 'postgresql';

export function args() {
	const at = (flag: string, fallback: string) => {
		const i = process.argv.indexOf(flag);
		return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
	};
	const provider = at('--provider', 'sqlite');
	if (provider !== 'sqlite' && provider !== 'postgresql')
		throw new Error('--provider sqlite|postgresql');
	return { provider: provider as Provider, scale: at('--scale', 'x10') };
}

const PG_ADMIN = process.env.KAIRAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The environment that points the app (and bench:data) at this scale's database. */
export function dataEnv(provider: Provider, scale: string): Record<string, string> {
	if (provider === 'sqlite') {
		return { KAIRAN_DATA_DIR: path.join(root, 'bench/.data', `${scale}-sqlite`) };
	}
	const url = new URL(PG_ADMIN);
	// KAIRAN_BENCH_TAG keeps the PostgreSQL databases of several checkouts on one server apart.
	const tag = process.env.KAIRAN_BENCH_TAG?.replace(/\W/g, '');
	url.pathname = `/kairan_bench_${scale}${tag ? `_${tag}` : ''}`;
	return {
		KAIRAN_DATA_DIR: path.join(root, 'bench/.data', `${scale}-postgresql`),
		DATABASE_URL: url.href
	};
}

export function targetOf(env: Record<string, string>): DbTarget {
	return env.DATABASE_URL
		? { provider: 'postgresql', url: env.DATABASE_URL }
		: { provider: 'sqlite', file: path.join(env.KAIRAN_DATA_DIR, 'kairan.db') };
}

/** Makes the generated database of this scale unless it exists (a fill takes minutes). */
export async function ensureData(provider: Provider, scale: string) {
	const env = dataEnv(provider, scale);
	mkdirSync(env.KAIRAN_DATA_DIR, { recursive: true });
	let exists: boolean;
	if (provider === 'sqlite') exists = existsSync(path.join(env.KAIRAN_DATA_DIR, 'kairan.db'));
	else {
		const admin = new pg.Client({ connectionString: PG_ADMIN });
		await admin.connect();
		const name = new URL(env.DATABASE_URL).pathname.slice(1);
		const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
		exists = found.rowCount !== 0;
		await admin.end();
	}
	if (!exists) {
		console.log(`generating ${scale} data on ${provider} (npm run bench:data) …`);
		const r = spawnSync('npm', ['run', 'bench:data', '--', '--scale', scale], {
			cwd: root,
			env: { ...process.env, ...env },
			stdio: 'inherit'
		});
		if (r.status !== 0) throw new Error('bench:data failed');
	}
	return env;
}

/** Builds the app when its sources changed since the current build (scripts/build.ts). */
export function ensureBuild() {
	const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.ts')], {
		cwd: root,
		stdio: 'inherit'
	});
	if (r.status !== 0) throw new Error('npm run build failed');
}

/** A port nothing listens on now (other sessions on this machine run benchmarks too). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/**
 * Serves the build against the given database on a free port; resolves once it answers. The
 * health check is only trusted while our own server is alive: on a taken port another
 * process's server would answer it.
 */
export async function serve(env: Record<string, string>) {
	const port = await freePort();
	const child = spawn(process.execPath, [path.join(root, 'scripts/start.ts')], {
		cwd: root,
		env: {
			...process.env,
			...env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			KAIRAN_MODE: 'production',
			KAIRAN_MFA_REQUIRED_ROLES: 'none'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	const base = `http://127.0.0.1:${port}`;
	let up = false;
	for (let i = 0; i < 600 && !up; i++) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			up = (await fetch(`${base}/healthz`)).ok;
		} catch {
			// not listening yet
		}
		if (!up) await new Promise((r) => setTimeout(r, 250));
	}
	// Still ours? (A server that failed to listen exits right after.)
	await new Promise((r) => setTimeout(r, 500));
	if (!up || child.exitCode !== null) {
		child.kill('SIGTERM');
		throw new Error(`server on port ${port} did not start`);
	}
	return {
		base,
		/** The server's process id (bench/ssr.ts reads its CPU time). */
		pid: child.pid!,
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
