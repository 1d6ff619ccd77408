// For the field specs: a field read alone, through the item validator as every caller reads it.
import { itemDefinitionSchema } from '../definition.ts';
import { validateAnswer } from '../validate.ts';
import type { Mode } from './base.ts';

export const TODAY = '2024-11-01';

/** The field, with its defaults applied by the definition schema (throws when invalid). */
export function itemWith(...fields: Record<string, unknown>[]) {
	return itemDefinitionSchema.parse({ number: 1, title: '試験', fields });
}

/** The field's stored value, or its problems' messages (path-prefixed when not the field itself). */
export function answer(field: Record<string, unknown>, raw: unknown, mode: Mode = 'draft') {
	const item = itemWith(field);
	const r = validateAnswer(item, { [field.key as string]: raw }, { mode, today: TODAY });
	return r.ok
		? { value: r.value[field.key as string] }
		: {
				errors: r.errors.map((e) => (e.path === field.key ? e.message : `${e.path}: ${e.message}`))
			};
}
