// The item editor's form contract: what ItemsEditor/FieldEditor post (inputs named by their
// place in the definition) reads back as the same definition — every template survives being
// opened and saved unchanged, including its required-when conditions and checks.
import { describe, expect, test } from 'vitest';
import { TEMPLATES } from './templates/index.ts';
import { itemDefinitionsSchema, type Field, type ItemDefinition } from './index.ts';
import {
	applyEditorOperation,
	choicesText,
	fieldExtra,
	fieldHas,
	itemExtra,
	readChoices,
	readItemsForm,
	type DraftField,
	type DraftItem
} from './editor-form.ts';

/** The form the components render for these items (the same names, the same values). */
function posted(items: ItemDefinition[]): FormData {
	const form = new FormData();
	const put = (name: string, v: unknown) => {
		if (v !== undefined && v !== null) form.append(name, String(v));
	};
	const field = (at: string, f: Field) => {
		const d = f as unknown as DraftField;
		put(`${at}.extra`, fieldExtra(d));
		put(`${at}.type`, f.type);
		put(`${at}.label`, f.label);
		put(`${at}.key`, f.key);
		if (f.required !== false) put(`${at}.required`, 'on');
		if (fieldHas(f.type, 'min')) {
			put(`${at}.min`, d.min);
			put(`${at}.max`, d.max);
		}
		if (fieldHas(f.type, 'unit')) put(`${at}.unit`, d.unit);
		if (fieldHas(f.type, 'choices')) put(`${at}.choices`, choicesText(d.choices));
		if (fieldHas(f.type, 'check')) put(`${at}.check`, d.check);
		if (f.type === 'table') {
			put(`${at}.minRows`, f.minRows);
			put(`${at}.maxRows`, f.maxRows);
			f.columns.forEach((c, k) => field(`${at}.columns.${k}`, c as Field));
		}
		put(`${at}.shownIf.field`, f.shownIf?.field ?? '');
		put(`${at}.shownIf.equals`, f.shownIf ? String(f.shownIf.equals) : '');
	};
	items.forEach((item, i) => {
		const at = `items.${i}`;
		put(`${at}.extra`, itemExtra(item as unknown as DraftItem));
		put(`${at}.title`, item.title);
		put(`${at}.paragraph`, item.paragraph ?? '');
		put(`${at}.deadline`, item.deadline ?? '');
		put(`${at}.instructions`, item.instructions);
		for (const k of item.appliesTo.bodyKinds) put(`${at}.appliesTo.bodyKinds`, k);
		for (const f of item.appliesTo.functions) put(`${at}.appliesTo.functions`, f);
		item.fields.forEach((f, j) => field(`${at}.fields.${j}`, f));
	});
	return form;
}

describe('the item editor form', () => {
	test('every template reads back unchanged when opened and saved', () => {
		const items = Object.values(TEMPLATES).map((t, i) => t.build({ number: i + 1 }));
		const back = itemDefinitionsSchema.parse(readItemsForm(posted(items)));
		expect(back).toEqual(items);
	});

	test('a deadline in 和暦 is stored as a date; empty keys are generated, unique', () => {
		const form = new FormData();
		form.append('items.0.title', '状況');
		form.append('items.0.deadline', '令和9年1月15日');
		for (const [j, key] of ['', 'field1', ''].entries()) {
			form.append(`items.0.fields.${j}.type`, 'short_text');
			form.append(`items.0.fields.${j}.label`, `欄${j}`);
			form.append(`items.0.fields.${j}.key`, key);
		}
		const [item] = readItemsForm(form);
		expect(item.deadline).toBe('2027-01-15');
		expect(item.fields.map((f) => f.key)).toEqual(['field2', 'field1', 'field3']);
	});

	test('choices: 値=表示名, or a label alone with a made-up value', () => {
		expect(readChoices('done=実施済み\n予定\n\nc1=その他')).toEqual([
			{ value: 'done', label: '実施済み' },
			{ value: 'c2', label: '予定' },
			{ value: 'c1', label: 'その他' }
		]);
	});

	test('hostile extras cannot overwrite what the editor edits, nor break the read', () => {
		const form = new FormData();
		form.append('items.0.title', 'T');
		form.append('items.0.extra', '{"title":"X","fields":[],"__proto__":{"polluted":1}}');
		form.append('items.0.fields.0.type', 'yes_no');
		form.append('items.0.fields.0.label', 'L');
		form.append('items.0.fields.0.extra', 'not json');
		const [item] = readItemsForm(form);
		expect(item.title).toBe('T');
		expect(item.fields).toHaveLength(1);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('operations add, move and remove items, fields and columns', () => {
		const items: DraftItem[] = [];
		applyEditorOperation(items, 'add-item');
		applyEditorOperation(
			items,
			'add-template:grant_report',
			TEMPLATES.grant_report.build({ number: 2 })
		);
		applyEditorOperation(items, 'up-item:1');
		expect(items.map((i) => i.number)).toEqual([1, 2]);
		expect(items[0].title).toBe(TEMPLATES.grant_report.build({ number: 1 }).title);
		applyEditorOperation(items, 'add-field:1');
		applyEditorOperation(items, 'add-column:1.0');
		expect(items[1].fields).toHaveLength(2);
		expect(items[1].fields[0].columns).toHaveLength(1);
		applyEditorOperation(items, 'remove-column:1.0.0');
		applyEditorOperation(items, 'remove-item:0');
		applyEditorOperation(items, 'remove-item:9');
		applyEditorOperation(items, 'nonsense:__proto__');
		expect(items).toHaveLength(1);
		expect(items[0].fields[0].columns).toEqual([]);
	});
});
