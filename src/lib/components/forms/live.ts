// What a form holds right now, read by the definition's names: the raw values conditions and
// behaviours look at while someone types (the server reads the same names when it is posted).
import type { Field, ScalarField } from '#lib/domain/forms/index.ts';

/** The raw values of a scope's fields (`prefix` is '' or `table.3.`) as the form holds them. */
export function rawFromForm(
	fields: readonly (Field | ScalarField)[],
	prefix: string,
	form: FormData
): Record<string, unknown> {
	const out: Record<string, unknown> = Object.create(null);
	for (const f of fields) {
		if (f.type === 'table') continue;
		if (f.type === 'multiple_choice') out[f.key] = form.getAll(`${prefix}${f.key}[]`);
		else {
			const v = form.get(`${prefix}${f.key}`);
			if (typeof v === 'string') out[f.key] = v;
		}
	}
	return out;
}
