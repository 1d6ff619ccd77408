// Benchmark 2 (issue 14): server-side rendering throughput of a notice page for a signed-in
// viewer under load, against a bare SSR page (the sign-in page: no session, no query) of the
// same build on the same server in the same run. Target: ≥ 40 % of the bare page's requests/s.
//
//   node bench/ssr.ts --provider sqlite|postgresql --scale demo|x10|x100|national
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { args, ensureBuild, ensureData, serve, targetOf } from './lib/env.ts';
import { report } from './lib/report.ts';
import { viteLoader } from './lib/vite-load.ts';

const { provider, scale } = args();
const env = await ensureData(provider, scale);
ensureBuild();

// A session for the viewer, made by the app's own code, and the notice with most recipients.
const vite = await viteLoader();
let cookie: string;
let noticeId: string;
try {
	const { openDb } = await vite.load<typeof import('../src/lib/server/db/client.ts')>(
		'/src/lib/server/db/client.ts'
	);
	const { createSession, SESSION_COOKIE } = await vite.load<
		typeof import('../src/lib/server/auth/sessions.ts')
	>('/src/lib/server/auth/sessions.ts');
	const db = openDb(targetOf(env));
	try {
		const viewer = await db.user.findUniqueOrThrow({ where: { email: 'viewer@example.jp' } });
		cookie = `${SESSION_COOKIE}=${(await createSession(db, viewer.id)).token}`;
		const biggest = await db.recipient.groupBy({
			by: ['noticeId'],
			_count: { _all: true },
			orderBy: { _count: { noticeId: 'desc' } },
			take: 1
		});
		noticeId = biggest[0].noticeId;
	} finally {
		await db.$disconnect();
	}
} finally {
	await vite.close();
}

const server = await serve(env);

/**
 * The server's CPU time so far in ms (Linux /proc; null elsewhere). On a shared machine req/s
 * move with everyone else's load, the CPU time a request costs the server much less: printed
 * beside them, its ratio is what the req/s ratio would be on an idle machine.
 */
function serverCpuMs(): number | null {
	try {
		const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
		// Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100
	} catch {
		return null;
	}
}

const load = async (path: string, headers: Record<string, string> = {}) => {
	const before = serverCpuMs();
	const result = await new Promise<autocannon.Result>((resolve, reject) =>
		autocannon({ url: server.base + path, connections: 16, duration: 10, headers }, (error, r) =>
			error ? reject(error) : resolve(r)
		)
	);
	const after = serverCpuMs();
	const cpu = before === null || after === null ? null : (after - before) / result.requests.total;
	return Object.assign(result, { cpuMsPerRequest: cpu });
};
try {
	// Warm both paths (module loading, statement caches) before measuring.
	for (const [path, headers] of [
		['/login', {}],
		[`/notices/${noticeId}`, { cookie }]
	] as const) {
		const r = await fetch(server.base + path, { headers, redirect: 'manual' });
		if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
	}
	const bare = await load('/login');
	const page = await load(`/notices/${noticeId}`, { cookie });
	const non2xx = page.non2xx + bare.non2xx + page.errors + bare.errors;
	console.log(
		`notice ${noticeId}: ${page.requests.average.toFixed(0)} req/s (p99 ${page.latency.p99} ms), ` +
			`/login ${bare.requests.average.toFixed(0)} req/s; errors or non-2xx: ${non2xx}`
	);
	if (page.cpuMsPerRequest !== null && bare.cpuMsPerRequest !== null)
		console.log(
			`server CPU per request: notice ${page.cpuMsPerRequest.toFixed(2)} ms, /login ` +
				`${bare.cpuMsPerRequest.toFixed(2)} ms (the notice page at ` +
				`${((100 * bare.cpuMsPerRequest) / page.cpuMsPerRequest).toFixed(1)} % of /login's ` +
				'rate on an idle machine)'
		);
	const ratio = page.requests.average / bare.requests.average;
	report([
		{
			name: 'notice page, signed in',
			value: page.requests.average,
			unit: 'req/s',
			baseline: bare.requests.average,
			target: '≥ 40 % of the bare page',
			met: ratio >= 0.4 && non2xx === 0
		},
		{
			name: 'ratio to the bare page',
			value: ratio * 100,
			unit: '%',
			baseline: null,
			target: '≥ 40 %',
			met: ratio >= 0.4
		}
	]);
} finally {
	await server.stop();
}
