import { describe, expect, it } from 'vitest';
import {
	DEFINITION_FORMAT,
	parseDefinition,
	parseItemDefinition,
	serializeDefinition
} from './format.ts';
import { TEMPLATES } from './templates/index.ts';

const seedItems = [
	TEMPLATES.status_checklist.build({ number: 1, paragraph: 1 }),
	TEMPLATES.medical_institutions.build({ number: 2, paragraph: 2 }),
	TEMPLATES.coordination_record.build({
		number: 3,
		paragraph: 3,
		appliesTo: { bodyKinds: [], functions: ['health'] }
	}),
	TEMPLATES.grant_report.build({
		number: 4,
		paragraph: 4,
		appliesTo: { bodyKinds: ['prefecture', 'designated_city', 'core_city'], functions: [] }
	})
];

describe('the definition file', () => {
	it('round-trips the seed’s four items', () => {
		const text = serializeDefinition(seedItems);
		expect(JSON.parse(text).format).toBe(DEFINITION_FORMAT);
		expect(parseDefinition(text)).toEqual({ ok: true, items: seedItems });
	});

	it('lists every problem with its place', () => {
		const file = JSON.parse(serializeDefinition(seedItems));
		file.items[0].fields[0].choices = [];
		file.items[2].number = 4;
		file.items[3].fields[1].columns[0].key = '__proto__';
		const r = parseDefinition(JSON.stringify(file));
		// What follows from a problem is listed too: conditions on the emptied choices, the
		// behaviour missing its column.
		expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual([
			'items.0.fields.0.choices',
			'items.0.fields.1.required',
			'items.0.fields.2.required',
			'items.0.fields.3.required',
			'items.3.fields.1.columns.0.key',
			'items.3.behaviour',
			'items.3.number'
		]);
	});

	it('refuses what is not a definition file, in Japanese', () => {
		const first = (input: unknown) => {
			const r = parseDefinition(input);
			return r.ok ? null : r.problems[0].message;
		};
		expect(first('{')).toBe(
			'JSON として読めません。回答項目の定義ファイル（.json）を選んでください。'
		);
		expect(first('{"format":"kairan.items/2","items":[]}')).toMatch(/形式が違います/);
		expect(first(' '.repeat(1_000_001))).toMatch(/大きすぎます/);
		expect(first('"\uFEFF"')).not.toBeNull();
		expect(parseDefinition('\uFEFF{"format":"kairan.items/1","items":[]}')).toEqual({
			ok: true,
			items: []
		});
	});

	it('checks one item alone, with paths inside the item', () => {
		const r = parseItemDefinition({ number: 1, title: '', fields: [] });
		expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['title', 'fields']);
	});
});
