// The app gives the query planner statistics at start, so per-notice counts use per-notice
// indexes from the first request on (issue 14). On both databases.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { refreshStatistics } from './statistics.ts';

let env: TestDatabase;

beforeAll(async () => {
	// Started as `npm start` does: migrations, reference data, demo data, then statistics.
	env = await createDemoDatabase();
}, 300_000);

afterAll(async () => {
	await env?.cleanup();
});

const analysedTables = async (): Promise<string[]> => {
	if (TEST_PROVIDER === 'sqlite') {
		const rows = await env.db.$queryRawUnsafe<{ tbl: string }[]>(
			'SELECT DISTINCT "tbl" FROM "sqlite_stat1"'
		);
		return rows.map((r) => r.tbl);
	}
	const rows = await env.db.$queryRawUnsafe<{ relname: string }[]>(
		'SELECT "relname" FROM "pg_stat_user_tables" WHERE "last_analyze" IS NOT NULL'
	);
	return rows.map((r) => r.relname);
};

describe(`planner statistics (${TEST_PROVIDER})`, () => {
	test('a start after the demo load leaves statistics on the per-notice tables', async () => {
		const tables = await analysedTables();
		for (const t of ['Recipient', 'Acknowledgment', 'Response', 'Mail', 'Department'])
			expect(tables).toContain(t);
	});

	test('the per-notice acknowledgment count uses an index that begins with the recipient', async () => {
		await refreshStatistics(env.db);
		const notice = await env.db.notice.findFirstOrThrow({ select: { id: true } });
		const sql = `SELECT COUNT(*) FROM "Acknowledgment" a JOIN "Recipient" r ON r."id" = a."recipientId"
			WHERE r."noticeId" = '${notice.id}' AND a."versionNumber" = 1`;
		const plan = JSON.stringify(
			await env.db.$queryRawUnsafe(
				TEST_PROVIDER === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN ${sql}`
			),
			(_key, value) => (typeof value === 'bigint' ? Number(value) : value)
		);
		// The index that began with the version (every notice's acknowledgments) is gone.
		expect(plan).not.toContain('Acknowledgment_versionNumber_createdAt_idx');
		if (TEST_PROVIDER === 'sqlite')
			expect(plan).toMatch(
				/SEARCH a USING COVERING INDEX Acknowledgment_recipientId_versionNumber/
			);
	});
});
