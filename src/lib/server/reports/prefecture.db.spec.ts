// The prefecture drill-down and one department's answers: the right bodies, statuses that
// agree with the export, and nothing for those who may not read the national table.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { departmentResponses, prefectureDrilldown } from './prefecture.ts';
import { prefectureProgress } from './progress.ts';
import { nationalResponseTable } from './responses-table.ts';
import { tableToCsv } from './table-files.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const as = (email: string) => sessionUserFor(db, email);

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
});

afterAll(async () => {
	await env?.cleanup();
});

async function refusal(promise: Promise<unknown>) {
	const e = await promise.then(
		() => null,
		(x: unknown) => x
	);
	expect(e).toBeInstanceOf(UserError);
	return (e as UserError).status;
}

describe('prefecture drill-down', () => {
	test('神奈川県: its own departments first, then its six cities, as counted on the map', async () => {
		const viewer = await as('viewer@example.jp');
		const drill = await prefectureDrilldown(db, viewer, noticeId, '14');
		expect(drill.prefecture.name).toBe('神奈川県');
		expect([...new Set(drill.rows.map((r) => r.organization))]).toEqual([
			'神奈川県',
			'横浜市',
			'川崎市',
			'相模原市',
			'横須賀市',
			'藤沢市',
			'茅ヶ崎市'
		]);
		const map = (await prefectureProgress(db, viewer, noticeId)).find(
			(p) => p.prefectureCode === '14'
		)!;
		expect(drill.rows).toHaveLength(map.recipients);
		expect(drill.rows.filter((r) => r.acknowledgedAt !== null)).toHaveLength(map.acknowledged);
	});

	test("each body's status agrees with the national CSV", async () => {
		const viewer = await as('viewer@example.jp');
		const drill = await prefectureDrilldown(db, viewer, noticeId, '14');
		const [header, ...rows] = parse(
			tableToCsv(await nationalResponseTable(db, viewer, noticeId)).slice(1)
		) as string[][];
		const statusColumns = header.flatMap((h, i) => (h.endsWith(' 提出状況') ? [i] : []));
		for (const row of drill.rows) {
			const csv = rows.find((r) => r[2] === row.organization && r[3] === row.department)!;
			expect(csv, row.organization).toBeTruthy();
			const submitted = statusColumns.filter((c) => csv[c] === '提出済み').length;
			const due = statusColumns.filter((c) => csv[c] !== '対象外').length;
			expect(row.itemsSubmitted).toBe(submitted);
			expect(row.itemsDue).toBe(due);
			expect(row.acknowledgedAt !== null).toBe(csv[header.indexOf('受領確認日時')] !== '');
			// The seed's deadline (2024) has passed: unfinished means overdue.
			expect(row.status).toBe(submitted === due ? 'submitted' : 'overdue');
		}
		// Before the deadline the steps show instead.
		const early = await prefectureDrilldown(
			db,
			viewer,
			noticeId,
			'14',
			new Date('2024-10-09T00:00:00Z')
		);
		expect(early.rows.some((r) => r.status === 'overdue')).toBe(false);
	});

	test('only readers of the national table, and only real prefectures', async () => {
		expect(
			await refusal(prefectureDrilldown(db, await as('yokohama.health@example.jp'), noticeId, '14'))
		).toBe(404);
		expect(
			await refusal(prefectureDrilldown(db, await as('viewer@example.jp'), noticeId, '48'))
		).toBe(404);
		const mhlw = await prefectureDrilldown(db, await as('mhlw.issuer@example.jp'), noticeId, '14');
		expect(mhlw.rows.length).toBeGreaterThan(0);
	});
});

describe("one department's answers", () => {
	test('the latest submission of each item, as in the CSV; drafts stay private', async () => {
		const viewer = await as('viewer@example.jp');
		const drill = await prefectureDrilldown(db, viewer, noticeId, '14');
		const answered = drill.rows.find((r) => r.itemsSubmitted > 0)!;
		const answers = await departmentResponses(db, viewer, noticeId, answered.departmentId);
		expect(answers.department.organization).toBe(answered.organization);
		expect(answers.items.filter((i) => i.state === 'submitted')).toHaveLength(
			answered.itemsSubmitted
		);
		const table = await nationalResponseTable(db, viewer, noticeId);
		const csvRow = table.rows.find(
			(r) => r[2] === answered.organization && r[3] === answered.department
		)!;
		for (const item of answers.items.filter((i) => i.state === 'submitted'))
			for (const field of item.fields)
				expect(csvRow[table.columns.indexOf(`記${item.number} ${field.label}`)]).toEqual(
					field.value
				);
		for (const item of answers.items.filter((i) => i.state !== 'submitted'))
			expect(item.fields).toEqual([]);
	});

	test('a respondent, even of that department, reads its own through /respond instead', async () => {
		const yokohama = await as('yokohama.health@example.jp');
		expect(await refusal(departmentResponses(db, yokohama, noticeId, yokohama.departmentId!))).toBe(
			404
		);
		// A department that is not a recipient of the notice is not found.
		const ministry = await db.department.findFirstOrThrow({
			where: { function: 'ministry_office' }
		});
		expect(
			await refusal(departmentResponses(db, await as('viewer@example.jp'), noticeId, ministry.id))
		).toBe(404);
	});
});
