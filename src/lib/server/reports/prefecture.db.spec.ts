// The prefecture drill-down and one department's answers: the right bodies, statuses that
// agree with the export, and nothing for those who may not read the national table.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { refusal } from '../../../../tests/db/refusal.ts';
import type { Db } from '../db/client.ts';
import { deliveryStatus } from '../recipients/delivery.ts';
import { departmentResponses, prefectureDrilldown } from './prefecture.ts';
import { prefectureProgress } from './progress.ts';
import { nationalResponseTable } from './responses-table.ts';
import { tableToCsv } from './table-files.ts';
import { formatEraDate } from '../../domain/dates.ts';

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

/** An issuer of a ministry that is not among the seed notice's (joint) issuers. */
async function otherMinistryIssuer() {
	const email = 'soumu.issuer@example.jp';
	if (!(await db.user.findUnique({ where: { email } }))) {
		const org = await db.organization.create({
			data: { kind: 'ministry', name: '総務省', nameKana: 'そうむしょう' }
		});
		const department = await db.department.create({
			data: { organizationId: org.id, name: '自治行政局', function: 'ministry_office' }
		});
		await db.user.create({
			data: {
				email,
				name: '総務省 発出者',
				passwordHash: '-',
				role: 'issuer',
				departmentId: department.id
			}
		});
	}
	return as(email);
}

/** The status a call was refused with. */
const refusedWith = async (promise: Promise<unknown>) => (await refusal(promise)).status;

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
			expect(row.acknowledgedAt !== null).toBe(
				csv[header.indexOf('受領確認日時（日本時間）')] !== ''
			);
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
		for (const row of early.rows) {
			const drafts = await db.response.count({
				where: { recipientId: row.recipientId, status: 'draft' }
			});
			expect(row.itemsDrafted, row.organization).toBe(drafts);
			const expected =
				row.itemsSubmitted === row.itemsDue
					? 'submitted'
					: row.itemsSubmitted + drafts > 0
						? 'in_progress'
						: row.acknowledgedAt
							? 'acknowledged'
							: row.firstViewedAt
								? 'viewed'
								: 'not_viewed';
			expect(row.status, row.organization).toBe(expected);
		}
		// 横浜市 (the demo's untouched respondent) has not even opened it; 茅ヶ崎市 is done.
		const status = (name: string) => early.rows.find((r) => r.organization === name)?.status;
		expect(status('横浜市')).toBe('not_viewed');
		expect(status('茅ヶ崎市')).toBe('submitted');
	});

	test("agrees with the issuer's delivery table for the same recipients, before and after the deadline", async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		for (const now of [new Date(), new Date('2024-10-20T00:00:00Z')]) {
			const drill = await prefectureDrilldown(db, mhlw, noticeId, '14', now);
			const delivery = (await deliveryStatus(db, mhlw, noticeId, now)).rows.filter(
				(r) => r.prefectureCode === '14'
			);
			const pick = (r: {
				recipientId: string;
				acknowledgedAt: Date | null;
				firstViewedAt: Date | null;
				itemsDue: number;
				itemsSubmitted: number;
				overdue: boolean;
			}) => ({
				recipientId: r.recipientId,
				acknowledgedAt: r.acknowledgedAt,
				firstViewedAt: r.firstViewedAt,
				itemsDue: r.itemsDue,
				itemsSubmitted: r.itemsSubmitted,
				overdue: r.overdue
			});
			expect(drill.rows.map(pick)).toEqual(delivery.map(pick));
			expect(drill.rows.every((r) => r.overdue === (r.status === 'overdue'))).toBe(true);
		}
	});

	test('only readers of the national table, and only real prefectures', async () => {
		expect(
			await refusedWith(
				prefectureDrilldown(db, await as('yokohama.health@example.jp'), noticeId, '14')
			)
		).toBe(404);
		expect(
			await refusedWith(prefectureDrilldown(db, await as('viewer@example.jp'), noticeId, '48'))
		).toBe(404);
		// An issuer whose ministry did not issue the notice sees neither it nor its bodies (the
		// seed is a joint issuance of 厚生労働省 and 内閣府: both manage it).
		const other = await otherMinistryIssuer();
		expect(await refusedWith(prefectureDrilldown(db, other, noticeId, '14'))).toBe(404);
		const cao = await prefectureDrilldown(db, await as('cao.issuer@example.jp'), noticeId, '14');
		expect(cao.rows).toHaveLength(8);
		const mhlw = await prefectureDrilldown(db, await as('mhlw.issuer@example.jp'), noticeId, '14');
		expect(mhlw.rows.length).toBeGreaterThan(0);
		const admin = await prefectureDrilldown(db, await as('admin@example.jp'), noticeId, '14');
		expect(admin.rows).toHaveLength(mhlw.rows.length);
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
		// 部局 is the department's name; its kind is the function's key, not the name again.
		expect(table.columns.slice(3, 5)).toEqual(['部局', '部局の種類コード']);
		expect(['health', 'onestop_center']).toContain(csvRow[4]);
		// Field by field from the definition, as a person reads them: 和暦 dates with the
		// Gregorian kept for the page, 年度 as 令和6年度 (never 「2,024」).
		const submitted = answers.items.filter((i) => i.state === 'submitted');
		for (const item of submitted) {
			expect(item.fields.length).toBeGreaterThan(0);
			for (const field of item.fields) {
				if (field.date) expect(field.text).toBe(formatEraDate(field.date));
				for (const row of field.table?.rows ?? [])
					for (const c of row) if (c.date) expect(c.text).toBe(formatEraDate(c.date));
			}
		}
		const complete = drill.rows.find((r) => r.itemsDue > 0 && r.itemsSubmitted === r.itemsDue)!;
		const all = await departmentResponses(db, viewer, noticeId, complete.departmentId);
		const years = all.items.flatMap((i) => i.fields.filter((f) => f.label === '年度'));
		expect(years.length).toBeGreaterThan(0);
		for (const y of years) expect(y.text).toMatch(/^(令和|平成)(元|\d+)年度$/);
		for (const item of answers.items.filter((i) => i.state !== 'submitted'))
			expect(item.fields).toEqual([]);
	});

	test('a respondent, even of that department, reads its own through /respond instead', async () => {
		const yokohama = await as('yokohama.health@example.jp');
		expect(
			await refusedWith(departmentResponses(db, yokohama, noticeId, yokohama.departmentId!))
		).toBe(404);
		// A department that is not a recipient of the notice is not found.
		const ministry = await db.department.findFirstOrThrow({
			where: { function: 'ministry_office' }
		});
		expect(
			await refusedWith(
				departmentResponses(db, await as('viewer@example.jp'), noticeId, ministry.id)
			)
		).toBe(404);
		// Nor does an issuer who does not manage the notice read a recipient's answers.
		const other = await otherMinistryIssuer();
		expect(
			await refusedWith(departmentResponses(db, other, noticeId, yokohama.departmentId!))
		).toBe(404);
	});
});
