// Two app instances on one database, as production runs N of them behind one address: two real
// server processes (`npm run serve`: scripts/start.ts on the one build) on their own ports and
// their own, separate data directories, started at the same moment on one new database
// (PostgreSQL with `npm run test:pg`; SQLite by default, both processes on one file). Proves:
// - a session made on one works on the other, and signing out on one ends it on both;
// - the sign-in throttle counts failures on both together;
// - a batch of mails drained by both workers at once is sent once: an in-process SMTP sink
//   counts Message-IDs, and both instances sent some of them;
// - an attachment uploaded through one (three 1 MiB chunks) downloads through the other;
// - each serves in the process it was started as, with the server's Node flags (start.ts);
// - a new build switched in under running instances does not break them (issue 14's
//   ERR_MODULE_NOT_FOUND): they go on loading their pages from the build they started with.
// The build is made once (scripts/build.ts) and reused when current — by the e2e run too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuild, switchLink } from '../../scripts/build.ts';
import { SERVER_NODE_FLAGS } from '../../scripts/lib/server-flags.ts';
import { createEmptyDatabase, TEST_PROVIDER } from './harness.ts';
import type { Db } from '../../src/lib/server/db/client.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'instances-test-password';
// More than two of a worker's claims (500 rows each, mail/app.ts): both instances get a share.
const MAILS = 1_100;

type Instance = { name: string; url: string; child: ChildProcess; output: string[] };

let empty: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Db;
const instances: Instance[] = [];
const dataDirs: string[] = [];
let sink: SMTPServer;
/** Message-ID → the sender of each time it arrived (each instance has its own From). */
const received = new Map<string, string[]>();

function startSink(): Promise<number> {
	sink = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			let text = '';
			stream.setEncoding('utf8');
			stream.on('data', (part: string) => (text += part));
			stream.on('end', () => {
				const id = /^Message-ID:\s*(<[^>]+>)/im.exec(text)?.[1] ?? 'none';
				const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
				received.set(id, [...(received.get(id) ?? []), from]);
				// A slow server: a batch takes longer than the workers' 5 s tick, so both drain at once.
				setTimeout(callback, 25);
			});
		}
	});
	return new Promise((resolve) =>
		sink.listen(0, '127.0.0.1', () => resolve((sink.server.address() as { port: number }).port))
	);
}

async function startInstance(name: string, databaseUrl: string, smtpPort: number) {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), `kairan-instance-${name}-`));
	dataDirs.push(dataDir);
	const child = spawn(process.execPath, [path.join(root, 'scripts/start.ts')], {
		cwd: root,
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATABASE_URL: databaseUrl,
			KAIRAN_DATA_DIR: dataDir,
			KAIRAN_MODE: 'demo',
			KAIRAN_DEMO_PASSWORD: PASSWORD,
			KAIRAN_MFA_REQUIRED_ROLES: 'none',
			KAIRAN_PUBLIC_URL: 'http://kairan.test',
			SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
			MAIL_FROM: `Kairan ${name} <${name}@kairan.test>`
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const output: string[] = [];
	const instance: Instance = { name, url: '', child, output };
	instances.push(instance);
	instance.url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`instance ${name} did not start:\n${output.join('')}`)),
			150_000
		);
		const read = (chunk: Buffer) => {
			output.push(chunk.toString());
			// The JSON log line scripts/start.ts writes once it listens.
			const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)","msg":"Kairan is listening"/.exec(
				output.join('')
			);
			if (m) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.on('exit', (code) => {
			clearTimeout(timer);
			// The tail: a crash prints minified bundle lines before the error itself.
			reject(new Error(`instance ${name} exited with ${code}:\n${output.join('').slice(-4000)}`));
		});
	});
	// The database is prepared in the server's init, before it answers.
	for (let i = 0; ; i++) {
		const r = await fetch(`${instance.url}/healthz`).catch(() => null);
		if (r?.ok) break;
		if (i > 600) throw new Error(`instance ${name} is not healthy:\n${output.join('')}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return instance;
}

beforeAll(async () => {
	await ensureBuild({ log: () => {} });
	empty = await createEmptyDatabase();
	const databaseUrl =
		empty.target.provider === 'postgresql' ? empty.target.url : `file:${empty.target.file}`;
	const smtpPort = await startSink();
	// Both at once on the empty database: one migrates and loads the demo data, the other waits.
	await Promise.all([
		startInstance('a', databaseUrl, smtpPort),
		startInstance('b', databaseUrl, smtpPort)
	]);
	db = empty.open();
}, 600_000);

afterAll(async () => {
	await Promise.all(
		instances.map(
			(i) =>
				new Promise<void>((resolve) => {
					if (i.child.exitCode !== null) return resolve();
					i.child.once('exit', () => resolve());
					i.child.kill('SIGTERM');
				})
		)
	);
	await db?.$disconnect();
	await new Promise<void>((resolve) => (sink ? sink.close(() => resolve()) : resolve()));
	await empty?.cleanup();
	for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

const [A, B] = [0, 1];

/**
 * A form post as a browser without JavaScript sends it (same origin, so SvelteKit's CSRF check
 * passes; accepting HTML, so an action answers with its redirect rather than JSON).
 */
function post(instance: Instance, route: string, body: FormData, cookie = '') {
	return fetch(`${instance.url}${route}`, {
		method: 'POST',
		body,
		redirect: 'manual',
		headers: { origin: instance.url, accept: 'text/html', ...(cookie ? { cookie } : {}) }
	});
}

function form(fields: Record<string, string | Blob>) {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.append(k, v);
	return f;
}

async function signIn(instance: Instance, email: string) {
	const r = await post(instance, '/login', form({ email, password: PASSWORD }));
	expect(r.status, r.status === 303 ? '' : (await r.text()).slice(0, 3000)).toBe(303);
	const cookie = r.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('kairan_session='));
	expect(cookie).toBeDefined();
	return cookie!;
}

const get = (instance: Instance, route: string, cookie: string) =>
	fetch(`${instance.url}${route}`, { headers: { cookie }, redirect: 'manual' });

describe(`two app instances on one ${TEST_PROVIDER} database`, () => {
	test('both started together on an empty database, which was prepared once', async () => {
		expect(instances.map((i) => i.url)).toHaveLength(2);
		expect(instances[A].url).not.toBe(instances[B].url);
		// One of them loaded the demo data; the other found it there.
		const loaded = instances.filter((i) => i.output.join('').includes('loaded demo data'));
		expect(loaded).toHaveLength(1);
		expect(await db.user.count({ where: { email: 'viewer@example.jp' } })).toBe(1);
	});

	// scripts/start.ts re-executes itself with the server's flags (execve): the process a
	// supervisor started is the one that serves, and its heap is sized by them.
	test.runIf(process.platform === 'linux')(
		'each serves in the process it was started as, with the server’s Node flags',
		() => {
			for (const instance of instances) {
				const argv = readFileSync(`/proc/${instance.child.pid}/cmdline`, 'utf8').split('\0');
				for (const flag of SERVER_NODE_FLAGS) expect(argv).toContain(flag);
			}
		}
	);

	test('a session made on one instance works on the other, and ends on both', async () => {
		const cookie = await signIn(instances[A], 'viewer@example.jp');
		const onB = await get(instances[B], '/overview', cookie);
		expect(onB.status).toBe(200);
		expect(await onB.text()).toContain('厚生労働省 閲覧者');
		// Without the cookie B sends the visitor to sign in.
		expect((await get(instances[B], '/overview', '')).status).toBe(303);
		// Signed out on B: A no longer knows the session.
		const out = await post(instances[B], '/logout', new FormData(), cookie);
		expect(out.status).toBe(303);
		expect((await get(instances[A], '/overview', cookie)).headers.get('location')).toMatch(
			/^\/login/
		);
	});

	test('failed sign-ins on both instances add up in one throttle', async () => {
		const wrong = (i: Instance) =>
			post(i, '/login', form({ email: 'tokyo.health@example.jp', password: 'wrong password' }));
		// 5 failures per account × address are free; they alternate between the instances.
		for (let n = 0; n < 5; n++) expect((await wrong(instances[n % 2])).status).toBe(400);
		const refusedOnA = await wrong(instances[A]);
		const refusedOnB = await wrong(instances[B]);
		expect([refusedOnA.status, refusedOnB.status]).toEqual([429, 429]);
		expect(Number(refusedOnB.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	test('a batch of mails drained by both instances at once is sent exactly once', async () => {
		const now = new Date();
		await db.mail.createMany({
			data: Array.from({ length: MAILS }, (_, n) => ({
				dedupeKey: `instances-test:${n}`,
				kind: 'publication',
				toAddresses: `dept${n}@example.jp`,
				subject: `試験 ${n}`,
				text: `本文 ${n}`,
				html: `<p>本文 ${n}</p>`,
				status: 'queued',
				createdAt: now,
				nextAttemptAt: now
			}))
		});
		const ids = (
			await db.mail.findMany({ where: { dedupeKey: { startsWith: 'instances-test:' } } })
		)
			.map((m) => `<${m.id}@kairan>`)
			.sort();
		for (let waited = 0; ; waited += 500) {
			const sent = await db.mail.count({
				where: { dedupeKey: { startsWith: 'instances-test:' }, status: 'sent' }
			});
			if (sent === MAILS) break;
			if (waited > 120_000) throw new Error(`only ${sent} of ${MAILS} mails were sent`);
			await new Promise((r) => setTimeout(r, 500));
		}
		// Let any second send of a row (the bug this guards against) arrive before counting.
		await new Promise((r) => setTimeout(r, 1500));
		const ours = ids.map((id) => received.get(id) ?? []);
		// Every message arrived, and none twice.
		expect(ours.filter((from) => from.length !== 1)).toEqual([]);
		// Both workers took part.
		const by = (sender: string) => ours.filter(([from]) => from === sender).length;
		expect(by('a@kairan.test')).toBeGreaterThan(0);
		expect(by('b@kairan.test')).toBeGreaterThan(0);
		expect(by('a@kairan.test') + by('b@kairan.test')).toBe(MAILS);
	}, 180_000);

	test('an attachment uploaded through one instance downloads through the other', async () => {
		const cookie = await signIn(instances[A], 'mhlw.issuer@example.jp');
		const issuer = await db.user.findUniqueOrThrow({ where: { email: 'mhlw.issuer@example.jp' } });
		const hokkaido = await db.department.findFirstOrThrow({
			where: { function: 'health', organization: { localGovernmentCode: '010006' } }
		});
		const fields = {
			noticeType: 'administrative_liaison',
			title: '二つのインスタンスの試験',
			issuedOn: '2026-12-02',
			deadline: '',
			issuers: issuer.departmentId!,
			addresseeLines: '北海道衛生主管部（局）　御中',
			preamble: '添付の試験です。',
			include: hokkaido.id
		};
		const created = await post(instances[A], '/notices/new', form(fields), cookie);
		expect(created.status).toBe(303);
		const id = /^\/notices\/([^/]+)\/edit/.exec(created.headers.get('location')!)![1];
		// A PDF of 2.6 MB: three chunks in the database.
		const pdf = readFileSync(path.join(root, 'prisma/data/demo/attachments/attachment-1.pdf'));
		const bytes = Buffer.concat([pdf, Buffer.from('\n%'), randomBytes(2 * 1024 * 1024)]);
		const upload = await post(
			instances[A],
			`/notices/${id}/edit?/upload`,
			form({
				...fields,
				uploadTitle: '大きな別添',
				file: new File([bytes], 'large.pdf', { type: 'application/pdf' })
			}),
			cookie
		);
		expect(upload.status).toBe(200);
		const downloaded = await get(
			instances[B],
			`/notices/${id}/attachments/1?version=editable`,
			cookie
		);
		expect(downloaded.status).toBe(200);
		expect(downloaded.headers.get('content-type')).toBe('application/pdf');
		expect(Number(downloaded.headers.get('content-length'))).toBe(bytes.byteLength);
		expect(Buffer.compare(Buffer.from(await downloaded.arrayBuffer()), bytes)).toBe(0);
		// Neither instance wrote it to its own directory: the bytes are rows.
		const sha = (await db.attachment.findFirstOrThrow({ where: { version: { noticeId: id } } }))
			.sha256;
		expect(await db.blobChunk.count({ where: { sha256: sha } })).toBe(3);
	}, 60_000);

	test('a new build switched in under the running instances does not break them', async () => {
		const current = await readlink(path.join(root, 'build'));
		// The worst case of a new build: nothing of the old one's chunks is where build/ points.
		const empty = path.join(root, '.builds', `instances-test-${process.pid}`);
		await mkdir(empty, { recursive: true });
		try {
			await switchLink(path.basename(empty));
			// Pages neither instance has loaded yet: their modules are imported now.
			for (const instance of instances)
				for (const route of ['/login/reset', '/account/password'])
					expect(
						(await fetch(`${instance.url}${route}`, { redirect: 'manual' })).status
					).toBeLessThan(500);
		} finally {
			await switchLink(path.basename(current));
			await rm(empty, { recursive: true, force: true });
		}
	});
});
