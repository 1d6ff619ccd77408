// What a refused form shows again: only the named text fields, copied into a plain object. A
// posted body may name any key (`__proto__` included), and spreading it whole into the action's
// result would make that key an own property the page data cannot be serialized with (a 500).
export function echo(
	form: Record<string, unknown>,
	keys: readonly string[]
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const key of keys) {
		const value = Object.hasOwn(form, key) ? form[key] : undefined;
		if (typeof value === 'string') out[key] = value.slice(0, 10_000);
	}
	return out;
}
