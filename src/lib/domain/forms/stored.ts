// The definition as ResponseItem.definition holds it: everything an item asks that is not
// already a column of its row (number, title, deadline). Read back into an ItemDefinition by
// itemFromRow, the one way every server module turns a row into something to validate with.
import { z } from 'zod';
import { itemDefinitionSchema, type ItemDefinition } from './definition.ts';

/** ResponseItem.definition: an ItemDefinition without the row's own columns. */
export type StoredDefinition = Omit<ItemDefinition, 'number' | 'paragraph' | 'title' | 'deadline'>;

/** What of a ResponseItem row makes its definition. */
export type ResponseItemRow = {
	number: number;
	title: string;
	deadline: string | null;
	/** ResponseItem.definition as stored (every row has one: the migration that introduced it
	 * wrote each older row's from the template of its kind). */
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
 * title and deadline. Throws DefinitionError when the stored definition is not one — a
 * database edited by hand — rather than accept answers by no rule.
 */
export function itemFromRow(row: ResponseItemRow): ItemDefinition {
	const placement = {
		number: row.number,
		paragraph: row.number,
		title: row.title,
		deadline: row.deadline
	};
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
