import { describe, expect, it } from 'vitest';
import { itemDefinitionSchema, itemDefinitionsSchema } from './definition.ts';
import { MAX_CHOICES, MAX_FIELDS } from './limits.ts';

const status = {
	key: 'status',
	type: 'single_choice',
	label: '状況',
	choices: [
		{ value: 'done', label: '実施済み' },
		{ value: 'not_started', label: '未着手' }
	]
};
const text = (key: string, more: Record<string, unknown> = {}) => ({
	key,
	type: 'short_text',
	label: key,
	...more
});
const item = (fields: unknown[], more: Record<string, unknown> = {}) => ({
	number: 1,
	title: '周知の状況',
	fields,
	...more
});
const problems = (input: unknown) => {
	const r = itemDefinitionSchema.safeParse(input);
	return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('an item definition', () => {
	it('fills in what an issuer may leave out', () => {
		const r = itemDefinitionSchema.parse(item([text('note')]));
		expect(r).toEqual({
			number: 1,
			paragraph: null,
			title: '周知の状況',
			instructions: '',
			appliesTo: { bodyKinds: [], functions: [] },
			deadline: null,
			fields: [{ key: 'note', type: 'short_text', label: 'note', required: false, maxLength: 200 }],
			checks: [],
			summary: []
		});
	});

	it('refuses keys that are not plain names, or that an object already has', () => {
		for (const key of [
			'__proto__',
			'constructor',
			'toString',
			'Status',
			'1st',
			'a-b',
			'a'.repeat(41),
			''
		])
			expect(problems(item([text(key)])).length, key).toBeGreaterThan(0);
		expect(problems(item([text('a'), text('a')]))).toEqual([
			'fields.1.key: 項目キー「a」が重複しています。'
		]);
	});

	it('checks every condition points at a choice of the same item, one level deep', () => {
		const shown = (shownIf: unknown) => problems(item([status, text('when', { shownIf })]));
		expect(shown({ field: 'status', equals: 'done' })).toEqual([]);
		expect(shown({ field: 'missing', equals: 'done' })).toEqual([
			'fields.1.shownIf: 条件の項目「missing」が見つかりません。'
		]);
		expect(shown({ field: 'status', equals: 'finished' })).toEqual([
			'fields.1.shownIf: 条件の値「finished」は「状況」の選択肢にありません。'
		]);
		expect(shown({ field: 'status', equals: true })).toHaveLength(1);
		expect(
			problems(item([text('a'), text('b', { shownIf: { field: 'a', equals: 'x' } })]))
		).toEqual(['fields.1.shownIf: 条件にできるのは選択・はい・いいえの項目です（「a」）。']);
		// Two levels: a condition on a field that is itself conditional.
		const nested = item([
			status,
			{ ...status, key: 'again', shownIf: { field: 'status', equals: 'done' } },
			text('deep', { shownIf: { field: 'again', equals: 'done' } })
		]);
		expect(problems(nested)).toEqual([
			'fields.2.shownIf: 条件の項目「again」自体が条件つきです（条件は1段までです）。'
		]);
		expect(
			problems(item([{ ...status, shownIf: { field: 'status', equals: 'done' } }]))
		).toHaveLength(1);
	});

	it('checks conditions inside a table against the same row', () => {
		const table = (columns: unknown[]) => item([{ key: 't', type: 'table', label: 't', columns }]);
		expect(
			problems(table([status, text('x', { required: { field: 'status', equals: 'done' } })]))
		).toEqual([]);
		expect(
			problems(
				item([
					status,
					{
						key: 't',
						type: 'table',
						label: 't',
						columns: [text('x', { shownIf: { field: 'status', equals: 'done' } })]
					}
				])
			)
		).toEqual(['fields.1.columns.0.shownIf: 条件の項目「status」が見つかりません。']);
	});

	it('checks cross-field checks, summaries and behaviours name fields it has', () => {
		const check = {
			type: 'nothing_when',
			when: { field: 'status', equals: 'not_started' },
			fields: ['nope'],
			path: 'status',
			message: 'x'
		};
		expect(problems(item([status], { checks: [check] }))).toEqual([
			'checks.0: 項目「nope」が見つかりません。'
		]);
		expect(problems(item([status], { summary: ['nope'] }))).toEqual([
			'summary.0: 項目「nope」が見つかりません。'
		]);
		expect(problems(item([status], { behaviour: 'registry' }))[0]).toMatch(/^behaviour: /);
		expect(problems(item([status], { behaviour: 'eval' })).length).toBe(1);
	});

	it('has ceilings a hostile file cannot pass', () => {
		const many = Array.from({ length: MAX_FIELDS + 1 }, (_, i) => text(`f${i}`));
		expect(problems(item(many)).length).toBeGreaterThan(0);
		const choices = Array.from({ length: MAX_CHOICES + 1 }, (_, i) => ({
			value: `c${i}`,
			label: 'c'
		}));
		expect(problems(item([{ ...status, choices }])).length).toBeGreaterThan(0);
		expect(problems(item([text('a', { maxLength: 10 ** 9 })])).length).toBeGreaterThan(0);
		expect(problems({ ...item([text('a')]), title: 'あ'.repeat(201) }).length).toBeGreaterThan(0);
		expect(problems(item([]))).toEqual(['fields: 入力欄を1つ以上用意してください。']);
	});

	it('takes who answers in the addressees’ language, and a real deadline', () => {
		expect(
			problems(
				item([text('a')], { appliesTo: { bodyKinds: ['prefecture'], functions: ['health'] } })
			)
		).toEqual([]);
		expect(problems(item([text('a')], { appliesTo: { bodyKinds: ['hamlet'] } })).length).toBe(1);
		// Any function of the catalogue (data: the server checks the code exists and is addressable);
		// what is not shaped as a code is refused here.
		expect(problems(item([text('a')], { appliesTo: { functions: ['child_welfare'] } }))).toEqual(
			[]
		);
		expect(problems(item([text('a')], { appliesTo: { functions: ['児童福祉'] } })).length).toBe(1);
		expect(problems(item([text('a')], { deadline: '2025-02-30' })).length).toBe(1);
		expect(problems(item([text('a')], { deadline: '2025-02-28' }))).toEqual([]);
	});

	it('numbers the items of a notice uniquely', () => {
		const r = itemDefinitionsSchema.safeParse([item([text('a')]), item([text('b')])]);
		expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['1.number']);
	});
});
