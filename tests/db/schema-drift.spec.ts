// The committed migrations, replayed on an empty database, must produce exactly what the
// schema describes; and the PostgreSQL schema must be the one derived from the source.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { derivePostgresSchema } from '../../scripts/db-derive.ts';
import { pendingSql } from '../../scripts/lib/schema-engine.ts';
import { PG_ADMIN_URL, TEST_PROVIDER } from './harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function withShadow<T>(
	run: (pg: { host: string; port: number; user: string; database: string }) => Promise<T>
) {
	if (TEST_PROVIDER === 'sqlite') return run({ host: '', port: 0, user: '', database: '' });
	const url = new URL(PG_ADMIN_URL);
	const database = `kairan_shadow_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${database}`);
	try {
		return await run({
			host: url.hostname,
			port: Number(url.port || 5432),
			user: decodeURIComponent(url.username),
			database
		});
	} finally {
		await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
		await admin.end();
	}
}

describe(`schema drift (${TEST_PROVIDER})`, () => {
	test('prisma/postgresql/schema.prisma is derived from the source schema', () => {
		const source = readFileSync(`${root}prisma/sqlite/schema.prisma`, 'utf8');
		expect(readFileSync(`${root}prisma/postgresql/schema.prisma`, 'utf8')).toBe(
			derivePostgresSchema(source)
		);
	});

	test('the migrations produce exactly the schema', async () => {
		expect(await withShadow((target) => pendingSql(root, TEST_PROVIDER, target))).toBe('');
	}, 60_000);

	test('a schema change without its migration is detected', async () => {
		const file =
			TEST_PROVIDER === 'sqlite'
				? 'prisma/sqlite/schema.prisma'
				: 'prisma/postgresql/schema.prisma';
		const changed = readFileSync(`${root}${file}`, 'utf8').replace(
			'model Organization {',
			'model Organization {\n  drifted String?'
		);
		const sql = await withShadow((target) => pendingSql(root, TEST_PROVIDER, target, changed));
		expect(sql).toMatch(/drifted/);
	}, 60_000);
});
