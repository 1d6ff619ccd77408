// Reads a form whose field names are paths — `institutions.0.name`, `methods[]` — into the
// nested object they describe, so a response form can post exactly the shape its schema
// validates. Numbers stay strings here: the schema decides what a number is (全角 digits too).
//
// Every name is hostile until proven otherwise: a name can be anything a client sends
// (`toString.call`, `__proto__.x`, `hasOwnProperty.0`, `push.x`). So the result is built only
// from null-prototype objects and arrays indexed by numbers, and a path is walked through own
// properties only: an inherited property is never reached, whatever its name, so no name can
// write outside the object being built. No list of forbidden names is needed (or kept).

/** More rows than any response form offers (the longest list, institutions, stops at 1,000). */
export const MAX_FORM_INDEX = 9_999;

/** A form no page of ours could have sent: the request is refused as a whole (HTTP 400). */
export class MalformedForm extends Error {
	constructor(readonly fieldName: string) {
		super(
			`送信された項目名「${fieldName.slice(0, 80)}」を読み取れません。 / ` +
				`The field name "${fieldName.slice(0, 80)}" could not be read.`
		);
		this.name = 'MalformedForm';
	}
}

/** The nested form data: objects without a prototype, lists, and the strings posted. */
export type FormTree = { [key: string]: FormValue };
export type FormValue = string | FormValue[] | FormTree;

const INDEX = /^\d+$/;

function tree(): FormTree {
	return Object.create(null) as FormTree;
}

/**
 * The nested object a form's path names describe. Throws MalformedForm when a name cannot
 * belong to any form: an empty segment, a row index over MAX_FORM_INDEX (it would build a huge
 * sparse list), or two names that disagree on a shape (`status=a` with `status[]=b`, or
 * `rows.0` with `rows.x`). Names starting with '/' (SvelteKit's action names) and the names in
 * `ignore` are skipped; files are skipped (uploads are read by their own actions).
 */
export function formToObject(form: FormData, ignore: readonly string[] = []): FormTree {
	const root = tree();
	for (const [rawKey, rawValue] of form.entries()) {
		if (ignore.includes(rawKey) || rawKey.startsWith('/')) continue;
		if (typeof rawValue !== 'string') continue;
		const many = rawKey.endsWith('[]');
		const path = (many ? rawKey.slice(0, -2) : rawKey).split('.');
		if (path.some((part) => part === '' || (INDEX.test(part) && Number(part) > MAX_FORM_INDEX)))
			throw new MalformedForm(rawKey);
		put(root, path, many, rawValue, rawKey);
	}
	return compact(root) as FormTree;
}

function put(root: FormTree, path: string[], many: boolean, value: string, rawKey: string) {
	let node: FormTree | FormValue[] = root;
	for (const [i, part] of path.entries()) {
		const last = i === path.length - 1;
		const isIndex = INDEX.test(part);
		// A list takes only row numbers and an object only names: anything else mixes shapes.
		if (Array.isArray(node) !== isIndex) throw new MalformedForm(rawKey);
		const container = node as Record<string, FormValue | undefined>;
		const existing = Object.hasOwn(container, part) ? container[part] : undefined;
		if (last) {
			if (many) {
				if (existing === undefined) container[part] = [value];
				else if (Array.isArray(existing) && existing.every((v) => typeof v === 'string'))
					existing.push(value);
				else throw new MalformedForm(rawKey);
			} else {
				// The same plain name twice: the last one counts, as a browser's own form would.
				if (existing !== undefined && typeof existing !== 'string') throw new MalformedForm(rawKey);
				container[part] = value;
			}
			return;
		}
		const wantList = INDEX.test(path[i + 1]);
		if (existing === undefined) {
			const child: FormTree | FormValue[] = wantList ? [] : tree();
			container[part] = child;
			node = child;
		} else if (typeof existing !== 'string' && Array.isArray(existing) === wantList) {
			node = existing;
		} else {
			throw new MalformedForm(rawKey);
		}
	}
}

/** Lists built from indexed names may have holes; rows left entirely blank are dropped. */
function compact(value: FormValue | undefined): FormValue | undefined {
	if (Array.isArray(value)) {
		const rows: FormValue[] = [];
		for (const v of value) {
			const row = compact(v);
			if (row !== undefined && !isBlankRow(row)) rows.push(row);
		}
		return rows;
	}
	if (value !== undefined && typeof value === 'object') {
		const out = tree();
		for (const key of Object.keys(value)) out[key] = compact(value[key]) as FormValue;
		return out;
	}
	return value;
}

function isBlankRow(v: FormValue): boolean {
	if (typeof v !== 'object' || Array.isArray(v)) return false;
	return Object.values(v).every((x) => x === '' || (Array.isArray(x) && x.length === 0));
}

/**
 * The tree as it can be sent back to refill the page after a refused save. SvelteKit's
 * serializer (devalue) refuses a key named `__proto__` — a whole response would fail — and no
 * field of any form is named so, so the echo leaves such keys out; everything else is echoed
 * as typed. (The saved data never holds them either: the answer schemas read known names.)
 */
export function echoable(value: FormTree): FormTree;
export function echoable(value: FormValue): FormValue;
export function echoable(value: FormValue): FormValue {
	if (Array.isArray(value)) return value.map(echoable);
	if (typeof value === 'string') return value;
	const out = tree();
	for (const key of Object.keys(value)) if (key !== '__proto__') out[key] = echoable(value[key]);
	return out;
}
