// Property (issue 9): every definition an issuer can write renders as the respond page's form —
// server-rendered through svelte/server, as the page is before its scripts run — with every
// field's label and input, ids unique and every label pointing at an element that exists; and
// an error on any field is shown on that field (aria-invalid, its message linked from the
// summary). The domain specs cover the rest of the property: forms/properties.spec.ts (valid
// answers accepted, invalid refused) and workbook/properties.spec.ts (the XLSX round trip).
import fc from 'fast-check';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { itemDefinitionSchema, validateAnswer } from '#lib/domain/forms/index.ts';
import type { Field, ItemDefinition } from '#lib/domain/forms/index.ts';
import { itemInputArb, validAnswerArb } from '#lib/domain/forms/property-arbitraries.ts';
import ItemAnswerForm from './ItemAnswerForm.svelte';

const today = '2024-11-01';
const RUNS = { numRuns: 300 };

const caseArb = itemInputArb()
	.map((input) => itemDefinitionSchema.parse(input))
	.chain((item) => fc.tuple(fc.constant(item), validAnswerArb(item, today)))
	.map(([item, raw]) => {
		const checked = validateAnswer(item, raw, { mode: 'submit', today });
		if (!checked.ok) throw new Error(`generated answer refused: ${JSON.stringify(checked.errors)}`);
		return { item, stored: JSON.parse(JSON.stringify(checked.value)) as Record<string, unknown> };
	});

function renderForm(
	item: ItemDefinition,
	values: Record<string, unknown>,
	errors: { path: string; message: string }[] = []
) {
	return render(ItemAnswerForm, {
		props: {
			itemId: 'item-1',
			definition: item,
			revision: 0,
			values,
			saved: true,
			errors,
			behaviourData: { today, registry: [], grantLines: [] },
			open: true,
			onDirty: () => {}
		}
	}).body;
}

/** Text as Svelte writes it into an element's content. */
const escapeText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
const escapeAttribute = (s: string) =>
	s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
const attributeValues = (html: string, name: string) =>
	[...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => m[1]);
/** Whether the form posts something under the field's name (a multiple choice posts key[]). */
const posts = (html: string, f: Field, prefix = '') =>
	attributeValues(html, 'name').some(
		(n) => n === `${prefix}${f.key}` || n === `${prefix}${f.key}[]`
	);

describe('the respond form of generated definitions', () => {
	it('renders every field with its label and input; ids unique; every label points at one', () => {
		fc.assert(
			fc.property(caseArb, ({ item, stored }) => {
				for (const values of [{}, stored]) {
					const html = renderForm(item, values);
					const ids = attributeValues(html, 'id');
					expect(new Set(ids).size, 'duplicate ids').toBe(ids.length);
					for (const target of attributeValues(html, 'for')) expect(ids).toContain(target);
					for (const f of item.fields) {
						expect(html).toContain(escapeText(f.label));
						if (f.type === 'table')
							for (const c of f.columns.filter((c) => c.type !== 'file'))
								expect(html).toContain(escapeText(c.label));
						else if (f.type !== 'file') expect(posts(html, f), f.key).toBe(true);
					}
					// What was answered is what the inputs show.
					for (const f of item.fields) {
						const v = (values as Record<string, unknown>)[f.key];
						if (f.type === 'short_text' && typeof v === 'string')
							expect(html).toContain(`name="${f.key}" value="${escapeAttribute(v)}"`);
						if (f.type === 'long_text' && typeof v === 'string')
							expect(html).toContain(`${escapeText(v)}</textarea>`);
						if (f.type === 'table' && Array.isArray(v))
							v.forEach((row: Record<string, unknown>, i) => {
								for (const c of f.columns)
									if (c.type === 'short_text' && typeof row[c.key] === 'string')
										expect(html).toContain(
											`name="${f.key}.${i}.${c.key}" value="${escapeAttribute(row[c.key] as string)}"`
										);
							});
					}
				}
			}),
			RUNS
		);
	});

	it('shows an error on the field it belongs to, linked from the summary', () => {
		fc.assert(
			fc.property(caseArb, fc.nat(), ({ item, stored }, pick) => {
				const candidates = item.fields.filter((f) => f.type !== 'table' && f.type !== 'file');
				fc.pre(candidates.length > 0);
				const f = candidates[pick % candidates.length];
				const message = `${f.label}を確認してください。`;
				const html = renderForm(item, stored, [{ path: f.key, message }]);
				expect(html).toContain('aria-invalid="true"');
				const ids = attributeValues(html, 'id');
				const links = [...html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]);
				expect(links).toHaveLength(1);
				expect(ids).toContain(links[0]);
				// The message is in the summary and beside the field.
				expect(html.split(escapeText(message)).length - 1).toBeGreaterThanOrEqual(2);
			}),
			RUNS
		);
	});
});
