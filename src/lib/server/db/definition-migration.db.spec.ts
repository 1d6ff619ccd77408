// The migration that gives every ResponseItem its definition: a database made by the previous
// release, holding items of every kind and answers to them, upgrades so that each item reads
// as its kind's template (with appliesTo from its functions) and every answer validates and
// stores exactly as it did under the kind's hand-written schema.
import { afterEach, describe, expect, test } from 'vitest';
import { bundledMigrations, migrate } from './migrate.ts';
import { createEmptyDatabase, TEST_PROVIDER } from '../../../../tests/db/harness.ts';
import { RESPONSE_ITEM_KINDS } from '../../domain/notices.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { TEMPLATES } from '../../domain/forms/templates/index.ts';
import { validateAnswer } from '../../domain/forms/validate.ts';
import { validateByHand } from '../../domain/forms/templates/hand-written.spec-helpers.ts';
import type { GrantLineRate } from '../../domain/responses/grant-report.ts';

const MIGRATION = '20261202151928_response_item_definition';
const today = '2024-11-01';
const LINES: GrantLineRate[] = [
	{ code: 'operating_costs', name: '運営費', subsidyRateNumerator: 1, subsidyRateDenominator: 2 }
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0)) await c();
});

/** Answers as the previous release stored them (normalized by its schemas), one per kind. */
const STORED = {
	status_checklist: {
		status: 'done',
		distributedOn: '2024-10-21',
		institutionsReached: 120,
		methods: ['mail', 'other'],
		otherMethod: '研修会で配布'
	},
	medical_institutions: {
		institutions: [
			{
				name: '済生会横浜市東部病院',
				institutionCode: '1412345678',
				municipality: '横浜市鶴見区',
				clinicalDepartments: ['emergency', 'pediatrics'],
				accepts24Hours: true,
				collectsEvidence: false,
				emergencyContraception: false,
				housesCenter: false
			}
		]
	},
	coordination_record: {
		entries: [{ date: '2024-10-30', counterpart: '人権男女共同参画課', topic: '情報共有' }]
	},
	grant_report: {
		fiscalYear: 2024,
		lines: [{ code: 'operating_costs', planned: 1000, actual: 999 }]
	},
	free_text: { text: '医師会の会議で周知した。' },
	yes_no: { answer: 'no', comment: '検討中' }
} as const;

describe(`the response item definition migration on ${TEST_PROVIDER}`, () => {
	test('converts every kind, and every stored answer reads as the hand-written schema read it', async () => {
		const e = await createEmptyDatabase();
		cleanups.push(e.cleanup);
		const all = bundledMigrations(TEST_PROVIDER);
		expect(all.map((m) => m.name)).toContain(MIGRATION);
		await migrate(
			e.target,
			all.filter((m) => m.name < MIGRATION)
		);

		const db = e.open();
		try {
			const run = (sql: string) => db.$executeRawUnsafe(sql);
			const now = new Date('2024-11-01T00:00:00Z').toISOString();
			await run(
				`INSERT INTO "Organization" ("id", "kind", "name", "nameKana") VALUES ('o1', 'prefecture', '神奈川県', 'かながわけん')`
			);
			await run(
				`INSERT INTO "Department" ("id", "organizationId", "name", "function") VALUES ('d1', 'o1', '健康医療局', 'health')`
			);
			await run(
				`INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "departmentId") VALUES ('u1', 'a@example.jp', '担当', 'x', 'respondent', 'd1')`
			);
			await run(
				`INSERT INTO "Notice" ("id", "createdById", "updatedAt") VALUES ('n1', 'u1', '${now}')`
			);
			await run(
				`INSERT INTO "Recipient" ("id", "noticeId", "departmentId") VALUES ('r1', 'n1', 'd1')`
			);
			for (const [i, kind] of RESPONSE_ITEM_KINDS.entries()) {
				const functions = i % 2 === 0 ? '[]' : '["health"]';
				const deadline = i === 3 ? `'2025-05-30'` : 'NULL';
				await run(
					`INSERT INTO "ResponseItem" ("id", "noticeId", "number", "title", "kind", "functions", "deadline") VALUES ('i${i}', 'n1', ${i + 1}, '記${i + 1}', '${kind}', '${functions}', ${deadline})`
				);
				await run(
					`INSERT INTO "Response" ("id", "recipientId", "responseItemId", "status", "data", "updatedAt", "updatedById", "submittedAt") VALUES ('a${i}', 'r1', 'i${i}', 'submitted', '${JSON.stringify(STORED[kind])}', '${now}', 'u1', '${now}')`
				);
			}

			expect(await migrate(e.target, all)).toEqual(
				all.filter((m) => m.name >= MIGRATION).map((m) => m.name)
			);

			const items = await db.responseItem.findMany({
				orderBy: { number: 'asc' },
				include: { responses: true }
			});
			expect(items).toHaveLength(RESPONSE_ITEM_KINDS.length);
			for (const row of items) {
				const kind = row.kind as (typeof RESPONSE_ITEM_KINDS)[number];
				expect(row.definition, kind).not.toBeNull();
				const item = itemFromRow(row);
				expect(item, kind).toEqual({
					...TEMPLATES[kind].build({ number: 1 }),
					number: row.number,
					paragraph: row.number,
					title: row.title,
					deadline: row.deadline,
					appliesTo: { bodyKinds: [], functions: row.functions }
				});
				for (const response of row.responses)
					for (const mode of ['draft', 'submit'] as const) {
						const before = validateByHand(kind, response.data, {
							mode,
							today,
							grantLines: LINES
						});
						const after = validateAnswer(item, response.data, { mode, today, grantLines: LINES });
						expect(after, `${kind} ${mode}`).toEqual(before);
						expect(after.ok && JSON.parse(JSON.stringify(after.value))).toEqual(STORED[kind]);
					}
			}
		} finally {
			await db.$disconnect();
		}
	});
});
