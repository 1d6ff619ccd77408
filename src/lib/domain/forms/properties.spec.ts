// Properties over generated definitions (fast-check): whatever an issuer writes within the
// schema, a complete answer to it is accepted, a wrong value in any field is refused, and the
// definition survives its JSON file unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemDefinitionSchema, itemDefinitionsSchema } from './definition.ts';
import { parseDefinition, serializeDefinition } from './format.ts';
import {
	invalidValue,
	itemInputArb,
	itemsInputArb,
	validAnswerArb
} from './property-arbitraries.ts';
import { validateAnswer } from './validate.ts';

const RUNS = { numRuns: 1000 };
const today = '2024-11-01';

const itemArb = itemInputArb().map((input) => {
	const parsed = itemDefinitionSchema.safeParse(input);
	if (!parsed.success)
		throw new Error(`generated definition refused: ${JSON.stringify(parsed.error.issues)}`);
	return parsed.data;
});
const itemWithAnswerArb = itemArb.chain((item) =>
	fc.tuple(fc.constant(item), validAnswerArb(item, today))
);
const json = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('generated definitions', () => {
	it('are valid definitions', () => {
		fc.assert(
			fc.property(itemsInputArb, (items) => {
				const r = itemDefinitionsSchema.safeParse(items);
				expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
			}),
			RUNS
		);
	});

	it('accept their own complete answers, as drafts and as submissions, and store them stably', () => {
		fc.assert(
			fc.property(itemWithAnswerArb, ([item, data]) => {
				const submitted = validateAnswer(item, data, { mode: 'submit', today });
				expect(submitted.ok ? [] : submitted.errors).toEqual([]);
				expect(validateAnswer(item, data, { mode: 'draft', today }).ok).toBe(true);
				// What is stored reads back as itself (as a stored answer is read again later).
				const stored = submitted.ok ? json(submitted.value) : null;
				const again = validateAnswer(item, stored, { mode: 'submit', today });
				expect(again.ok && json(again.value)).toEqual(stored);
			}),
			RUNS
		);
	});

	it('refuse a wrong value in any field, in both modes, at that field', () => {
		fc.assert(
			fc.property(itemWithAnswerArb, fc.nat(), ([item, data], pick) => {
				const candidates = item.fields.filter((f) => !f.shownIf);
				const field = candidates[pick % candidates.length];
				const bad = { ...data, [field.key]: invalidValue(field) };
				for (const mode of ['draft', 'submit'] as const) {
					const r = validateAnswer(item, bad, { mode, today });
					expect(r.ok).toBe(false);
					if (!r.ok)
						expect(
							r.errors.some((e) => e.path === field.key || e.path.startsWith(`${field.key}.`))
						).toBe(true);
				}
			}),
			RUNS
		);
	});

	it('refuse a submission without a required value, and keep it as a draft', () => {
		fc.assert(
			fc.property(itemWithAnswerArb, fc.nat(), ([item, data], pick) => {
				const required = item.fields.filter((f) => f.required === true && !f.shownIf);
				fc.pre(required.length > 0);
				const field = required[pick % required.length];
				const partial = { ...data };
				delete partial[field.key];
				expect(validateAnswer(item, partial, { mode: 'draft', today }).ok).toBe(true);
				const r = validateAnswer(item, partial, { mode: 'submit', today });
				expect(r.ok ? [] : r.errors.map((e) => e.path)).toContain(field.key);
			}),
			RUNS
		);
	});

	it('round-trip through the JSON file', () => {
		fc.assert(
			fc.property(itemsInputArb, (input) => {
				const items = itemDefinitionsSchema.parse(input);
				expect(parseDefinition(serializeDefinition(items))).toEqual({ ok: true, items });
			}),
			RUNS
		);
	});
});
