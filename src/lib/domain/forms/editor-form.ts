// The item editor's form: every input is named by its place in the definition
// (items.0.fields.1.label), so a problem's path from itemDefinitionSchema is the name of the
// input it belongs beside. Reads a posted form back into definitions (still unchecked: the
// schema says what is wrong) and applies the editor's structural buttons (add, move, remove).
// Properties the editor does not show (help texts, checks, a template's behaviour) travel in a
// hidden `extra` JSON per item and per field, so editing never loses them.
import { parseDateInput } from '../dates.ts';
import type { Field } from './fields/index.ts';
import type { ItemDefinition } from './definition.ts';

/** An item as the editor holds it: a definition, or what was typed towards one. */
export type DraftItem = Record<string, unknown> & { fields: DraftField[] };
export type DraftField = Record<string, unknown> & { columns?: DraftField[] };

const ITEM_EDITED = ['title', 'paragraph', 'instructions', 'appliesTo', 'deadline', 'fields'];
const FIELD_EDITED = [
	'type',
	'key',
	'label',
	'required',
	'min',
	'max',
	'unit',
	'choices',
	'columns',
	'minRows',
	'maxRows',
	'check',
	'shownIf'
];

export const emptyField = (): DraftField => ({
	type: 'short_text',
	key: '',
	label: '',
	required: false
});

export const emptyItem = (): DraftItem => ({
	title: '',
	paragraph: null,
	instructions: '',
	appliesTo: { bodyKinds: [], functions: [] },
	deadline: null,
	fields: [emptyField()],
	checks: [],
	summary: []
});

/** What the editor does not show of an item or field. */
export function extraOf(obj: Record<string, unknown>, edited: string[]): string {
	const rest: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(obj)) if (!edited.includes(k) && k !== 'number') rest[k] = v;
	return JSON.stringify(rest);
}
export const itemExtra = (item: DraftItem) => extraOf(item, ITEM_EDITED);
/** A required-when condition is not a checkbox: it travels with the extras, and 必須 keeps it. */
export const fieldExtra = (field: DraftField) =>
	extraOf(
		field,
		field.required && typeof field.required === 'object'
			? FIELD_EDITED.filter((k) => k !== 'required')
			: FIELD_EDITED
	);

/** Choices as the editor's textarea shows them: one per line, 値=表示名. */
export function choicesText(choices: unknown): string {
	if (!Array.isArray(choices)) return '';
	return choices
		.map(
			(c: { value?: unknown; label?: unknown }) =>
				`${String(c?.value ?? '')}=${String(c?.label ?? '')}`
		)
		.join('\n');
}

/** A line without `=` is a label; its value is made up (c1, c2, …) avoiding those given. */
export function readChoices(text: string): { value: string; label: string }[] {
	const lines = text
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const parsed = lines.map((l) => {
		const at = l.indexOf('=');
		return at > 0
			? { value: l.slice(0, at).trim(), label: l.slice(at + 1).trim() }
			: { value: '', label: l };
	});
	const used = new Set(parsed.map((c) => c.value));
	let n = 1;
	for (const c of parsed)
		if (!c.value) {
			while (used.has(`c${n}`)) n++;
			c.value = `c${n}`;
			used.add(c.value);
		}
	return parsed;
}

function readExtra(text: FormDataEntryValue | null): Record<string, unknown> {
	if (typeof text !== 'string' || text === '') return {};
	try {
		const v: unknown = JSON.parse(text);
		if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
		// Only what the editor left out: never a key it edits.
		const out: Record<string, unknown> = Object.create(null);
		for (const [k, x] of Object.entries(v))
			if (
				(!ITEM_EDITED.includes(k) && !FIELD_EDITED.includes(k)) ||
				(k === 'required' && x !== null && typeof x === 'object')
			)
				out[k] = x;
		return out;
	} catch {
		return {};
	}
}

const NUMBER = /^-?\d+(\.\d+)?$/;
/** A number as typed (全角 too); anything else is left for the schema to name. */
function readNumber(text: FormDataEntryValue | null): number | string | undefined {
	if (typeof text !== 'string') return undefined;
	const t = text.normalize('NFKC').replace(/,/g, '').trim();
	if (t === '') return undefined;
	return NUMBER.test(t) ? Number(t) : t;
}

function str(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
}

/** A key from the label when none is given: field1, field2, … unique within its scope. */
function fillKeys(fields: DraftField[]) {
	const used = new Set(fields.map((f) => f.key).filter(Boolean));
	let n = 1;
	for (const f of fields)
		if (!f.key) {
			while (used.has(`field${n}`)) n++;
			f.key = `field${n}`;
			used.add(f.key);
		}
}

function readField(form: FormData, at: string, depth: number): DraftField {
	const field: DraftField = { ...readExtra(form.get(`${at}.extra`)) };
	const type = str(form, `${at}.type`);
	field.type = type;
	field.key = str(form, `${at}.key`).trim();
	field.label = str(form, `${at}.label`).trim();
	const extraRequired = field.required;
	field.required = form.has(`${at}.required`)
		? extraRequired && typeof extraRequired === 'object'
			? extraRequired
			: true
		: false;
	for (const k of ['min', 'max', 'minRows', 'maxRows'] as const) {
		const n = readNumber(form.get(`${at}.${k}`));
		if (n !== undefined) field[k] = n;
	}
	const unit = str(form, `${at}.unit`).trim();
	if (unit) field.unit = unit;
	if (type === 'single_choice' || type === 'multiple_choice')
		field.choices = readChoices(str(form, `${at}.choices`));
	if (type === 'code') field.check = str(form, `${at}.check`);
	const when = str(form, `${at}.shownIf.field`);
	if (when) {
		const equals = str(form, `${at}.shownIf.equals`).trim();
		field.shownIf = {
			field: when,
			equals: equals === 'true' ? true : equals === 'false' ? false : equals
		};
	}
	if (type === 'table' && depth === 0) {
		const columns: DraftField[] = [];
		for (let k = 0; form.has(`${at}.columns.${k}.type`) && k < 100; k++)
			columns.push(readField(form, `${at}.columns.${k}`, 1));
		fillKeys(columns);
		field.columns = columns;
	}
	return field;
}

/** The items as posted (unchecked), in the order shown. */
export function readItemsForm(form: FormData): DraftItem[] {
	const items: DraftItem[] = [];
	for (let i = 0; form.has(`items.${i}.title`) && i < 100; i++) {
		const at = `items.${i}`;
		const fields: DraftField[] = [];
		for (let j = 0; form.has(`${at}.fields.${j}.type`) && j < 100; j++)
			fields.push(readField(form, `${at}.fields.${j}`, 0));
		fillKeys(fields);
		const paragraph = readNumber(form.get(`${at}.paragraph`));
		const deadline = str(form, `${at}.deadline`).trim();
		items.push({
			...readExtra(form.get(`${at}.extra`)),
			number: i + 1,
			title: str(form, `${at}.title`).trim(),
			paragraph: paragraph ?? null,
			instructions: str(form, `${at}.instructions`),
			appliesTo: {
				bodyKinds: form.getAll(`${at}.appliesTo.bodyKinds`).map(String),
				functions: form.getAll(`${at}.appliesTo.functions`).map(String)
			},
			// 和暦 accepted: 令和8年1月15日 is stored as 2027-01-15 (anything else as typed, refused).
			deadline: deadline ? (parseDateInput(deadline) ?? deadline) : null,
			fields
		});
	}
	return items;
}

function move<T>(list: T[], from: number, to: number) {
	if (from < 0 || to < 0 || from >= list.length || to >= list.length) return;
	const [x] = list.splice(from, 1);
	list.splice(to, 0, x);
}

/**
 * Applies one of the editor's buttons (`add-item`, `remove-item:1`, `up-field:0.2`,
 * `add-column:0.2`, `down-column:0.2.1`, …) to the items. Unknown operations change nothing.
 */
export function applyEditorOperation(items: DraftItem[], op: string, template?: ItemDefinition) {
	const [name, at = ''] = op.split(':');
	const [i, j, k] = at.split('.').map((n) => Number.parseInt(n, 10));
	const item = items[i];
	const field = item?.fields?.[j];
	switch (name) {
		case 'add-item':
			items.push(emptyItem());
			break;
		case 'add-template':
			if (template) items.push({ ...(template as unknown as DraftItem) });
			break;
		case 'remove-item':
			if (item) items.splice(i, 1);
			break;
		case 'up-item':
			move(items, i, i - 1);
			break;
		case 'down-item':
			move(items, i, i + 1);
			break;
		case 'add-field':
			item?.fields.push(emptyField());
			break;
		case 'remove-field':
			if (field) item.fields.splice(j, 1);
			break;
		case 'up-field':
			if (item) move(item.fields, j, j - 1);
			break;
		case 'down-field':
			if (item) move(item.fields, j, j + 1);
			break;
		case 'add-column':
			if (field) field.columns = [...(field.columns ?? []), emptyField()];
			break;
		case 'remove-column':
			field?.columns?.splice(k, 1);
			break;
		case 'up-column':
			if (field?.columns) move(field.columns, k, k - 1);
			break;
		case 'down-column':
			if (field?.columns) move(field.columns, k, k + 1);
			break;
	}
	items.forEach((it, n) => (it.number = n + 1));
	return items;
}

/** Whether a field type has this property in the editor. */
export function fieldHas(
	type: unknown,
	prop: 'min' | 'max' | 'unit' | 'choices' | 'rows' | 'check'
) {
	switch (prop) {
		case 'min':
		case 'max':
			return type === 'whole_number' || type === 'amount_yen' || type === 'percentage';
		case 'unit':
			return type === 'whole_number' || type === 'table';
		case 'choices':
			return type === 'single_choice' || type === 'multiple_choice';
		case 'rows':
			return type === 'table';
		case 'check':
			return type === 'code';
	}
}

export type { Field };
