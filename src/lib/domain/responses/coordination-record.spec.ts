import { describe, expect, it } from 'vitest';
import { checkCoordinationRecord, summarizeCoordinationRecord } from './coordination-record.ts';

const today = '2024-11-01';
const draft = (data: unknown) => checkCoordinationRecord(data, { mode: 'draft', today });
const submit = (data: unknown) => checkCoordinationRecord(data, { mode: 'submit', today });
const paths = (r: ReturnType<typeof draft>) => (r.ok ? [] : r.errors.map((e) => e.path));

const entry = {
	date: '令和6年10月30日',
	counterpart: '神奈川県 福祉子どもみらい局 人権男女共同参画課',
	topic: '協力医療機関の情報共有',
	outcome: '年内に医師会へ共同で依頼する'
};

describe('coordination record (記3)', () => {
	it('accepts consultations with 和暦 dates; the outcome is optional', () => {
		const r = submit({ entries: [entry, { ...entry, date: '2024/10/1', outcome: '' }] });
		expect(r.ok && r.value.entries.map((e) => [e.date, e.outcome])).toEqual([
			['2024-10-30', '年内に医師会へ共同で依頼する'],
			['2024-10-01', undefined]
		]);
	});

	it('lets a draft be partial, but a submission needs date, counterpart and topic', () => {
		expect(draft({}).ok).toBe(true);
		expect(draft({ entries: [{ topic: '一人目の入力' }] }).ok).toBe(true);
		expect(paths(submit({}))).toEqual(['entries']);
		expect(paths(submit({ entries: [{ outcome: '了承' }] }))).toEqual([
			'entries.0.date',
			'entries.0.counterpart',
			'entries.0.topic'
		]);
	});

	it('refuses impossible dates always, and future dates on submit', () => {
		expect(paths(draft({ entries: [{ date: '令和6年2月30日' }] }))).toEqual(['entries.0.date']);
		// A planned meeting may be noted in a draft…
		expect(draft({ entries: [{ ...entry, date: '2024-11-15' }] }).ok).toBe(true);
		// …but is not submitted as held.
		expect(paths(submit({ entries: [{ ...entry, date: '2024-11-15' }] }))).toEqual([
			'entries.0.date'
		]);
	});

	it('refuses oversized text', () => {
		expect(paths(draft({ entries: [{ topic: 'あ'.repeat(501) }] }))).toEqual(['entries.0.topic']);
		expect(paths(draft({ entries: [{ outcome: 'あ'.repeat(2001) }] }))).toEqual([
			'entries.0.outcome'
		]);
		expect(paths(draft({ entries: Array.from({ length: 501 }, () => entry) }))).toEqual([
			'entries'
		]);
	});

	it('summarizes for tables', () => {
		const r = submit({ entries: [entry, { ...entry, date: '2024-10-01' }] });
		expect(r.ok && summarizeCoordinationRecord(r.value)).toBe('2件（最終 令和6年10月30日）');
		expect(summarizeCoordinationRecord({ entries: [] })).toBe('0件');
	});
});
