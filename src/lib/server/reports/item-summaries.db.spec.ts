// The per-item summaries come from grouped SQL over the JSON answers; every number must equal
// what the national CSV export of the same notice says, on SQLite and on PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError } from '../errors.ts';
import { saveResponse } from '../responses/own.ts';
import { itemSummaries } from './item-summaries.ts';
import { nationalResponseTable } from './responses-table.ts';
import { tableToCsv } from './table-files.ts';
import { nationalShare } from '../../domain/responses/grant-report.ts';
import { STATUS_LABELS, STATUS_VALUES } from '../../domain/responses/status-checklist.ts';
import {
	HEAT_BACKGROUNDS,
	contrastRatio,
	heatColours,
	heatLegend,
	heatLevel,
	type CoordinationRecordSummary,
	type GrantReportSummary,
	type ItemSummary,
	type MedicalInstitutionsSummary,
	type StatusChecklistSummary
} from '../../domain/item-summaries.ts';

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

/** The national CSV as the viewer downloads it: the header, and rows as header → cell. */
async function csv(user: SessionUser) {
	const text = tableToCsv(await nationalResponseTable(db, user, noticeId));
	const [header, ...rows] = parse(text.slice(1)) as string[][];
	const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
	return { header, records };
}
type Records = Awaited<ReturnType<typeof csv>>['records'];

const submittedRows = (records: Records, n: number) =>
	records.filter((r) => r[`記${n} 提出状況`] === '提出済み');
const sum = (rows: Records, column: string) =>
	rows.reduce((s, r) => s + (r[column] === '' ? 0 : Number(r[column])), 0);
const byPrefecture = (rows: Records) => Map.groupBy(rows, (r) => r['都道府県コード']);

function find<K extends ItemSummary['kind']>(summaries: ItemSummary[], kind: K) {
	const s = summaries.find((x) => x.kind === kind);
	if (!s) throw new Error(`no ${kind} item in the demo notice`);
	return s as Extract<ItemSummary, { kind: K }>;
}

async function summariesAsViewer() {
	const viewer = await as('viewer@example.jp');
	return { summaries: await itemSummaries(db, viewer, noticeId), ...(await csv(viewer)) };
}

function expectLeafletEqualsCsv(s: StatusChecklistSummary, records: Records) {
	const p = `記${s.number}`;
	const rows = submittedRows(records, s.number);
	expect(s.submitted).toBe(rows.length);
	for (const status of STATUS_VALUES)
		expect(s.byStatus[status], status).toBe(
			rows.filter((r) => r[`${p} 状況`] === STATUS_LABELS[status]).length
		);
	expect(s.institutionsReached).toBe(sum(rows, `${p} 配布した医療機関数`));
	const csvPrefectures = byPrefecture(rows);
	expect(s.prefectures.map((x) => x.prefectureCode)).toEqual([...csvPrefectures.keys()].sort());
	for (const pref of s.prefectures) {
		const inCsv = csvPrefectures.get(pref.prefectureCode)!;
		expect(pref.submitted, pref.name).toBe(inCsv.length);
		expect(pref.done, pref.name).toBe(
			inCsv.filter((r) => r[`${p} 状況`] === STATUS_LABELS.done).length
		);
		expect(pref.institutionsReached, pref.name).toBe(sum(inCsv, `${p} 配布した医療機関数`));
	}
}

describe('per-item summaries equal the national CSV', () => {
	test('記1 leaflet: answers by status, institutions reached, and the same per prefecture', async () => {
		const { summaries, records } = await summariesAsViewer();
		expect(summaries.map((s) => s.number)).toEqual([1, 2, 3, 4]);
		const leaflet = find(summaries, 'status_checklist');
		expect(leaflet.submitted).toBeGreaterThan(0);
		expect(leaflet.institutionsReached).toBeGreaterThan(0);
		expectLeafletEqualsCsv(leaflet, records);
		const tokyo = leaflet.prefectures.find((p) => p.prefectureCode === '13');
		// 東京都's wards count toward 東京都.
		if (tokyo) expect(tokyo.name).toBe('東京都');
	});

	test('記2: the institutions listed in the submitted answers', async () => {
		const { summaries, records } = await summariesAsViewer();
		const s = find(summaries, 'medical_institutions');
		const rows = submittedRows(records, s.number);
		expect(s.submitted).toBe(rows.length);
		expect(s.listed).toBe(sum(rows, `記${s.number} 医療機関 件数`));
		expect(s.listed).toBeGreaterThan(0);
	});

	test('記3: consultations recorded', async () => {
		const { summaries, records } = await summariesAsViewer();
		const s: CoordinationRecordSummary = find(summaries, 'coordination_record');
		const rows = submittedRows(records, s.number);
		expect(s.submitted).toBe(rows.length);
		expect(s.entries).toBe(sum(rows, `記${s.number} 協議の記録 件数`));
	});

	test('記4 grant: planned, actual and national share per line and in total, and per prefecture', async () => {
		const { summaries, records } = await summariesAsViewer();
		const s: GrantReportSummary = find(summaries, 'grant_report');
		const p = `記${s.number}`;
		const rows = submittedRows(records, s.number);
		expect(s.submitted).toBe(rows.length);
		expect(s.fiscalYears).toEqual([2024]);
		expect(s.lines.map((l) => [l.code, `${l.rate.numerator}/${l.rate.denominator}`])).toEqual([
			['legal_support', '10/10'],
			['medical_costs', '1/3'],
			['operating_costs', '1/2']
		]);
		for (const line of s.lines) {
			expect(line.planned, line.code).toBe(sum(rows, `${p} ${line.name} 計画額`));
			expect(line.actual, line.code).toBe(sum(rows, `${p} ${line.name} 実績額`));
			expect(line.actualShare, line.code).toBe(sum(rows, `${p} ${line.name} 国庫補助額`));
			// The CSV has no planned share: it is nationalShare() of each department's amount.
			expect(line.plannedShare, line.code).toBe(
				rows.reduce(
					(t, r) => t + nationalShare(Number(r[`${p} ${line.name} 計画額`]), line.rate),
					0
				)
			);
			expect(line.reports).toBe(rows.length);
		}
		expect(s.total.actual).toBe(sum(rows, `${p} 実績額合計`));
		expect(s.total.actualShare).toBe(sum(rows, `${p} 国庫補助額合計`));
		// Floored per department and line: not the share of the national total.
		expect(s.total.actual).toBeGreaterThan(0);
		const csvPrefectures = byPrefecture(rows);
		expect(s.prefectures.map((x) => x.prefectureCode)).toEqual([...csvPrefectures.keys()].sort());
		for (const pref of s.prefectures) {
			const inCsv = csvPrefectures.get(pref.prefectureCode)!;
			expect(pref.reports).toBe(inCsv.length);
			expect(pref.actual, pref.name).toBe(sum(inCsv, `${p} 実績額合計`));
			expect(pref.actualShare, pref.name).toBe(sum(inCsv, `${p} 国庫補助額合計`));
			expect(pref.planned, pref.name).toBe(
				s.lines.reduce((t, l) => t + sum(inCsv, `${p} ${l.name} 計画額`), 0)
			);
		}
		const nationally = (key: 'planned' | 'actual' | 'plannedShare' | 'actualShare') =>
			s.prefectures.reduce((t, x) => t + x[key], 0);
		for (const key of ['planned', 'actual', 'plannedShare', 'actualShare'] as const)
			expect(nationally(key), key).toBe(s.total[key]);
	});

	test('an issuer who manages the notice sees the same numbers as a viewer', async () => {
		const viewer = await itemSummaries(db, await as('viewer@example.jp'), noticeId);
		const issuer = await itemSummaries(db, await as('cao.issuer@example.jp'), noticeId);
		expect(issuer).toEqual(viewer);
	});
});

describe('記2 registry heat table', () => {
	test('each cell equals a plain count of the registry entries learned from the answers', async () => {
		const { summaries } = await summariesAsViewer();
		const s: MedicalInstitutionsSummary = find(summaries, 'medical_institutions');
		const entries = await db.medicalInstitution.findMany({
			where: {
				sourceResponseId: {
					in: (
						await db.response.findMany({
							where: { responseItemId: s.itemId, status: 'submitted' },
							select: { id: true }
						})
					).map((r) => r.id)
				}
			},
			select: { prefectureCode: true, housesCenter: true, clinicalDepartments: true }
		});
		// The demo feeds the registry from its submitted answers: the table is not empty.
		expect(entries.length).toBeGreaterThan(0);
		expect(s.institutions).toBe(entries.length);
		expect(s.housesCenter).toBe(entries.filter((e) => e.housesCenter).length);
		expect(s.prefectures.map((p) => p.prefectureCode)).toEqual(
			[...new Set(entries.map((e) => e.prefectureCode))].sort()
		);
		let max = 0;
		for (const p of s.prefectures) {
			const here = entries.filter((e) => e.prefectureCode === p.prefectureCode);
			expect(p.institutions, p.name).toBe(here.length);
			expect(p.housesCenter, p.name).toBe(here.filter((e) => e.housesCenter).length);
			s.departments.forEach((d, i) => {
				const n = here.filter((e) =>
					e.clinicalDepartments.some((c) => c.clinicalDepartment === d.key)
				).length;
				expect(p.counts[i], `${p.name} ${d.ja}`).toBe(n);
				max = Math.max(max, n);
			});
		}
		s.departments.forEach((d, i) =>
			expect(d.total, d.ja).toBe(s.prefectures.reduce((t, p) => t + p.counts[i], 0))
		);
		expect(s.maxCount).toBe(max);
		expect(s.departments[0]).toMatchObject({ key: 'obstetrics_gynecology', ja: '産婦人科' });
	});

	test('shades: text contrast at least 4.5:1 on every shade, and a legend without gaps', () => {
		for (let level = 0; level < HEAT_BACKGROUNDS.length; level++) {
			const { background, color } = heatColours(level);
			expect(contrastRatio(background, color), background).toBeGreaterThanOrEqual(4.5);
		}
		// The lighter cells take dark text, the darkest white.
		expect(heatColours(0).color).toBe('#1a1a1a');
		expect(heatColours(HEAT_BACKGROUNDS.length - 1).color).toBe('#ffffff');
		for (const max of [1, 2, 3, 7, 40]) {
			const legend = heatLegend(max);
			expect(legend[0]).toEqual({ level: 0, from: 0, to: 0 });
			for (let i = 1; i < legend.length; i++) expect(legend[i].from).toBe(legend[i - 1].to + 1);
			expect(legend.at(-1)!.to).toBe(max);
			for (let n = 0; n <= max; n++) {
				const shade = legend.find((l) => l.from <= n && n <= l.to)!;
				expect(heatLevel(n, max), `${n} of ${max}`).toBe(shade.level);
			}
		}
	});
});

describe('who may see the summaries', () => {
	test('a respondent gets 404', async () => {
		const e = await itemSummaries(db, await as('tokyo.health@example.jp'), noticeId).catch(
			(x) => x
		);
		expect(e).toBeInstanceOf(UserError);
		expect((e as UserError).status).toBe(404);
	});

	test('an issuer of a ministry that does not manage the notice gets 404', async () => {
		const ministry = await db.organization.create({
			data: { kind: 'ministry', name: '警察庁', nameKana: 'けいさつちょう' }
		});
		const office = await db.department.create({
			data: { organizationId: ministry.id, name: '生活安全局', function: 'ministry_office' }
		});
		await db.user.create({
			data: {
				email: 'npa.issuer@example.jp',
				name: '警察庁 担当',
				role: 'issuer',
				passwordHash: '',
				departmentId: office.id
			}
		});
		const e = await itemSummaries(db, await as('npa.issuer@example.jp'), noticeId).catch((x) => x);
		expect(e).toBeInstanceOf(UserError);
		expect((e as UserError).status).toBe(404);
	});
});

describe('what counts is the latest submission', () => {
	test('a resubmission replaces the first; a draft saved afterwards does not count', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const item = await db.responseItem.findFirstOrThrow({
			where: { noticeId, kind: 'status_checklist' }
		});
		const now = new Date('2024-10-20T10:00:00+09:00');
		const answer = (institutionsReached: number) => ({
			status: 'done',
			distributedOn: '2024-10-18',
			institutionsReached,
			methods: ['mail']
		});
		const save = (data: object, revision: number, mode: 'draft' | 'submit') =>
			saveResponse(db, tokyo, noticeId, { itemId: item.id, data, revision, mode }, now);
		await save(answer(100), 0, 'submit');
		await save(answer(250), 1, 'submit');
		await save(answer(99_999), 2, 'draft');
		const { summaries, records } = await summariesAsViewer();
		const leaflet = find(summaries, 'status_checklist');
		expectLeafletEqualsCsv(leaflet, records);
		const tokyoRow = records.find(
			(r) => r['団体名'] === '東京都' && r[`記${item.number} 提出状況`] === '提出済み'
		)!;
		expect(tokyoRow[`記${item.number} 配布した医療機関数`]).toBe('250');
	});
});
