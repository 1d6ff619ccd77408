// The definition as a file: what GET /notices/{id}/items.json gives and a draft's editor
// accepts, so ministries can keep and share their forms. Versioned by `format`; an upload is
// checked whole and every problem is listed with its place (items.2.fields.0.choices).
import { z } from 'zod';
import { itemDefinitionsSchema, type ItemDefinition } from './definition.ts';
import type { FieldProblem } from './fields/base.ts';
import { MAX_DEFINITION_JSON_LENGTH } from './limits.ts';

export const DEFINITION_FORMAT = 'kairan.items/1';

export type DefinitionFile = { format: typeof DEFINITION_FORMAT; items: ItemDefinition[] };

export type ParsedDefinition =
	{ ok: true; items: ItemDefinition[] } | { ok: false; problems: FieldProblem[] };

const fileSchema = z.object({
	format: z.literal(DEFINITION_FORMAT, {
		error: `形式が違います（"format": "${DEFINITION_FORMAT}" のファイルを選んでください）。`
	}),
	items: itemDefinitionsSchema
});

const japanese = z.locales.ja().localeError;

/** The file's text: stable key order as the schema writes them, tabs for people who read it. */
export function serializeDefinition(items: readonly ItemDefinition[]): string {
	const file: DefinitionFile = { format: DEFINITION_FORMAT, items: [...items] };
	return JSON.stringify(file, null, '\t') + '\n';
}

/** Reads an uploaded definition (its text, or JSON already parsed); never throws. */
export function parseDefinition(input: string | unknown): ParsedDefinition {
	let data: unknown = input;
	if (typeof input === 'string') {
		if (input.length > MAX_DEFINITION_JSON_LENGTH)
			return problem(
				'',
				`ファイルが大きすぎます（${MAX_DEFINITION_JSON_LENGTH / 1_000_000} MB まで）。`
			);
		try {
			data = JSON.parse(input.replace(/^\uFEFF/, ''));
		} catch {
			return problem(
				'',
				'JSON として読めません。回答項目の定義ファイル（.json）を選んでください。'
			);
		}
	}
	const parsed = fileSchema.safeParse(data, { error: japanese });
	if (!parsed.success)
		return {
			ok: false,
			problems: parsed.error.issues
				.slice(0, 100)
				.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
		};
	return { ok: true, items: parsed.data.items };
}

/** One item definition (the editor's own, or a template after adjustment), checked. */
export function parseItemDefinition(
	input: unknown
): { ok: true; item: ItemDefinition } | { ok: false; problems: FieldProblem[] } {
	const parsed = parseDefinition({ format: DEFINITION_FORMAT, items: [input] });
	if (!parsed.ok)
		return {
			ok: false,
			problems: parsed.problems.map((p) => ({ ...p, path: p.path.replace(/^items\.0\.?/, '') }))
		};
	return { ok: true, item: parsed.items[0] };
}

const problem = (path: string, message: string): ParsedDefinition => ({
	ok: false,
	problems: [{ path, message }]
});
