// Reads a form whose field names are paths — `institutions.0.name`, `methods[]` — into the
// nested object they describe, so a response form can post exactly the shape its schema
// validates. Numbers stay strings here: the schema decides what a number is (全角 digits too).
/** More rows than any response form offers (the longest list, institutions, stops at 1,000). */
export const MAX_FORM_INDEX = 9_999;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A field name our forms could have produced: no segment that would reach an object's
 * prototype, no row index beyond MAX_FORM_INDEX (a huge one would make a sparse array to walk),
 * no empty segment. Anything else is hostile or broken and is dropped, never followed.
 */
function isSafePath(path: string[]): boolean {
	return path.every(
		(part) =>
			part !== '' &&
			!FORBIDDEN_SEGMENTS.has(part) &&
			(!/^\d+$/.test(part) || Number(part) <= MAX_FORM_INDEX)
	);
}

export function formToObject(form: FormData, ignore: string[] = []): Record<string, unknown> {
	const root: Record<string, unknown> = {};
	for (const [rawKey, rawValue] of form.entries()) {
		if (ignore.includes(rawKey) || rawKey.startsWith('/')) continue;
		if (typeof rawValue !== 'string') continue;
		const many = rawKey.endsWith('[]');
		const path = (many ? rawKey.slice(0, -2) : rawKey).split('.');
		if (!isSafePath(path)) continue;
		let node: Record<string, unknown> | unknown[] = root;
		for (const [i, part] of path.entries()) {
			const last = i === path.length - 1;
			const key: string | number = /^\d+$/.test(part) ? Number(part) : part;
			const container = node as Record<string | number, unknown>;
			if (last) {
				if (many) ((container[key] ??= []) as unknown[]).push(rawValue);
				else container[key] = rawValue;
			} else {
				container[key] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
				node = container[key] as Record<string, unknown> | unknown[];
			}
		}
	}
	return compact(root) as Record<string, unknown>;
}

/** Arrays built from indexed names may have holes; rows left entirely blank are dropped. */
function compact(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value
			.filter((v) => v !== undefined)
			.map(compact)
			.filter((v) => !isBlankRow(v));
	}
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
	}
	return value;
}

function isBlankRow(v: unknown): boolean {
	if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
	return Object.values(v).every(
		(x) => x === '' || x === undefined || (Array.isArray(x) && x.length === 0)
	);
}
