// A response item's definition (回答項目): what one 記 asks, of whom, by when, in which
// fields. Data written by the notice's issuer (or inserted from a template, or uploaded as
// JSON), frozen with the published version. Everything downstream — the respond page, the
// 回答様式, exports, dashboards — reads it instead of knowing item kinds.
import { z } from 'zod';
import { BODY_KINDS, type BodyKind } from '../local-government-code.ts';
import { functionCodeSchema } from '../departments.ts';
import { parseDateInput } from '../dates.ts';
import { BEHAVIOUR_NAMES, behaviourMismatch, type BehaviourName } from './behaviours.ts';
import { fieldKeySchema, conditionSchema, type Condition } from './fields/base.ts';
import { fieldSchema, type Field, type ScalarField } from './fields/index.ts';
import {
	MAX_CHECKS,
	MAX_FIELDS,
	MAX_INSTRUCTIONS_LENGTH,
	MAX_ITEMS,
	MAX_LABEL_LENGTH,
	MAX_SUMMARY_FIELDS
} from './limits.ts';

/**
 * Which addressees must answer: the same rule language as addressees (body kinds × department
 * functions). An empty list does not narrow: {} is every recipient of the notice.
 */
export const appliesToSchema = z.object({
	bodyKinds: z.array(z.enum(BODY_KINDS)).max(BODY_KINDS.length).default([]),
	// Codes of the catalogue (DepartmentFunction): any function departments can have.
	functions: z.array(functionCodeSchema).max(200).default([])
});
export type AppliesTo = { bodyKinds: BodyKind[]; functions: string[] };

/**
 * A rule across fields, checked on submission: when `when` holds, every field in `fields` must
 * be blank (a number 0 and an unticked box count as blank) — 「未着手」なのに配布数がある.
 */
export const itemCheckSchema = z.object({
	type: z.literal('nothing_when'),
	when: conditionSchema,
	fields: z.array(fieldKeySchema).min(1).max(MAX_FIELDS),
	/** The field the message is shown beside. */
	path: fieldKeySchema,
	message: z.string().trim().min(1).max(MAX_LABEL_LENGTH)
});
export type ItemCheck = z.infer<typeof itemCheckSchema>;

const isoDateSchema = z
	.string()
	.refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && parseDateInput(d) === d, {
		message: '期限は実在する日付を YYYY-MM-DD で書いてください。'
	});

export type ItemDefinition = {
	/** The item's number within the notice (1, 2, …): its order and its name in files. */
	number: number;
	/** The 記 paragraph it answers (記2 → 2); null when it answers the notice as a whole. */
	paragraph: number | null;
	title: string;
	instructions: string;
	appliesTo: AppliesTo;
	/** YYYY-MM-DD; null: the notice's deadline. */
	deadline: string | null;
	behaviour?: BehaviourName;
	fields: Field[];
	checks: ItemCheck[];
	/** Fields whose descriptions make the one-line summary: 「実施済み（令和6年10月21日・120機関）」. */
	summary: string[];
};

const itemObjectSchema = z.object({
	number: z.number().int().min(1).max(999),
	paragraph: z.number().int().min(1).max(999).nullable().default(null),
	title: z.string().trim().min(1, '回答項目の題名を入力してください。').max(MAX_LABEL_LENGTH),
	instructions: z.string().max(MAX_INSTRUCTIONS_LENGTH).default(''),
	appliesTo: appliesToSchema.default({ bodyKinds: [], functions: [] }),
	deadline: isoDateSchema.nullable().default(null),
	behaviour: z.enum(BEHAVIOUR_NAMES).optional(),
	fields: z
		.array(fieldSchema)
		.min(1, '入力欄を1つ以上用意してください。')
		.max(MAX_FIELDS, `入力欄は1項目に${MAX_FIELDS}個までです。`),
	checks: z.array(itemCheckSchema).max(MAX_CHECKS).default([]),
	summary: z.array(fieldKeySchema).max(MAX_SUMMARY_FIELDS).default([])
});

type Issue = { path: (string | number)[]; message: string };

/**
 * Keys unique in their scope (an item's fields, a table's columns), and every condition
 * pointing at a choice-like field of the same scope that is not itself conditional (one
 * level), with a value that field can have.
 */
function scopeIssues(fields: readonly (Field | ScalarField)[], at: (string | number)[]): Issue[] {
	const issues: Issue[] = [];
	const byKey = new Map<string, Field | ScalarField>();
	fields.forEach((f, i) => {
		if (byKey.has(f.key))
			issues.push({ path: [...at, i, 'key'], message: `項目キー「${f.key}」が重複しています。` });
		else byKey.set(f.key, f);
	});
	const conditionIssue = (c: Condition, self: string): string | null => {
		const target = byKey.get(c.field);
		if (!target || c.field === self) return `条件の項目「${c.field}」が見つかりません。`;
		if (target.shownIf) return `条件の項目「${c.field}」自体が条件つきです（条件は1段までです）。`;
		if (target.type === 'yes_no')
			return typeof c.equals === 'boolean' ? null : '「はい・いいえ」の条件は true か false です。';
		if (target.type === 'single_choice' || target.type === 'multiple_choice')
			return target.choices.some((ch) => ch.value === c.equals)
				? null
				: `条件の値「${String(c.equals)}」は「${target.label}」の選択肢にありません。`;
		return `条件にできるのは選択・はい・いいえの項目です（「${target.label}」）。`;
	};
	fields.forEach((f, i) => {
		for (const [name, c] of [
			['shownIf', f.shownIf],
			['required', typeof f.required === 'object' ? f.required : undefined]
		] as const) {
			if (!c) continue;
			const message = conditionIssue(c, f.key);
			if (message) issues.push({ path: [...at, i, name], message });
		}
		if (f.type === 'table') issues.push(...scopeIssues(f.columns, [...at, i, 'columns']));
	});
	return issues;
}

function itemIssues(item: z.output<typeof itemObjectSchema>): Issue[] {
	const fields = item.fields as Field[];
	const issues = scopeIssues(fields, ['fields']);
	const keys = new Set(fields.map((f) => f.key));
	item.checks.forEach((c, i) => {
		for (const key of [c.when.field, c.path, ...c.fields])
			if (!keys.has(key))
				issues.push({ path: ['checks', i], message: `項目「${key}」が見つかりません。` });
	});
	item.summary.forEach((key, i) => {
		if (!keys.has(key))
			issues.push({ path: ['summary', i], message: `項目「${key}」が見つかりません。` });
	});
	if (item.behaviour)
		for (const message of behaviourMismatch(item.behaviour, fields))
			issues.push({ path: ['behaviour'], message });
	return issues;
}

export const itemDefinitionSchema = itemObjectSchema
	.superRefine((item, ctx) => {
		for (const issue of itemIssues(item)) ctx.addIssue({ code: 'custom', ...issue });
	})
	.transform((item): ItemDefinition => item);

/** A notice's items: numbered uniquely, at most MAX_ITEMS. */
export const itemDefinitionsSchema = z
	.array(itemDefinitionSchema)
	.max(MAX_ITEMS, `回答項目は${MAX_ITEMS}個までです。`)
	.superRefine((items, ctx) => {
		const seen = new Set<number>();
		items.forEach((item, i) => {
			if (seen.has(item.number))
				ctx.addIssue({
					code: 'custom',
					path: [i, 'number'],
					message: `回答項目の番号 ${item.number} が重複しています。`
				});
			seen.add(item.number);
		});
	});
