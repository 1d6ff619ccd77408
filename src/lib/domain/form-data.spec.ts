import { describe, expect, it } from 'vitest';
import { echoable, formToObject, MalformedForm } from './form-data.ts';

/** Every name an object or a function inherits, own or not: what a hostile path walks onto. */
export const INHERITED_NAMES = [
	...new Set([
		...Object.getOwnPropertyNames(Object.prototype),
		...Object.getOwnPropertyNames(Function.prototype),
		...Object.getOwnPropertyNames(Array.prototype)
	])
];

function formOf(entries: [string, string][]) {
	const form = new FormData();
	for (const [k, v] of entries) form.append(k, v);
	return form;
}

/** A snapshot of what every built-in prototype holds, to prove nothing was written there. */
function prototypes() {
	return [Object.prototype, Function.prototype, Array.prototype, String.prototype].map((p) =>
		Object.getOwnPropertyNames(p).map((n) => {
			const d = Object.getOwnPropertyDescriptor(p, n)!;
			const v = d.value as unknown;
			return [n, typeof v, v && typeof v === 'object' ? Object.keys(v) : null];
		})
	);
}

describe('formToObject', () => {
	it('builds nested objects and lists from path names, dropping blank rows', () => {
		const form = formOf([
			['status', 'done'],
			['methods[]', 'mail'],
			['methods[]', 'association_meeting'],
			['institutions.0.name', '横浜市立大学附属病院'],
			['institutions.0.clinicalDepartments[]', 'obstetrics_gynecology'],
			['institutions.1.name', ''],
			['institutions.1.municipality', ''],
			['institutions.2.name', '済生会横浜市東部病院'],
			['/save', ''],
			['revision', '3']
		]);
		const tree = formToObject(form, ['revision']);
		// toEqual compares own enumerable properties, whatever the prototype.
		expect(tree).toEqual({
			status: 'done',
			methods: ['mail', 'association_meeting'],
			institutions: [
				{ name: '横浜市立大学附属病院', clinicalDepartments: ['obstetrics_gynecology'] },
				{ name: '済生会横浜市東部病院' }
			]
		});
		expect(Object.getPrototypeOf(tree)).toBeNull();
		expect(Object.getPrototypeOf((tree.institutions as object[])[0])).toBeNull();
	});

	it('the last of two plain fields of one name counts, as in a browser form', () => {
		expect(
			formToObject(
				formOf([
					['status', 'a'],
					['status', 'b']
				])
			)
		).toEqual({ status: 'b' });
	});

	// The outage of issue 11: `toString.call` wrote onto Object.prototype.toString for the whole
	// process. Every inherited name, at every position of a path, must stay inside the tree.
	it('no inherited name, at any position, reaches a prototype', () => {
		const before = prototypes();
		for (const name of INHERITED_NAMES) {
			const paths = [
				`${name}`,
				`${name}.call`,
				`${name}.x.y`,
				`x.${name}`,
				`x.${name}.y`,
				`rows.0.${name}`,
				`rows.0.${name}.call`,
				`${name}.0.x`,
				`${name}[]`,
				`x.${name}[]`
			];
			for (const path of paths) {
				let tree: unknown;
				try {
					tree = formToObject(formOf([[path, 'polluted']]));
				} catch (e) {
					// A shape no form has (`x.length` after `x.0` …) is refused as a whole.
					expect(e).toBeInstanceOf(MalformedForm);
					continue;
				}
				expect(JSON.stringify(tree)).toContain('polluted');
			}
		}
		expect(prototypes()).toEqual(before);
		expect(({} as Record<string, unknown>).call).toBeUndefined();
		expect(typeof Object.prototype.toString).toBe('function');
		expect(Object.prototype.toString.call([])).toBe('[object Array]');
	});

	it('an inherited name is an ordinary field of the tree, not the inherited value', () => {
		const tree = formToObject(
			formOf([
				['toString.call', 'x'],
				['hasOwnProperty', 'y'],
				['__proto__.polluted', 'z'],
				['constructor.prototype.polluted', 'w']
			])
		);
		expect(Object.keys(tree).sort()).toEqual(
			['__proto__', 'constructor', 'hasOwnProperty', 'toString'].sort()
		);
		expect(tree.hasOwnProperty).toBe('y');
		expect(Object.prototype).not.toHaveProperty('polluted');
	});

	it.each([
		[
			['status', 'a'],
			['status[]', 'b']
		],
		[
			['status[]', 'a'],
			['status', 'b']
		],
		[
			['status', 'a'],
			['status.x', 'b']
		],
		[
			['rows.0.a', 'a'],
			['rows.x', 'b']
		],
		[
			['rows.x', 'a'],
			['rows.0.a', 'b']
		],
		[
			['rows.0', 'a'],
			['rows.0.a', 'b']
		],
		[
			['push.x', 'a'],
			['push.0', 'b']
		]
	] as [string, string][][])('names that disagree on a shape are refused: %j', (...entries) => {
		expect(() => formToObject(formOf(entries))).toThrow(MalformedForm);
	});

	it('refuses a row index no form offers and an empty segment', () => {
		const started = Date.now();
		expect(() => formToObject(formOf([['institutions.4000000000.name', 'x']]))).toThrow(
			MalformedForm
		);
		// Not a timing assertion on the code's speed: a sparse walk of 4×10⁹ would never finish.
		expect(Date.now() - started).toBeLessThan(60_000);
		expect(() => formToObject(formOf([['institutions..name', 'x']]))).toThrow(MalformedForm);
		expect(() => formToObject(formOf([['.x', 'x']]))).toThrow(MalformedForm);
		expect(formToObject(formOf([['institutions.9999.name', '最後の行']]))).toEqual({
			institutions: [{ name: '最後の行' }]
		});
	});

	it('names the field in its message, cut to a readable length', () => {
		const error = (() => {
			try {
				formToObject(formOf([['a..' + 'b'.repeat(500), 'x']]));
			} catch (e) {
				return e as Error;
			}
		})();
		expect(error?.message).toContain('a..bbb');
		expect(error!.message.length).toBeLessThan(300);
	});

	it('the echo for a refused save keeps what was typed and leaves out __proto__ keys', () => {
		const tree = formToObject(
			formOf([
				['__proto__.x', 'a'],
				['rows.0.__proto__', 'b'],
				['rows.0.name', '病院'],
				['status', 'done']
			])
		);
		const echo = echoable(tree);
		expect(echo).toEqual({ rows: [{ name: '病院' }], status: 'done' });
		const keys = (v: unknown): string[] =>
			v && typeof v === 'object'
				? Object.keys(v).flatMap((k) => [k, ...keys((v as Record<string, unknown>)[k])])
				: [];
		expect(keys(echo)).not.toContain('__proto__');
	});
});
