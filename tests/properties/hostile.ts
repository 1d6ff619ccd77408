// Generators of hostile input shared by the property tests (fast-check): the strings a client
// can put in a name, a value or a file name — prototype names, deep paths, huge indexes,
// unicode that changes meaning (bidi overrides, NFD, surrogates), control characters and NUL,
// very long strings.
import fc from 'fast-check';

/** Every own property name of Object.prototype and Function.prototype, and the classic ones. */
export const PROTOTYPE_NAMES = [
	...new Set([
		...Object.getOwnPropertyNames(Object.prototype),
		...Object.getOwnPropertyNames(Function.prototype),
		...Object.getOwnPropertyNames(Array.prototype),
		'__proto__',
		'constructor',
		'prototype'
	])
];

/** Characters that mean something to a parser, a path, a terminal or a database. */
const ODD = [
	'\u0000',
	'\u0001',
	'\u001b',
	'\u007f',
	'\u0085',
	'\u200b',
	'\u200e',
	'\u202e',
	'\u2066',
	'\ufeff',
	'\ufffd',
	'\ud800',
	'\udfff',
	'😀',
	'ｶﾞ',
	'が',
	'ｇ',
	'１',
	'..',
	'/',
	'\\',
	'%00',
	'%2e%2e',
	'\r\n',
	'"',
	"'",
	'<',
	'>',
	'&',
	';',
	'=',
	'[]',
	'.',
	'$',
	'{',
	'}'
];

export const oddString = (maxLength = 40) =>
	fc
		.array(
			fc.oneof(
				{ weight: 3, arbitrary: fc.string({ maxLength: 8, unit: 'grapheme' }) },
				{ weight: 2, arbitrary: fc.constantFrom(...ODD) },
				{ weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
				{ weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) }
			),
			{ maxLength: Math.max(1, Math.ceil(maxLength / 4)) }
		)
		.map((parts) => parts.join(''));

/** A very long string (up to ~200k characters), cheap to generate: a repeated piece. */
export const longString = fc
	.tuple(oddString(8), fc.integer({ min: 200, max: 200_000 }))
	.map(([piece, length]) => (piece || 'x').repeat(Math.ceil(length / (piece.length || 1))));

/** One path segment of a form field name. */
export const segment = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
	{
		weight: 2,
		arbitrary: fc.constantFrom('0', '1', '9999', '10000', '4294967295', '1e3', '-1', '01')
	},
	{ weight: 1, arbitrary: fc.nat().map(String) },
	{ weight: 1, arbitrary: fc.constantFrom('', ' ', 'institutions', 'rows', 'status', 'methods') },
	{ weight: 2, arbitrary: oddString(12) }
);

/** A form field name: a path of segments, sometimes deep, sometimes ending in []. */
export const fieldName = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('.'))
	},
	{
		weight: 2,
		arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `${s.join('.')}[]`)
	},
	{
		weight: 1,
		arbitrary: fc.integer({ min: 20, max: 400 }).map((n) => Array(n).fill('a').join('.'))
	},
	{ weight: 1, arbitrary: oddString(60) }
);

export const fieldValue = fc.oneof(
	{ weight: 6, arbitrary: oddString(40) },
	{ weight: 1, arbitrary: longString },
	{ weight: 1, arbitrary: fc.constantFrom('', '0', '-1', 'NaN', 'true', '令和6年', '2024-13-45') }
);

/** Names that disagree on a shape: `x=a` with `x[]=b`, `x.0=a` with `x.y=b`, `x=a` with `x.y=b`. */
export const shapeConflict = fc
	.tuple(fc.oneof(segment, fc.constant('status')), oddString(6))
	.chain(([base, v]) =>
		fc.constantFrom<[string, string][]>(
			[
				[base, v],
				[`${base}[]`, v]
			],
			[
				[`${base}.0`, v],
				[`${base}.y`, v]
			],
			[
				[base, v],
				[`${base}.y`, v]
			],
			[
				[`${base}.y`, v],
				[base, v]
			],
			[
				[`${base}[]`, v],
				[`${base}.0`, v]
			]
		)
	);
