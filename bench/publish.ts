// Publishing to 5,400 departments, and draining its mails (issue 14, benchmark 3).
//
//   npm run bench -- --only publish            both databases, through the runner (bench/run.ts)
//   node bench/publish.ts --provider sqlite    SQLite (a temp file)
//   node bench/publish.ts --provider postgresql  a throwaway database on KAIRAN_TEST_PG_URL
//       (default postgres://postgres@127.0.0.1:5432/postgres)
// `--scale` is accepted and ignored: the benchmark makes its own 5,400 departments (BENCH_N).
//
// Fills a fresh database by direct inserts (5,400 departments, one address each), publishes a
// notice to all of them and prints the commit time (target ≤ 2 s); then drains the outbox into
// an SMTP sink in this process (smtp-server) and prints mails/s beside the baseline measured in
// the same run: plain pooled nodemailer sending the same number of messages of the same size to
// the same sink (target ≥ 0.8× the baseline). Measures, does not assert.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import type { DbTarget } from '../src/lib/server/db/client.ts';
import type { SessionUser } from '../src/lib/server/auth/sessions.ts';
import { report } from './lib/report.ts';
import { viteLoader } from './lib/vite-load.ts';

// The app's modules, loaded as the app is built (they use Vite-only imports).
const vite = await viteLoader();
const load = <T>(file: string) => vite.load<T>(file);
const { openDb } = await load<typeof import('../src/lib/server/db/client.ts')>(
	'/src/lib/server/db/client.ts'
);
const { migrate } = await load<typeof import('../src/lib/server/db/migrate.ts')>(
	'/src/lib/server/db/migrate.ts'
);
const { createDraft } = await load<typeof import('../src/lib/server/notices/drafts.ts')>(
	'/src/lib/server/notices/drafts.ts'
);
const { publishNotice } = await load<typeof import('../src/lib/server/notices/publishing.ts')>(
	'/src/lib/server/notices/publishing.ts'
);
const { seedFunctions } = await load<typeof import('../src/lib/server/reference/load.ts')>(
	'/src/lib/server/reference/load.ts'
);
const { drainOutbox } = await load<typeof import('../src/lib/server/mail/outbox-drain.ts')>(
	'/src/lib/server/mail/outbox-drain.ts'
);
const { messageOfRow } = await load<typeof import('../src/lib/server/mail/notice-mails.ts')>(
	'/src/lib/server/mail/notice-mails.ts'
);
const { createMailTransport } = await load<typeof import('../src/lib/server/mail/transport.ts')>(
	'/src/lib/server/mail/transport.ts'
);

const DEPARTMENTS = Number(process.env.BENCH_N ?? 5_400);
const BODIES = DEPARTMENTS / 2; // each with a health and a center department
const KINDS = [
	'prefecture',
	'designated_city',
	'core_city',
	'other_health_center_city',
	'special_ward'
];
const FROM = 'Kairan <no-reply@kairan.example.jp>';
const publicUrl = 'https://kairan.example.jp';

const { values } = parseArgs({
	options: { provider: { type: 'string', default: 'sqlite' }, scale: { type: 'string' } }
});
const onPg = values.provider === 'postgresql';
let target: DbTarget;
let cleanup: () => Promise<void>;
if (onPg) {
	const admin = process.env.KAIRAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const name = `kairan_bench_${process.pid}`;
	const c = new pg.Client({ connectionString: admin });
	await c.connect();
	await c.query(`CREATE DATABASE ${name}`);
	await c.end();
	const url = new URL(admin);
	url.pathname = `/${name}`;
	target = { provider: 'postgresql', url: url.toString() };
	cleanup = async () => {
		const d = new pg.Client({ connectionString: admin });
		await d.connect();
		await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await d.end();
	};
} else {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'kairan-bench-'));
	target = { provider: 'sqlite', file: path.join(dir, 'kairan.db') };
	cleanup = () => rm(dir, { recursive: true, force: true });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
	await migrate(target);
	const db = openDb(target);
	// The function catalogue a rule's functions are checked against (directory/functions.ts).
	await seedFunctions(db);
	const run = (sql: string) => db.$executeRawUnsafe(sql);
	const ts = onPg ? 'CURRENT_TIMESTAMP' : `'2026-12-01T00:00:00.000+00:00'`;
	const numbers = (n: number) =>
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})`;
	const kind = `CASE i % 5 ${KINDS.map((k, i) => `WHEN ${i} THEN '${k}'`).join(' ')} END`;
	const t0 = performance.now();
	await run(
		`INSERT INTO "Organization" ("id", "kind", "name", "nameKana") VALUES ('ministry', 'ministry', '厚生労働省', 'こうせいろうどうしょう')`
	);
	await run(
		`INSERT INTO "Department" ("id", "organizationId", "name", "function") VALUES ('office', 'ministry', '医政局総務課', 'ministry_office')`
	);
	await run(
		`INSERT INTO "DepartmentEmail" ("id", "departmentId", "address") VALUES ('office-mail', 'office', 'office@mhlw.example.jp')`
	);
	await run(
		`INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "departmentId", "locale", "createdAt") VALUES ('issuer', 'bench.issuer@example.jp', '発出', '', 'issuer', 'office', 'ja', ${ts})`
	);
	await run(`${numbers(BODIES)} INSERT INTO "Organization" ("id", "kind", "prefectureCode", "name", "nameKana")
		SELECT 'org' || CAST(i AS TEXT), ${kind}, CASE WHEN i % 47 + 1 < 10 THEN '0' ELSE '' END || CAST(i % 47 + 1 AS TEXT), '団体' || CAST(i AS TEXT), 'だんたい' FROM n`);
	for (const fn of ['health', 'onestop_center'])
		await run(`${numbers(BODIES)} INSERT INTO "Department" ("id", "organizationId", "name", "function")
			SELECT '${fn}' || CAST(i AS TEXT), 'org' || CAST(i AS TEXT), '${fn === 'health' ? '衛生主管部（局）' : 'センター所管部（局）'}', '${fn}' FROM n`);
	await run(`INSERT INTO "DepartmentEmail" ("id", "departmentId", "address")
		SELECT 'mail-' || "id", "id", "id" || '@example.jp' FROM "Department" WHERE "function" <> 'ministry_office'`);
	await run(onPg ? 'ANALYZE' : 'PRAGMA optimize');
	console.log(
		`${target.provider}: ${DEPARTMENTS.toLocaleString()} departments inserted in ${seconds(performance.now() - t0)}`
	);

	const issuer: SessionUser = {
		id: 'issuer',
		email: 'bench.issuer@example.jp',
		name: '発出',
		role: 'issuer',
		locale: 'ja',
		departmentId: 'office',
		organizationId: 'ministry'
	};
	const noticeId = await createDraft(db, issuer, {
		noticeType: 'administrative_liaison',
		itemNumbering: 'full_width',
		correctionReason: null,
		title: '全国の衛生主管部（局）及びセンター所管部（局）あて 周知について',
		documentNumber: null,
		issuedOn: '2026-12-01',
		deadline: '2026-12-25',
		addresseeLines: ['各都道府県・市区衛生主管部（局）　御中'],
		preamble: '周知についてご協力をお願いします。',
		items: [{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' }],
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: ['office'],
		rule: {
			bodyKinds: KINDS as never,
			functions: ['health', 'onestop_center'],
			include: [],
			exclude: []
		}
	});
	const p0 = performance.now();
	const count = await publishNotice(db, issuer, noticeId, { publicUrl });
	const commitMs = performance.now() - p0;
	console.log(
		`publish to ${count.toLocaleString()} departments: ${seconds(commitMs)} (target ≤ 2 s) ${commitMs <= 2000 ? 'MET' : 'MISSED'}`
	);

	// The sink: accepts everything, keeps nothing.
	let accepted = 0;
	const sink = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		disableReverseLookup: true,
		onData(stream, _session, callback) {
			stream.on('end', () => {
				accepted++;
				callback();
			});
			stream.resume();
		}
	});
	const port = await new Promise<number>((resolve) =>
		sink.listen(0, '127.0.0.1', () => resolve((sink.server.address() as AddressInfo).port))
	);

	// The outbox, as the app's worker drains it, between two runs of the baseline (plain pooled
	// nodemailer, the same number of messages of the same size to the same sink): the ratio is
	// taken against the faster baseline run, so warming up favours neither side.
	const transport = createMailTransport({
		smtpUrl: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
		outboxDir: ''
	});
	const sample = await db.mail.findFirstOrThrow({ where: { kind: 'publication' } });
	const message = await messageOfRow(db, sample.id, { publicUrl });
	const total = await db.mail.count({ where: { status: 'queued' } });

	async function baseline(): Promise<number> {
		const plain = nodemailer.createTransport({
			host: '127.0.0.1',
			port,
			secure: false,
			ignoreTLS: true,
			pool: true,
			maxConnections: transport.concurrency
		});
		const b0 = performance.now();
		await Promise.all(
			Array.from({ length: total }, (_, i) =>
				plain.sendMail({
					from: FROM,
					to: `health${i}@example.jp`,
					subject: message.subject,
					text: message.text,
					html: message.html
				})
			)
		);
		const ms = performance.now() - b0;
		plain.close();
		return (total / ms) * 1000;
	}

	const before = await baseline();
	const d0 = performance.now();
	let sent = 0;
	for (;;) {
		const r = await drainOutbox(db, transport, {
			from: FROM,
			batchSize: 500,
			concurrency: transport.concurrency,
			compose: { publicUrl }
		});
		sent += r.sent;
		if (r.sent + r.failed + r.retrying === 0) break;
	}
	const drainMs = performance.now() - d0;
	transport.close();
	const outboxRate = (sent / drainMs) * 1000;
	const after = await baseline();
	const baselineRate = Math.max(before, after);
	const ratio = outboxRate / baselineRate;
	console.log(
		`outbox drain: ${sent.toLocaleString()} mails in ${seconds(drainMs)} = ${outboxRate.toFixed(0)} mails/s; ` +
			`baseline (pooled nodemailer, ${transport.concurrency} connections): ${before.toFixed(0)} and ${after.toFixed(0)} mails/s; ` +
			`ratio ${ratio.toFixed(2)} (target ≥ 0.8) ${ratio >= 0.8 ? 'MET' : 'MISSED'}`
	);
	console.log(`sink accepted ${accepted.toLocaleString()} messages`);
	report([
		{
			name: `publish commit (${count.toLocaleString()} departments)`,
			value: commitMs,
			unit: 'ms',
			baseline: null,
			target: '≤ 2000 ms',
			met: commitMs <= 2000
		},
		{
			name: 'outbox drain',
			value: outboxRate,
			unit: 'mails/s',
			baseline: baselineRate,
			target: '≥ 0.8× baseline',
			met: ratio >= 0.8
		}
	]);
	await new Promise<void>((resolve) => sink.close(() => resolve()));
	await db.$disconnect();
} finally {
	await cleanup();
	await vite.close();
}
