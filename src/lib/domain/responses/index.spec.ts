import { describe, expect, it } from 'vitest';
import { RESPONSE_ITEM_KINDS, type ResponseItemKind } from '../notices.ts';
import { summarizeResponse, validateResponse } from './index.ts';
import type { GrantLineRate } from './grant-report.ts';

const today = '2024-11-01';
const LINES: GrantLineRate[] = [
	{ code: 'operating_costs', name: '運営費', subsidyRateNumerator: 1, subsidyRateDenominator: 2 }
];

// One complete answer per kind, typed as a form posts it.
const complete: Record<ResponseItemKind, unknown> = {
	status_checklist: {
		status: 'done',
		distributedOn: '令和6年10月21日',
		institutionsReached: '１２０',
		methods: ['mail']
	},
	medical_institutions: {
		institutions: [
			{ name: '横浜労災病院', municipality: '横浜市港北区', clinicalDepartments: ['emergency'] }
		]
	},
	coordination_record: {
		entries: [{ date: '2024-10-30', counterpart: 'センター所管課', topic: '情報共有' }]
	},
	grant_report: {
		fiscalYear: '2024',
		lines: [{ code: 'operating_costs', planned: '1,000', actual: '999' }]
	},
	free_text: { text: '医師会の会議で周知した。' },
	yes_no: { answer: 'yes' }
};

describe('validateResponse', () => {
	it('dispatches every kind, and a complete answer passes as draft and as submission', () => {
		for (const kind of RESPONSE_ITEM_KINDS)
			for (const mode of ['draft', 'submit'] as const)
				expect(
					validateResponse(kind, complete[kind], { mode, today, grantLines: LINES }).ok,
					`${kind} ${mode}`
				).toBe(true);
	});

	it('an empty answer is a valid draft of every kind, and no valid submission', () => {
		// An empty list of institutions is a real answer (none able to cooperate yet).
		expect(validateResponse('medical_institutions', {}, { mode: 'submit', today }).ok).toBe(true);
		for (const kind of RESPONSE_ITEM_KINDS.filter((k) => k !== 'medical_institutions')) {
			expect(validateResponse(kind, {}, { mode: 'draft', today, grantLines: LINES }).ok).toBe(true);
			expect(validateResponse(kind, null, { mode: 'draft', today, grantLines: LINES }).ok).toBe(
				true
			);
			const submitted = validateResponse(kind, {}, { mode: 'submit', today, grantLines: LINES });
			expect(submitted.ok, kind).toBe(false);
			if (!submitted.ok)
				expect(submitted.errors.every((e) => /[ぁ-んァ-ヶ一-龠]/.test(e.message))).toBe(true);
		}
	});

	it('refuses what is not an answer object, in Japanese', () => {
		const r = validateResponse('free_text', 'just text', { mode: 'draft', today });
		expect(r).toEqual({
			ok: false,
			errors: [
				{ path: '', message: '回答の形式が正しくありません。画面を読み込み直してください。' }
			]
		});
		const unknownKind = validateResponse(
			'petition' as ResponseItemKind,
			{},
			{ mode: 'draft', today }
		);
		expect(unknownKind.ok).toBe(false);
	});

	it('returns the normalized value to store', () => {
		const r = validateResponse('status_checklist', complete.status_checklist, {
			mode: 'submit',
			today
		});
		expect(r.ok && r.value).toEqual({
			status: 'done',
			distributedOn: '2024-10-21',
			institutionsReached: 120,
			methods: ['mail']
		});
	});
});

describe('summarizeResponse', () => {
	it('gives a short text per kind, and "" for what it cannot read', () => {
		expect(
			RESPONSE_ITEM_KINDS.map((kind) => summarizeResponse(kind, complete[kind], LINES))
		).toEqual([
			'実施済み（令和6年10月21日・120機関）',
			'1機関',
			'1件（最終 令和6年10月30日）',
			'令和6年度 実績 999円（国庫 499円）',
			'医師会の会議で周知した。',
			'はい'
		]);
		expect(summarizeResponse('status_checklist', { institutionsReached: -1 })).toBe('');
		expect(summarizeResponse('yes_no', 42)).toBe('');
	});
});
