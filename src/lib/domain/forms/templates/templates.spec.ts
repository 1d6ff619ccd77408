// Every template against the hand-written schema of the kind it replaces: the same inputs
// (each spec's fixtures, as forms post them and as stored answers hold them) give the same
// verdict, the same stored value and problems at the same paths, in both modes.
import { describe, expect, it } from 'vitest';
import { RESPONSE_ITEM_KINDS, type ResponseItemKind } from '../../notices.ts';
import type { GrantLineRate } from '../../responses/grant-report.ts';
import { validateByHand } from './hand-written.spec-helpers.ts';
import { summarizeAnswer, validateAnswer } from '../validate.ts';
import { TEMPLATES, templateByName } from './index.ts';

const today = '2024-11-01';
const LINES: GrantLineRate[] = [
	{ code: 'operating_costs', name: '運営費', subsidyRateNumerator: 1, subsidyRateDenominator: 2 },
	{ code: 'medical_costs', name: '医療費', subsidyRateNumerator: 1, subsidyRateDenominator: 3 },
	{ code: 'legal_support', name: '法的支援', subsidyRateNumerator: 10, subsidyRateDenominator: 10 }
];

const done = {
	status: 'done',
	distributedOn: '令和6年10月21日',
	institutionsReached: '１，２３４',
	methods: ['mail', 'association_meeting']
};
const inst = {
	name: '横浜市立大学附属市民総合医療センター',
	institutionCode: '1411234567',
	municipality: '横浜市南区',
	clinicalDepartments: ['obstetrics_gynecology', 'emergency'],
	accepts24Hours: true,
	collectsEvidence: true,
	emergencyContraception: true,
	housesCenter: false,
	contact: '患者支援センター 地域連携室'
};
const entry = {
	date: '令和6年10月30日',
	counterpart: '神奈川県 福祉子どもみらい局 人権男女共同参画課',
	topic: '協力医療機関の情報共有',
	outcome: '年内に医師会へ共同で依頼する'
};
const report = {
	fiscalYear: 2024,
	lines: [
		{ code: 'operating_costs', planned: 12_000_000, actual: 11_500_001 },
		{ code: 'medical_costs', planned: 3_000_000, actual: 2_000_000 },
		{ code: 'legal_support', planned: 500_000, actual: 450_000 }
	]
};

/** Inputs of each kind: every fixture of the kind's spec, and what the seed stores. */
const FIXTURES: Record<ResponseItemKind, unknown[]> = {
	status_checklist: [
		{},
		null,
		'text',
		[1],
		done,
		{ status: 'done' },
		{ status: 'in_progress' },
		{ status: 'not_started' },
		{ ...done, methods: ['other'] },
		{ ...done, methods: ['other'], otherMethod: '研修会で配布' },
		{ status: 'not_started', institutionsReached: 5 },
		{ status: 'not_started', institutionsReached: 0 },
		{ status: 'not_started', distributedOn: '2024-10-01' },
		...['-3', '12本', '1.5', '1e3', '12,34', 999_999_999].map((n) => ({ institutionsReached: n })),
		{ distributedOn: '2024-02-30' },
		{ distributedOn: '令和6年11月2日' },
		{ distributedOn: '令和6年11月1日' },
		{ ...done, distributedOn: '2024-12-01' },
		{ status: 'finished' },
		{ methods: ['mail', 'carrier_pigeon'] },
		{ methods: 'mail' },
		{ methods: ['mail', 'mail'] },
		{ note: 'あ'.repeat(2001) },
		{ note: 'あ'.repeat(2000) },
		{ note: '  \r\n ' },
		{ status: 'in_progress', distributedOn: '2024-10-01', note: ' 一部の医師会のみ ' },
		{ status: '', methods: '' },
		{ status: 'done', distributedOn: '2024-10-21', institutionsReached: 120, methods: ['mail'] },
		{ ...done, __proto__: { status: 'x' }, constructor: 'y', unknownKey: 1 }
	],
	medical_institutions: [
		{},
		null,
		{ institutions: [] },
		{ institutions: [inst] },
		{
			institutions: [
				{
					name: ' 済生会横浜市東部病院 ',
					institutionCode: '１４１ ２３４ ５６７８',
					municipality: '横浜市鶴見区',
					clinicalDepartments: ['emergency', 'emergency', 'pediatrics'],
					accepts24Hours: 'true'
				}
			]
		},
		{
			institutions: [
				{ name: 'A病院', institutionCode: '12345', clinicalDepartments: ['astrology'] },
				{ name: 'B病院', institutionCode: '14112345678' },
				{ name: 'C病院', institutionCode: '14-1-12345AB' }
			]
		},
		{ institutions: [{ name: 'あ'.repeat(201) }] },
		{ institutions: [{ contact: 'x'.repeat(201) }] },
		{ institutions: [{ accepts24Hours: 'sometimes' }] },
		{ institutions: [{ accepts24Hours: 7 }] },
		{ institutions: [{ accepts24Hours: 'on', collectsEvidence: 'off', housesCenter: '0' }] },
		{ institutions: 'many' },
		{ institutions: [{ name: 'B病院' }, { municipality: '川崎市' }] },
		{ institutions: [inst, { ...inst, name: '別名' }] },
		{
			institutions: [
				inst,
				{ ...inst, institutionCode: '', name: ' 横浜市立大学附属市民総合医療センター' }
			]
		},
		{ institutions: [inst, inst, inst] },
		{ institutions: [{}, {}] },
		{ institutions: Array.from({ length: 1001 }, () => inst) }
	],
	coordination_record: [
		{},
		null,
		{ entries: [entry, { ...entry, date: '2024/10/1', outcome: '' }] },
		{ entries: [{ topic: '一人目の入力' }] },
		{ entries: [{ outcome: '了承' }] },
		{ entries: [{ date: '令和6年2月30日' }] },
		{ entries: [{ ...entry, date: '2024-11-15' }] },
		{ entries: [{ topic: 'あ'.repeat(501) }] },
		{ entries: [{ outcome: 'あ'.repeat(2001) }] },
		{ entries: Array.from({ length: 501 }, () => entry) },
		{ entries: Array.from({ length: 500 }, () => entry) },
		{ entries: [] },
		{ entries: ['row'] },
		// eslint-disable-next-line no-sparse-arrays
		{ entries: [, entry] },
		{ entries: { 0: entry } }
	],
	grant_report: [
		{},
		null,
		report,
		{ fiscalYear: '令和6年度', lines: report.lines },
		{
			fiscalYear: '令和6年度',
			lines: [
				{
					code: 'operating_costs',
					planned: '12,000,000',
					actual: '１１，５００，００１円',
					nationalShare: '999'
				},
				{ code: 'medical_costs', planned: '3000000', actual: '2,000,000' },
				{ code: 'legal_support', planned: '0', actual: '0', actualShare: 1 }
			],
			nationalShareTotal: 123
		},
		...[
			'2024',
			'２０２４年度',
			'令和6年度',
			'R6',
			'r.6',
			'令和元年度',
			'来年度',
			1999,
			2101,
			2024.5
		].map((fiscalYear) => ({ fiscalYear })),
		...['十万', '-1', '1e3', '1.5', '1,000,000,000,001', '1,000,000,000,000'].map((planned) => ({
			fiscalYear: 2024,
			lines: [{ code: 'operating_costs', planned }]
		})),
		{ fiscalYear: 2024, lines: [{ code: 'operating_costs', actual: '十万' }] },
		{ fiscalYear: 2024, lines: [{ code: 'bonus', planned: 1 }] },
		{
			fiscalYear: 2024,
			lines: [
				{ code: 'medical_costs', planned: 1 },
				{ code: 'medical_costs', planned: 2 }
			]
		},
		{ fiscalYear: 2024, lines: [{ code: 'operating_costs', planned: 5 }] },
		{
			fiscalYear: 2024,
			lines: [
				{ code: 'operating_costs', planned: 5 },
				{ code: 'medical_costs', planned: 0, actual: 0 }
			]
		},
		{ fiscalYear: 2024, lines: [{ planned: 5 }] },
		{ fiscalYear: 2024, lines: [{ code: '', planned: 5 }] },
		{ fiscalYear: 2024, lines: [{ code: '   ', planned: 5 }] },
		{ fiscalYear: 2024, lines: [{ code: 'x'.repeat(61) }] },
		{ lines: [{ code: 'operating_costs', planned: 1 }] },
		{ fiscalYear: 2024 }
	],
	free_text: [
		{},
		null,
		'just text',
		{ text: '医師会の会議で周知した。' },
		{ text: '  ' },
		{ text: 'あ'.repeat(4001) },
		{ text: 'あ'.repeat(4000) },
		{ text: 42 },
		{ text: { x: 1 } }
	],
	yes_no: [
		{},
		null,
		{ answer: 'yes' },
		{ answer: 'no', comment: ' 補足 ' },
		{ answer: 'maybe' },
		{ comment: 'x' }
	]
};

const paths = (r: { ok: boolean; errors?: { path: string }[] }) =>
	r.ok ? [] : (r.errors ?? []).map((e) => e.path);

describe('templates replicate the kinds they replace', () => {
	for (const kind of RESPONSE_ITEM_KINDS) {
		const item = TEMPLATES[kind].build({ number: 1 });
		for (const mode of ['draft', 'submit'] as const)
			for (const grantLines of kind === 'grant_report' ? [LINES, undefined, []] : [undefined])
				it(`${kind}, ${mode}${kind === 'grant_report' ? `, ${grantLines?.length ?? 'no'} lines` : ''}`, () => {
					FIXTURES[kind].forEach((data, i) => {
						const before = validateByHand(kind, data, { mode, today, grantLines });
						const after = validateAnswer(item, data, { mode, today, grantLines });
						const where = `${kind} fixture ${i} (${mode})`;
						expect(after.ok, where).toBe(before.ok);
						if (before.ok && after.ok) expect(after.value, where).toEqual(before.value);
						expect(paths(after), where).toEqual(paths(before));
					});
				});
	}

	it('a stored answer validates under its template and stays as it was', () => {
		for (const kind of RESPONSE_ITEM_KINDS) {
			const item = TEMPLATES[kind].build({ number: 1 });
			for (const data of FIXTURES[kind]) {
				const stored = validateByHand(kind, data, { mode: 'draft', today, grantLines: LINES });
				if (!stored.ok) continue;
				// Stored JSON comes back as plain objects.
				const json = JSON.parse(JSON.stringify(stored.value));
				const again = validateAnswer(item, json, { mode: 'draft', today, grantLines: LINES });
				expect(again.ok && JSON.parse(JSON.stringify(again.value))).toEqual(json);
			}
		}
	});

	it('summarizes as the kinds did where the template says how', () => {
		const s = (kind: ResponseItemKind, data: unknown) =>
			summarizeAnswer(TEMPLATES[kind].build({ number: 1 }), data, { grantLines: LINES });
		expect(s('status_checklist', done)).toBe('実施済み（令和6年10月21日・1,234機関）');
		expect(s('status_checklist', { status: 'in_progress' })).toBe('実施中');
		expect(s('status_checklist', {})).toBe('');
		expect(
			s('medical_institutions', { institutions: [inst, { ...inst, accepts24Hours: false }] })
		).toBe('2機関（24時間受入れ 1）');
		expect(s('grant_report', report)).toBe('令和6年度 実績 13,950,001円（国庫 6,866,666円）');
		expect(s('grant_report', {})).toBe('');
		expect(s('free_text', { text: '医師会の会議で周知した。' })).toBe('医師会の会議で周知した。');
		expect(s('yes_no', { answer: 'yes' })).toBe('はい');
		expect(s('coordination_record', { entries: [entry] })).toBe('1件');
		expect(s('status_checklist', { institutionsReached: -1 })).toBe('');
	});

	it('places a template in a notice, and knows only its own names', () => {
		const item = TEMPLATES.grant_report.build({
			number: 4,
			paragraph: 4,
			appliesTo: { bodyKinds: ['prefecture', 'designated_city', 'core_city'], functions: [] },
			deadline: '2025-05-30'
		});
		expect(item).toMatchObject({
			number: 4,
			paragraph: 4,
			title: '交付金の執行状況',
			behaviour: 'grant_share',
			deadline: '2025-05-30'
		});
		expect(item.appliesTo.bodyKinds).toEqual(['prefecture', 'designated_city', 'core_city']);
		expect(templateByName('constructor')).toBeNull();
		expect(templateByName('yes_no')).toBe(TEMPLATES.yes_no);
	});
});
