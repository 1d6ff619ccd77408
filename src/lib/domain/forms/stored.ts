// The definition as ResponseItem.definition holds it: everything an item asks that is not
// already a column of its row (number, title, deadline). Read back into an ItemDefinition by
// itemFromRow, the one way every server module turns a row into something to validate with.
import { z } from 'zod';
import type { ResponseItemKind } from '../notices.ts';
import { itemDefinitionSchema, type ItemDefinition } from './definition.ts';
import { templateByName } from './templates/index.ts';

/** ResponseItem.definition: an ItemDefinition without the row's own columns. */
export type StoredDefinition = Omit<ItemDefinition, 'number' | 'paragraph' | 'title' | 'deadline'>;

/** What of a ResponseItem row makes its definition. */
export type ResponseItemRow = {
	number: number;
	title: string;
	deadline: string | null;
	/** status_checklist | medical_institutions | … — the template of a row without definition. */
	kind: string;
	/** ResponseItem.definition as stored (null on rows written before definitions). */
	definition: unknown;
};

export class DefinitionError extends Error {}

export function toStoredDefinition(item: ItemDefinition): StoredDefinition {
	const { instructions, appliesTo, behaviour, fields, checks, summary } = item;
	return { instructions, appliesTo, ...(behaviour ? { behaviour } : {}), fields, checks, summary };
}

const rowSchema = z.object({ definition: z.record(z.string(), z.unknown()) });

/**
 * The row's item definition: its stored definition with its number (also the 記 it answers),
 * title and deadline; a row without one (written by code that knows only kinds) reads as the
 * template of its kind. Throws DefinitionError when the stored definition is not one — a
 * database edited by hand — rather than accept answers by no rule.
 */
export function itemFromRow(row: ResponseItemRow): ItemDefinition {
	const placement = {
		number: row.number,
		paragraph: row.number,
		title: row.title,
		deadline: row.deadline
	};
	if (row.definition === null || row.definition === undefined) {
		const template = templateByName(row.kind);
		if (!template)
			throw new DefinitionError(
				`Response item ${row.number} has no definition and an unknown kind ${row.kind}`
			);
		return { ...templateDefinition(row.kind as ResponseItemKind), ...placement };
	}
	const stored = rowSchema.safeParse({ definition: row.definition });
	const parsed = stored.success
		? itemDefinitionSchema.safeParse({ ...stored.data.definition, ...placement })
		: stored;
	if (!parsed.success)
		throw new DefinitionError(
			`Response item ${row.number} has an invalid definition: ${parsed.error.issues
				.slice(0, 3)
				.map((i) => `${i.path.join('.')}: ${i.message}`)
				.join('; ')}`
		);
	return parsed.data as ItemDefinition;
}

const built = new Map<string, ItemDefinition>();

/**
 * The template of a kind, built once (validating through the schema costs more than any
 * answer): what a row without definition, and validateResponse(kind, …), read answers by.
 */
export function templateDefinition(kind: ResponseItemKind): ItemDefinition {
	let item = built.get(kind);
	if (!item) {
		const template = templateByName(kind);
		if (!template) throw new DefinitionError(`No template for kind ${kind}`);
		item = template.build({ number: 1 });
		built.set(kind, item);
	}
	return item;
}
