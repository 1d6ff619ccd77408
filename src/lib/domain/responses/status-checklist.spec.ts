import { describe, expect, it } from 'vitest';
import { checkStatusChecklist, summarizeStatusChecklist } from './status-checklist.ts';

const today = '2024-11-01';
const draft = (data: unknown) => checkStatusChecklist(data, { mode: 'draft', today });
const submit = (data: unknown) => checkStatusChecklist(data, { mode: 'submit', today });
const paths = (r: { ok: boolean; errors?: { path: string }[] }) =>
	r.ok ? [] : (r.errors ?? []).map((e) => e.path);

const done = {
	status: 'done',
	distributedOn: '令和6年10月21日',
	institutionsReached: '１，２３４',
	methods: ['mail', 'association_meeting']
};

describe('status checklist (記1 leaflet distribution)', () => {
	it('accepts a complete answer typed as people type it, normalized for storage', () => {
		expect(submit(done)).toEqual({
			ok: true,
			value: {
				status: 'done',
				distributedOn: '2024-10-21',
				institutionsReached: 1234,
				methods: ['mail', 'association_meeting']
			}
		});
	});

	it('lets a draft be partial, but a submission must be complete', () => {
		expect(draft({}).ok).toBe(true);
		expect(draft({ status: 'done' }).ok).toBe(true);
		expect(paths(submit({}))).toEqual(['status']);
		expect(paths(submit({ status: 'done' }))).toEqual([
			'distributedOn',
			'institutionsReached',
			'methods'
		]);
		expect(submit({ status: 'in_progress' }).ok).toBe(true);
		expect(submit({ status: 'not_started' }).ok).toBe(true);
		expect(paths(submit({ ...done, methods: ['other'] }))).toEqual(['otherMethod']);
		expect(submit({ ...done, methods: ['other'], otherMethod: '研修会で配布' }).ok).toBe(true);
		expect(paths(submit({ status: 'not_started', institutionsReached: 5 }))).toEqual(['status']);
	});

	it('refuses bad numbers even in a draft', () => {
		for (const bad of ['-3', '12本', '1.5', '1e3', '12,34', 999_999_999]) {
			const r = draft({ institutionsReached: bad });
			expect(paths(r)).toEqual(['institutionsReached']);
		}
		const r = draft({ institutionsReached: '-3' });
		expect(r.ok ? '' : r.errors[0].message).toBe('配布した医療機関数に負の数は入力できません。');
	});

	it('refuses impossible and future dates even in a draft', () => {
		const impossible = draft({ distributedOn: '2024-02-30' });
		expect(paths(impossible)).toEqual(['distributedOn']);
		expect(impossible.ok ? '' : impossible.errors[0].message).toMatch(/日付として読めません/);
		expect(paths(draft({ distributedOn: '令和6年11月2日' }))).toEqual(['distributedOn']);
		expect(draft({ distributedOn: '令和6年11月1日' }).ok).toBe(true);
		const future = submit({ ...done, distributedOn: '2024-12-01' });
		expect(future.ok ? '' : future.errors[0].message).toBe(
			'配布日に未来の日付は入力できません（今日は令和6年11月1日です）。'
		);
	});

	it('refuses unknown statuses and methods, and an oversized note', () => {
		expect(paths(draft({ status: 'finished' }))).toEqual(['status']);
		expect(paths(draft({ methods: ['mail', 'carrier_pigeon'] }))).toEqual(['methods']);
		expect(paths(draft({ note: 'あ'.repeat(2001) }))).toEqual(['note']);
		expect(draft({ note: 'あ'.repeat(2000) }).ok).toBe(true);
	});

	it('summarizes for tables', () => {
		const r = submit(done);
		expect(r.ok && summarizeStatusChecklist(r.value)).toBe(
			'実施済み（令和6年10月21日・1,234機関）'
		);
		expect(summarizeStatusChecklist({ status: 'in_progress', methods: [] })).toBe('実施中');
		expect(summarizeStatusChecklist({ methods: [] })).toBe('');
	});
});
