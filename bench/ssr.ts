// Benchmark 2 (issue 14): server-side rendering throughput of a notice page for a signed-in
// viewer under load, against a bare SSR page (the sign-in page: no session, no query) of the
// same build on the same server in the same run. Target: ≥ 40 % of the bare page's requests/s.
//
//   node bench/ssr.ts --provider sqlite|postgresql --scale demo|x10|x100|national
import autocannon from 'autocannon';
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
const load = (path: string, headers: Record<string, string> = {}) =>
	new Promise<autocannon.Result>((resolve, reject) =>
		autocannon(
			{ url: server.base + path, connections: 16, duration: 10, headers },
			(error, result) => (error ? reject(error) : resolve(result))
		)
	);
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
