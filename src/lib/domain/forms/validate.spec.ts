import { describe, expect, it } from 'vitest';
import { itemDefinitionSchema } from './definition.ts';
import { readAnswer, summarizeAnswer, validateAnswer } from './validate.ts';

const today = '2024-11-01';
const item = itemDefinitionSchema.parse({
	number: 1,
	title: '周知の状況',
	fields: [
		{
			key: 'status',
			type: 'single_choice',
			label: '状況',
			required: true,
			choices: [
				{ value: 'done', label: '実施済み' },
				{ value: 'not_started', label: '未着手' }
			]
		},
		{
			key: 'reason',
			type: 'long_text',
			label: '未着手の理由',
			required: true,
			shownIf: { field: 'status', equals: 'not_started' }
		},
		{ key: 'reached', type: 'whole_number', label: '配布数', unit: '機関', min: 0 },
		{
			key: 'methods',
			type: 'multiple_choice',
			label: '方法',
			choices: [
				{ value: 'mail', label: '郵送' },
				{ value: 'other', label: 'その他' }
			]
		},
		{
			key: 'otherMethod',
			type: 'short_text',
			label: 'その他の方法',
			required: { field: 'methods', equals: 'other' }
		}
	],
	checks: [
		{
			type: 'nothing_when',
			when: { field: 'status', equals: 'not_started' },
			fields: ['reached'],
			path: 'status',
			message: '未着手なのに配布数があります。'
		}
	],
	summary: ['status', 'reached']
});
const run = (data: unknown, mode: 'draft' | 'submit' = 'submit') =>
	validateAnswer(item, data, { mode, today });
const errors = (r: ReturnType<typeof run>) =>
	r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);

describe('validateAnswer', () => {
	it('a field shown only under a condition is required and stored only then', () => {
		expect(errors(run({ status: 'not_started' }))).toEqual([
			'reason: 未着手の理由を入力してください。'
		]);
		const done = run({ status: 'done', reason: 'ignored because hidden' });
		expect(done.ok && done.value).toEqual({ status: 'done', methods: [] });
		const notStarted = run({ status: 'not_started', reason: '人手不足' });
		expect(notStarted.ok && notStarted.value.reason).toBe('人手不足');
	});

	it('a hidden field is not read at all, so a bad value in it is no error', () => {
		expect(run({ status: 'done', reason: { not: 'text' } }).ok).toBe(true);
		expect(errors(run({ status: 'not_started', reason: { not: 'text' } }))).toEqual([
			'reason: 未着手の理由は文字で入力してください。'
		]);
	});

	it('requires a field when another has a value (a multiple choice: among those chosen)', () => {
		expect(errors(run({ status: 'done', methods: ['mail', 'other'] }))).toEqual([
			'otherMethod: その他の方法を入力してください。'
		]);
		expect(run({ status: 'done', methods: ['mail'] }).ok).toBe(true);
		expect(run({ methods: ['other'] }, 'draft').ok).toBe(true);
	});

	it('applies cross-field checks on submission only', () => {
		const bad = { status: 'not_started', reason: 'x', reached: 3 };
		expect(errors(run(bad))).toEqual(['status: 未着手なのに配布数があります。']);
		expect(run(bad, 'draft').ok).toBe(true);
		expect(run({ ...bad, reached: 0 }).ok).toBe(true);
	});

	it('reads only the definition’s keys, into objects with no prototype', () => {
		const hostile = JSON.parse(
			'{"status":"done","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"extra":1}'
		);
		const r = run(hostile);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(Object.getPrototypeOf(r.value)).toBeNull();
		expect(Object.keys(r.value)).toEqual(['status', 'methods']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		// A key inherited from a prototype is not an answer either.
		const inherited = Object.create({ status: 'done' });
		expect(errors(run(inherited))).toEqual(['status: 状況を選んでください。']);
	});

	it('refuses what is not an answer object, and takes nothing as an empty draft', () => {
		for (const bad of ['text', 42, [1], true])
			expect(errors(run(bad, 'draft'))).toEqual([
				': 回答の形式が正しくありません。画面を読み込み直してください。'
			]);
		expect(run(null, 'draft').ok).toBe(true);
		expect(run(undefined, 'draft').ok).toBe(true);
	});

	it('reports unreadable values alone, before what is missing', () => {
		expect(errors(run({ reached: '十' }))).toEqual([
			'reached: 配布数は数字で入力してください（例：1,234）。'
		]);
	});
});

describe('summarizeAnswer and readAnswer', () => {
	it('summarizes by the definition’s summary fields', () => {
		expect(summarizeAnswer(item, { status: 'done', reached: '120' })).toBe('実施済み（120機関）');
		expect(summarizeAnswer(item, { status: 'done' })).toBe('実施済み');
		expect(summarizeAnswer(item, {})).toBe('');
		expect(summarizeAnswer(item, { reached: -1 })).toBe('');
		expect(summarizeAnswer(item, 'text')).toBe('');
	});

	it('reads what can be read, ignoring the rules of a submission', () => {
		expect(readAnswer(item, { status: 'not_started', reached: 3 })).toEqual({
			status: 'not_started',
			reached: 3,
			methods: []
		});
		expect(readAnswer(item, { reached: 'many' })).toBeNull();
	});
});
