// A template is an item definition minus what each notice gives it (its number, the 記 it
// answers, its title if adjusted, who answers, by when). Written as plain data and read through
// the same schema as any uploaded definition, so a template can never be what an issuer could
// not write.
import { itemDefinitionSchema, type ItemDefinition } from '../definition.ts';

export type TemplatePlacement = {
	number: number;
	paragraph?: number | null;
	title?: string;
	instructions?: string;
	appliesTo?: ItemDefinition['appliesTo'];
	deadline?: string | null;
};

export type ItemTemplate = {
	/** The template's name in the library (and the kind today's rows carry). */
	name: string;
	label: { ja: string; en: string };
	/** Builds the item at its place in a notice. */
	build(placement: TemplatePlacement): ItemDefinition;
};

export function defineTemplate(
	name: string,
	label: { ja: string; en: string },
	body: Record<string, unknown> & { title: string }
): ItemTemplate {
	return {
		name,
		label,
		build(placement) {
			const { number, ...rest } = placement;
			const input = { ...body, ...rest, number };
			for (const key of Object.keys(rest) as (keyof typeof rest)[])
				if (rest[key] === undefined) (input as Record<string, unknown>)[key] = body[key];
			const parsed = itemDefinitionSchema.safeParse(input);
			if (!parsed.success)
				// A template is code: a mistake in one is a bug, caught by its spec.
				throw new Error(`Template ${name} is invalid: ${JSON.stringify(parsed.error.issues)}`);
			return parsed.data;
		}
	};
}
