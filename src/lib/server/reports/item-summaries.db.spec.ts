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
import {
	HEAT_BACKGROUNDS,
	contrastRatio,
	heatColours,
	heatLegend,
	heatLevel,
	type BehaviourSummary,
	type FieldSummary,
	type ItemSummary
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

/** The demo's item 記n (its numbers are fixed by the seed's definition, not by kinds). */
function item(summaries: ItemSummary[], n: number) {
	const s = summaries.find((x) => x.number === n);
	if (!s) throw new Error(`no 記${n} in the demo notice`);
	return s;
}

/** The item's summary of the field `key`, of the given summary shape. */
function field<K extends FieldSummary['summary']>(s: ItemSummary, key: string, summary: K) {
	const f = s.fields.find((x) => x.key === key);
	if (!f || f.summary !== summary) throw new Error(`記${s.number} has no ${summary} field ${key}`);
	return f as Extract<FieldSummary, { summary: K }>;
}

/** The item's behaviour summary, of the given behaviour. */
function behaviour<K extends BehaviourSummary['behaviour']>(s: ItemSummary, name: K) {
	if (s.behaviour?.behaviour !== name) throw new Error(`記${s.number} has no behaviour ${name}`);
	return s.behaviour as Extract<BehaviourSummary, { behaviour: K }>;
}

async function summariesAsViewer() {
	const viewer = await as('viewer@example.jp');
	return { summaries: await itemSummaries(db, viewer, noticeId), ...(await csv(viewer)) };
}

/**
 * 記1's fields against the CSV: answers per choice of 状況 (a single choice, its column holding
 * the choice's label), the sum of the number 配布した医療機関数 (the CSV's 医療機関数), and the
 * same per prefecture.
 */
function expectLeafletEqualsCsv(s: ItemSummary, records: Records) {
	const p = `記${s.number}`;
	const rows = submittedRows(records, s.number);
	expect(s.submitted).toBe(rows.length);
	const status = field(s, 'status', 'choices');
	expect(status.answered).toBe(rows.length);
	for (const choice of status.choices)
		expect(choice.count, choice.value).toBe(
			rows.filter((r) => r[`${p} 状況`] === choice.label).length
		);
	const reached = field(s, 'institutionsReached', 'numbers');
	expect(reached.sum).toBe(sum(rows, `${p} 配布した医療機関数`));
	const csvPrefectures = byPrefecture(rows);
	expect(status.prefectures.map((x) => x.prefectureCode)).toEqual(
		[...csvPrefectures.keys()].sort()
	);
	for (const pref of status.prefectures) {
		const inCsv = csvPrefectures.get(pref.prefectureCode)!;
		expect(pref.answered, pref.name).toBe(inCsv.length);
		status.choices.forEach((choice, i) =>
			expect(pref.counts[i], `${pref.name} ${choice.label}`).toBe(
				inCsv.filter((r) => r[`${p} 状況`] === choice.label).length
			)
		);
	}
	for (const pref of reached.prefectures) {
		const inCsv = csvPrefectures.get(pref.prefectureCode)!;
		expect(pref.sum, pref.name).toBe(sum(inCsv, `${p} 配布した医療機関数`));
	}
	expect(reached.prefectures.reduce((t, x) => t + x.sum, 0)).toBe(reached.sum);
}

describe('per-item summaries equal the national CSV', () => {
	test('記1 leaflet: answers by status, institutions reached, and the same per prefecture', async () => {
		const { summaries, records } = await summariesAsViewer();
		expect(summaries.map((s) => s.number)).toEqual([1, 2, 3, 4]);
		const leaflet = item(summaries, 1);
		expect(leaflet.submitted).toBeGreaterThan(0);
		expect(field(leaflet, 'institutionsReached', 'numbers').sum).toBeGreaterThan(0);
		expectLeafletEqualsCsv(leaflet, records);
		// A multiple choice counts each department once per choice it ticked, as a plain count of
		// the latest submitted answers says.
		const methods = field(leaflet, 'methods', 'choices');
		expect(methods.multiple).toBe(true);
		const answers = (
			await db.response.findMany({
				where: { responseItemId: leaflet.itemId, status: 'submitted' },
				select: { submissions: { orderBy: { number: 'desc' }, take: 1, select: { data: true } } }
			})
		).map((r) => (r.submissions[0]?.data ?? {}) as { methods?: string[] });
		for (const choice of methods.choices)
			expect(choice.count, choice.value).toBe(
				answers.filter((a) => a.methods?.includes(choice.value)).length
			);
		expect(methods.choices.some((c) => c.count > 0)).toBe(true);
		const tokyo = field(leaflet, 'status', 'choices').prefectures.find(
			(p) => p.prefectureCode === '13'
		);
		// 東京都's wards count toward 東京都.
		if (tokyo) expect(tokyo.name).toBe('東京都');
	});

	test('記2: the institutions listed in the submitted answers', async () => {
		const { summaries, records } = await summariesAsViewer();
		const s = item(summaries, 2);
		const rows = submittedRows(records, s.number);
		expect(s.submitted).toBe(rows.length);
		const registry = behaviour(s, 'registry');
		expect(registry.listed).toBe(sum(rows, `記${s.number} 医療機関 件数`));
		expect(registry.listed).toBeGreaterThan(0);
		// The same rows, counted as the table field they are.
		expect(field(s, 'institutions', 'rows').rows).toBe(registry.listed);
	});

	test('記3: consultations recorded', async () => {
		const { summaries, records } = await summariesAsViewer();
		const s = item(summaries, 3);
		const rows = submittedRows(records, s.number);
		expect(s.submitted).toBe(rows.length);
		expect(s.behaviour).toBeNull();
		expect(field(s, 'entries', 'rows').rows).toBe(sum(rows, `記${s.number} 協議の記録 件数`));
	});

	test('記4 grant: planned, actual and national share per line and in total, and per prefecture', async () => {
		const { summaries, records } = await summariesAsViewer();
		const item4 = item(summaries, 4);
		const s = behaviour(item4, 'grant_share');
		const p = `記${item4.number}`;
		const rows = submittedRows(records, item4.number);
		expect(item4.submitted).toBe(rows.length);
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
		const item2 = item(summaries, 2);
		const s = behaviour(item2, 'registry');
		const entries = await db.medicalInstitution.findMany({
			where: {
				sourceResponseId: {
					in: (
						await db.response.findMany({
							where: { responseItemId: item2.itemId, status: 'submitted' },
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
		const leafletItem = await db.responseItem.findFirstOrThrow({ where: { noticeId, number: 1 } });
		const now = new Date('2024-10-20T10:00:00+09:00');
		const answer = (institutionsReached: number) => ({
			status: 'done',
			distributedOn: '2024-10-18',
			institutionsReached,
			methods: ['mail']
		});
		const save = (data: object, revision: number, mode: 'draft' | 'submit') =>
			saveResponse(db, tokyo, noticeId, { itemId: leafletItem.id, data, revision, mode }, now);
		await save(answer(100), 0, 'submit');
		await save(answer(250), 1, 'submit');
		await save(answer(99_999), 2, 'draft');
		const { summaries, records } = await summariesAsViewer();
		expectLeafletEqualsCsv(item(summaries, 1), records);
		const tokyoRow = records.find(
			(r) => r['団体名'] === '東京都' && r[`記${leafletItem.number} 提出状況`] === '提出済み'
		)!;
		expect(tokyoRow[`記${leafletItem.number} 配布した医療機関数`]).toBe('250');
	});
});
