// Upgrading from every earlier release hides no data: a database built by that release's
// migrations and holding data as that release wrote it is upgraded by the current migrator,
// and every figure of the exports and dashboards afterwards equals what the old rows say —
// read straight from the old tables before the upgrade, without the current code.
// On SQLite, and on PostgreSQL with KAIRAN_TEST_DB=postgresql.
import { japanTime } from '../../../src/lib/server/reports/table-files.ts';
import { afterEach, describe, expect, test } from 'vitest';
import { createEmptyDatabase, TEST_PROVIDER } from '../harness.ts';
import { sessionUserFor } from '../users.ts';
import { bundledMigrations, migrate } from '../../../src/lib/server/db/migrate.ts';
import { rebuildMissing } from '../../../src/lib/server/reports/rollup.ts';
import type { Db } from '../../../src/lib/server/db/client.ts';
import { grantRates, itemColumns } from '../../../src/lib/server/reports/responses-columns.ts';
import { nationalResponseTable } from '../../../src/lib/server/reports/responses-table.ts';
import { noticeDashboard } from '../../../src/lib/server/reports/progress.ts';
import { itemSummaries } from '../../../src/lib/server/reports/item-summaries.ts';
import { tableToCsv } from '../../../src/lib/server/reports/table-files.ts';
import type { ResponseItemKind } from '../../../src/lib/domain/notices.ts';
import { TEMPLATES } from '../../../src/lib/domain/forms/templates/index.ts';
import { toStoredDefinition } from '../../../src/lib/domain/forms/stored.ts';
import { openRaw, type RawDb } from './raw.ts';
import { NOTICE_ID, RELEASES, VIEWER_EMAIL, releaseMigrations } from './releases.ts';

const NOW = new Date('2025-01-31T03:00:00Z');

type Before = Awaited<ReturnType<typeof readBefore>>;

/** What the release's rows say, read with plain SQL and no current code. */
async function readBefore(raw: RawDb, hasHistory: boolean) {
	const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
	const time = (v: unknown) => (v == null ? null : new Date(v as string | Date).toISOString());
	const items = (
		await raw.query<{
			id: string;
			number: number;
			kind: string;
			title: string;
			functions: unknown;
		}>(
			`SELECT "id", "number", "kind", "title", "functions" FROM "ResponseItem" WHERE "noticeId" = $1 ORDER BY "number"`,
			[NOTICE_ID]
		)
	).map((i) => ({ ...i, number: Number(i.number), functions: json(i.functions) as string[] }));
	const recipients = await raw.query<{
		id: string;
		code: string;
		department: string;
		function: string;
		prefectureCode: string;
	}>(
		`SELECT r."id", o."localGovernmentCode" AS "code", d."name" AS "department",
			d."function" AS "function", o."prefectureCode" AS "prefectureCode"
		FROM "Recipient" r JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId" WHERE r."noticeId" = $1`,
		[NOTICE_ID]
	);
	const acknowledged = new Set(
		(
			await raw.query<{ recipientId: string }>(
				`SELECT "recipientId" FROM "Acknowledgment" WHERE "versionNumber" = 1`
			)
		).map((a) => a.recipientId)
	);
	const responses = await raw.query<{
		id: string;
		recipientId: string;
		responseItemId: string;
		status: string;
		data: unknown;
		submittedAt: unknown;
	}>(
		`SELECT "id", "recipientId", "responseItemId", "status", "data", "submittedAt" FROM "Response"`
	);
	// The submitted answer: the latest submission where the release kept them, else the response.
	const latest = new Map<string, { data: unknown; submittedAt: unknown }>();
	if (hasHistory) {
		for (const s of await raw.query<{
			responseId: string;
			number: number;
			data: unknown;
			submittedAt: unknown;
		}>(
			`SELECT "responseId", "number", "data", "submittedAt" FROM "ResponseSubmission" ORDER BY "number"`
		))
			latest.set(s.responseId, s);
	}
	const answers = new Map(
		responses.map((r) => {
			const sub = latest.get(r.id);
			return [
				`${r.recipientId}/${r.responseItemId}`,
				{
					status: r.status,
					submittedAt: time(sub ? sub.submittedAt : r.submittedAt),
					data: json(sub ? sub.data : r.data)
				}
			];
		})
	);
	return { items, recipients, acknowledged, answers };
}

/** The figures the current dashboards must show for those rows. */
function expectedProgress(before: Before) {
	const applies = (item: Before['items'][number], fn: string) =>
		item.functions.length === 0 || item.functions.includes(fn);
	const status = (r: string, i: string) => before.answers.get(`${r}/${i}`)?.status;
	const complete = (r: Before['recipients'][number]) =>
		before.items.every((i) => !applies(i, r.function) || status(r.id, i.id) === 'submitted');
	const prefectures = new Map<
		string,
		{ recipients: number; acknowledged: number; complete: number }
	>();
	for (const r of before.recipients) {
		const p = prefectures.get(r.prefectureCode) ?? { recipients: 0, acknowledged: 0, complete: 0 };
		p.recipients++;
		if (before.acknowledged.has(r.id)) p.acknowledged++;
		if (complete(r)) p.complete++;
		prefectures.set(r.prefectureCode, p);
	}
	const items = before.items.map((i) => ({
		number: i.number,
		due: before.recipients.filter((r) => applies(i, r.function)).length,
		submitted: before.recipients.filter((r) => status(r.id, i.id) === 'submitted').length,
		drafts: before.recipients.filter((r) => status(r.id, i.id) === 'draft').length
	}));
	return {
		recipients: before.recipients.length,
		acknowledged: before.recipients.filter((r) => before.acknowledged.has(r.id)).length,
		complete: before.recipients.filter(complete).length,
		items,
		prefectures: [...prefectures].map(([prefectureCode, p]) => ({ prefectureCode, ...p }))
	};
}

/** The national CSV's row for each department, as the old rows say it must read. */
async function expectedTable(db: Db, before: Before) {
	const { yearLines, ratesOfYear } = await grantRates(db);
	const columns = before.items.map((item) =>
		// An old row asked what the template of its kind asks (the migration writes exactly that).
		itemColumns(
			{
				...item,
				definition: toStoredDefinition(
					TEMPLATES[item.kind as ResponseItemKind].build({
						number: item.number,
						title: item.title,
						appliesTo: { bodyKinds: [], functions: item.functions as string[] }
					})
				)
			},
			yearLines,
			ratesOfYear
		)
	);
	return new Map(
		before.recipients.map((r) => [
			`${r.code}/${r.department}`,
			before.items.flatMap((item, n) => {
				if (item.functions.length > 0 && !item.functions.includes(r.function))
					return ['対象外', null, ...columns[n].headers.map(() => null)];
				const answer = before.answers.get(`${r.id}/${item.id}`);
				if (answer?.status !== 'submitted')
					return ['未提出', null, ...columns[n].headers.map(() => null)];
				// Submission times read in Japan time, as the export states in its header.
				return [
					'提出済み',
					japanTime(new Date(answer.submittedAt!)),
					...columns[n].cells(answer.data)
				];
			})
		])
	);
}

describe(`upgrade from each release (${TEST_PROVIDER})`, () => {
	let cleanup: (() => Promise<void>) | null = null;
	afterEach(async () => {
		await cleanup?.();
		cleanup = null;
	});

	for (const release of RELEASES) {
		test(`${release.name}: every export and dashboard figure survives the upgrade`, async () => {
			const empty = await createEmptyDatabase();
			let db: Db | null = null;
			cleanup = async () => {
				await db?.$disconnect();
				await empty.cleanup();
			};
			const shipped = releaseMigrations(release, TEST_PROVIDER);
			expect(await migrate(empty.target, shipped)).toEqual(shipped.map((m) => m.name));

			const raw = await openRaw(empty.target);
			let before: Before;
			try {
				await release.seed(raw);
				before = await readBefore(
					raw,
					shipped.some((m) => m.name.endsWith('_responses_history_and_reminders'))
				);
			} finally {
				await raw.close();
			}
			const submittedBefore = [...before.answers.values()].filter((a) => a.status === 'submitted');
			// The fixture is worth something only if it has answers of every kind of state.
			expect(submittedBefore.length).toBeGreaterThan(200);
			expect([...before.answers.values()].some((a) => a.status === 'draft')).toBe(true);

			// The upgrade: exactly the migrations this release did not have.
			const current = bundledMigrations(TEST_PROVIDER).map((m) => m.name);
			expect(await migrate(empty.target)).toEqual(
				current.filter((name) => !shipped.some((m) => m.name === name))
			);
			db = empty.open();
			// What the next start does after migrating: count the dashboards' rollup of every
			// published notice that has none (src/lib/server/startup.ts).
			expect(await rebuildMissing(db)).toBeGreaterThan(0);
			const viewer = await sessionUserFor(db, VIEWER_EMAIL);
			const want = expectedProgress(before);

			// The dashboards (/overview, the notice's progress page).
			const dashboard = await noticeDashboard(db, viewer, NOTICE_ID, NOW);
			expect(dashboard.progress).toMatchObject({
				recipients: want.recipients,
				acknowledged: want.acknowledged,
				complete: want.complete
			});
			expect(
				dashboard.progress.items.map(({ number, due, submitted, drafts }) => ({
					number,
					due,
					submitted,
					drafts
				}))
			).toEqual(want.items);
			expect(
				dashboard.prefectures.map(({ prefectureCode, recipients, acknowledged, complete }) => ({
					prefectureCode,
					recipients,
					acknowledged,
					complete
				}))
			).toEqual(want.prefectures.sort((a, b) => a.prefectureCode.localeCompare(b.prefectureCode)));
			expect(dashboard.trend.at(-1)).toMatchObject({
				acknowledged: want.acknowledged,
				submitted: submittedBefore.length
			});

			// Item summaries count the same submitted answers.
			const summaries = await itemSummaries(db, viewer, NOTICE_ID);
			expect(summaries.map((s) => [s.number, s.submitted])).toEqual(
				want.items.map((i) => [i.number, i.submitted])
			);

			// The national CSV: every department's row, cell by cell, from the old rows.
			const table = await nationalResponseTable(db, viewer, NOTICE_ID);
			const rows = new Map(table.rows.map((row) => [`${row[1]}/${row[3]}`, row.slice(6)]));
			expect(rows.size).toBe(want.recipients);
			expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(await expectedTable(db, before)));
			// The very figure that went wrong: the CSV's 提出済み count equals the dashboard's.
			const csv = tableToCsv(table);
			expect(csv.split('提出済み').length - 1).toBe(submittedBefore.length);
		}, 120_000);
	}
});
