// A JSON column's default must be JSON on both databases. Prisma's engine wrote SQLite's as
// `DEFAULT []` — a bracket-quoted empty name, which SQLite stores as '' — so every item inserted
// without body kinds by plain SQL (as a test fixture or an import tool does) failed to read back ("Unexpected end of JSON input")
// and every page listing items answered 500. The migration says `DEFAULT '[]'`.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';

let env: TestDatabase;

beforeAll(async () => {
	env = await createDemoDatabase();
});

afterAll(async () => {
	await env?.cleanup();
});

test('an item created without body kinds reads back with none, not a broken value', async () => {
	const notice = await env.db.notice.findFirstOrThrow();
	// Written as another program would (Prisma's client fills the default itself, a plain
	// INSERT gets the database's).
	// The definition is required; body kinds are left to the column's default.
	const definition = JSON.stringify({
		instructions: '',
		appliesTo: { bodyKinds: [], functions: [] },
		fields: [{ key: 'answer', type: 'yes_no', label: '回答' }],
		checks: [],
		summary: []
	});
	// Constants only (a cuid and fixed JSON): a literal is a jsonb on PostgreSQL, text on SQLite.
	await env.db.$executeRawUnsafe(
		`INSERT INTO "ResponseItem" ("id", "noticeId", "number", "title", "kind", "functions", "definition")
		VALUES ('json-default-item', '${notice.id}', 99, '既定値の確認', 'yes_no', '[]', '${definition}')`
	);
	const read = await env.db.responseItem.findUniqueOrThrow({ where: { id: 'json-default-item' } });
	expect(read.bodyKinds).toEqual([]);
	// …and so does every item of the notice, as a page listing them reads it.
	const items = await env.db.responseItem.findMany({ where: { noticeId: notice.id } });
	expect(items.every((i) => Array.isArray(i.bodyKinds))).toBe(true);
});
