// A small, self-contained filler for the dashboards benchmark: a fresh SQLite file or PostgreSQL
// database, migrated, then filled by direct inserts (the bare drivers, not the app) at a chosen
// scale. Deterministic from its seed. At scale 1: 47 prefectures and 2,653 other bodies with two
// departments each (5,400), 250 notices addressed to every health department or to every
// department (≈1M recipients), three items each (one for all, one for prefectures only with its
// own deadline, one for the センター), ~80 % acknowledged, ~60 % of due answers submitted and ~15 %
// drafts. The newest 30 notices are open, the rest closed: history the dashboards must not read.
// Meant to be replaced by the full national generator (`npm run bench:data`) when it lands.
import Database from 'better-sqlite3';
import pg from 'pg';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { DbTarget } from '../../src/lib/server/db/target.ts';

export type FillOptions = { scale: number; seed?: number };
export type Filled = {
	notices: number;
	departments: number;
	recipients: number;
	acknowledgments: number;
	responses: number;
	/** The open notices, newest first. */
	open: string[];
};

const PG_ADMIN_URL =
	process.env.KAIRAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KINDS = ['designated_city', 'core_city', 'other_health_center_city', 'special_ward', 'city'];

/** mulberry32: a tiny seeded generator, so every run fills the same rows. */
function random(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** As Prisma writes a DateTime on SQLite; PostgreSQL's `timestamp` reads it as UTC too. */
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const day = (ms: number) => new Date(ms + 9 * 3600_000).toISOString().slice(0, 10);

type Row = (string | number | null)[];
type Sink = { insert(table: string, columns: string[], rows: Row[]): Promise<void> };

/** Creates and migrates the database; returns its target and a way to drop it. */
export async function createBenchDatabase(provider: 'sqlite' | 'postgresql', dir: string) {
	const migrations = path.join(import.meta.dirname, '../../prisma', provider, 'migrations');
	const sqls = readdirSync(migrations)
		.filter((d) => /^\d/.test(d))
		.sort()
		.map((d) => readFileSync(path.join(migrations, d, 'migration.sql'), 'utf8'));
	if (provider === 'sqlite') {
		mkdirSync(dir, { recursive: true });
		const file = path.join(dir, 'bench.db');
		rmSync(file, { force: true });
		const raw = new Database(file);
		raw.pragma('journal_mode = WAL');
		for (const sql of sqls) raw.exec(sql);
		raw.close();
		const target: DbTarget = { provider: 'sqlite', file };
		return { target, drop: async () => rmSync(dir, { recursive: true, force: true }) };
	}
	const name = `kairan_bench_dash_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await admin.query(`DROP DATABASE IF EXISTS ${name}`);
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${name}`;
	const client = new pg.Client({ connectionString: url.toString() });
	await client.connect();
	for (const sql of sqls) await client.query(sql);
	await client.end();
	const target: DbTarget = { provider: 'postgresql', url: url.toString() };
	return {
		target,
		drop: async () => {
			const a = new pg.Client({ connectionString: PG_ADMIN_URL });
			await a.connect();
			await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await a.end();
		}
	};
}

async function openSink(target: DbTarget): Promise<Sink & { close(): Promise<void> }> {
	if (target.provider === 'sqlite') {
		const raw = new Database(target.file);
		return {
			async insert(table, columns, rows) {
				const statement = raw.prepare(
					`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
				);
				raw.transaction(() => {
					for (const row of rows) statement.run(...row);
				})();
			},
			async close() {
				raw.exec('ANALYZE');
				raw.close();
			}
		};
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	const types = new Map<string, string>();
	return {
		async insert(table, columns, rows) {
			if (!types.has(table)) {
				const { rows: cols } = await client.query(
					`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1`,
					[table]
				);
				for (const c of cols) types.set(`${table}.${c.column_name}`, c.data_type);
				types.set(table, 'seen');
			}
			const cast = (c: string) => {
				const t = types.get(`${table}.${c}`);
				return t === 'jsonb'
					? 'jsonb'
					: t === 'integer'
						? 'int'
						: t?.startsWith('timestamp')
							? 'timestamp'
							: 'text';
			};
			for (let i = 0; i < rows.length; i += 5000) {
				const batch = rows.slice(i, i + 5000);
				const arrays = columns.map((_, c) =>
					batch.map((r) => (r[c] === null ? null : String(r[c])))
				);
				await client.query(
					`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')})
					SELECT ${columns.map((c, n) => `u.c${n}::${cast(c)}`).join(', ')}
					FROM unnest(${columns.map((_, n) => `$${n + 1}::text[]`).join(', ')})
						AS u(${columns.map((_, n) => `c${n}`).join(', ')})`,
					arrays
				);
			}
		},
		async close() {
			await client.query('ANALYZE');
			await client.end();
		}
	};
}

/** Fills the (migrated, empty) database. */
export async function fillDashboards(target: DbTarget, options: FillOptions): Promise<Filled> {
	const rand = random(options.seed ?? 14);
	const sink = await openSink(target);
	const bodies = Math.max(8, Math.round(2653 * options.scale));
	const noticeCount = Math.max(25, Math.round(250 * options.scale));

	const organizations: Row[] = [];
	const departments: Row[] = [];
	const departmentsOf: { id: string; kind: string; function: string }[] = [];
	for (let p = 1; p <= 47 + bodies; p++) {
		const prefecture = p <= 47;
		const code = String(prefecture ? p : 1 + (p % 47)).padStart(2, '0');
		const kind = prefecture ? 'prefecture' : KINDS[p % KINDS.length];
		organizations.push([`o${p}`, kind, code, `団体${p}`, `だんたい${p}`]);
		for (const fn of ['health', 'onestop_center']) {
			const id = `d${p}-${fn === 'health' ? 'h' : 'c'}`;
			departments.push([id, `o${p}`, fn === 'health' ? '衛生主管部局' : 'センター所管部局', fn]);
			departmentsOf.push({ id, kind, function: fn });
		}
	}
	await sink.insert(
		'Organization',
		['id', 'kind', 'prefectureCode', 'name', 'nameKana'],
		organizations
	);
	await sink.insert('Department', ['id', 'organizationId', 'name', 'function'], departments);
	await sink.insert(
		'User',
		['id', 'email', 'name', 'passwordHash', 'role'],
		[['bench-user', 'bench@example.jp', 'bench', 'x', 'viewer']]
	);

	const filled: Filled = {
		notices: noticeCount,
		departments: departments.length,
		recipients: 0,
		acknowledgments: 0,
		responses: 0,
		open: []
	};
	const start = Date.parse('2022-04-01T00:00:00Z');
	const span = Date.parse('2026-11-25T00:00:00Z') - start;
	for (let n = 0; n < noticeCount; n++) {
		const id = `n${String(n).padStart(5, '0')}`;
		const published = start + Math.floor((span * n) / noticeCount);
		const open = n >= noticeCount - 30;
		if (open) filled.open.unshift(id);
		const deadline = day(published + 30 * 86_400_000);
		await sink.insert(
			'Notice',
			[
				'id',
				'status',
				'currentVersionNumber',
				'createdById',
				'createdAt',
				'updatedAt',
				'publishedAt',
				'closedAt'
			],
			[
				[
					id,
					open ? 'published' : 'closed',
					1,
					'bench-user',
					iso(published),
					iso(published),
					iso(published),
					open ? null : iso(published + 60 * 86_400_000)
				]
			]
		);
		await sink.insert(
			'NoticeVersion',
			[
				'id',
				'noticeId',
				'number',
				'noticeType',
				'title',
				'issuedOn',
				'addresseeLines',
				'addresseeRule',
				'preamble',
				'items',
				'contacts',
				'references',
				'deadline',
				'publishedAt',
				'publishedById'
			],
			[
				[
					`${id}-v1`,
					id,
					1,
					'request',
					`ベンチマーク通知 ${n}`,
					day(published),
					'[]',
					'{}',
					'',
					'[]',
					'[]',
					'[]',
					deadline,
					iso(published),
					'bench-user'
				]
			]
		);
		const items: {
			id: string;
			bodyKinds: string[];
			functions: string[];
			deadline: string | null;
		}[] = [
			{ id: `${id}-i1`, bodyKinds: [], functions: [], deadline: null },
			{
				id: `${id}-i2`,
				bodyKinds: ['prefecture'],
				functions: [],
				deadline: day(published + 14 * 86_400_000)
			},
			{ id: `${id}-i3`, bodyKinds: [], functions: ['onestop_center'], deadline: null }
		];
		await sink.insert(
			'ResponseItem',
			['id', 'noticeId', 'number', 'title', 'kind', 'functions', 'bodyKinds', 'deadline'],
			items.map((i, k) => [
				i.id,
				id,
				k + 1,
				`項目${k + 1}`,
				'free_text',
				JSON.stringify(i.functions),
				JSON.stringify(i.bodyKinds),
				i.deadline
			])
		);
		const healthOnly = n % 2 === 0;
		const recipients: Row[] = [];
		const acks: Row[] = [];
		const responses: Row[] = [];
		for (const d of departmentsOf) {
			if (healthOnly && d.function !== 'health') continue;
			const rid = `${id}-${d.id}`;
			recipients.push([rid, id, d.id]);
			if (rand() < 0.8)
				acks.push([
					`${rid}-a`,
					rid,
					1,
					'bench-user',
					iso(published + Math.floor(rand() * 20) * 86_400_000)
				]);
			for (const i of items) {
				const applies =
					(i.bodyKinds.length === 0 || i.bodyKinds.includes(d.kind)) &&
					(i.functions.length === 0 || i.functions.includes(d.function));
				if (!applies) continue;
				const r = rand();
				if (r >= 0.75) continue;
				const at = iso(published + Math.floor(rand() * 30) * 86_400_000);
				const submitted = r < 0.6;
				responses.push([
					`${rid}-${i.id.slice(-2)}`,
					rid,
					i.id,
					submitted ? 'submitted' : 'draft',
					'{"note":"bench"}',
					1,
					at,
					'bench-user',
					submitted ? at : null
				]);
			}
		}
		await sink.insert('Recipient', ['id', 'noticeId', 'departmentId'], recipients);
		await sink.insert(
			'Acknowledgment',
			['id', 'recipientId', 'versionNumber', 'userId', 'createdAt'],
			acks
		);
		await sink.insert(
			'Response',
			[
				'id',
				'recipientId',
				'responseItemId',
				'status',
				'data',
				'revision',
				'updatedAt',
				'updatedById',
				'submittedAt'
			],
			responses
		);
		filled.recipients += recipients.length;
		filled.acknowledgments += acks.length;
		filled.responses += responses.length;
	}
	await sink.close();
	return filled;
}
