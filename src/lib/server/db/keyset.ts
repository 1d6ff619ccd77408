// Keyset paging for Prisma queries: a list's sort order as keys (a column, possibly through
// to-one relations), and from it the orderBy, the "rows after/before this one" filter and the
// page's cursors. Unlike OFFSET, a page costs the same wherever it is in the list, and a row
// inserted meanwhile neither repeats nor skips one. The last key must be unique (the id), so
// rows with equal sort values still have one order. Nulls come first in the list's order.
import {
	PAGE_SIZE,
	encodeCursor,
	type CursorValue,
	type PageInfo,
	type PageRequest
} from '../../domain/paging.ts';

export type SortKey = {
	/** Column, through to-one relations: ['department', 'organization', 'prefectureCode']. */
	path: readonly string[];
	dir: 'asc' | 'desc';
	type: 'string' | 'date' | 'number';
	nullable?: boolean;
};

type Where = Record<string, unknown>;

/** `{ a: { b: leaf } }` for the path ['a', 'b']. */
function nest(path: readonly string[], leaf: unknown): Where {
	return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), leaf) as Where;
}

const flip = (dir: 'asc' | 'desc') => (dir === 'asc' ? 'desc' : 'asc');

/** The orderBy of the keys, reversed when reading backwards (then nulls come last). */
export function keysetOrder(keys: readonly SortKey[], backwards = false): Where[] {
	return keys.map((k) => {
		const sort = backwards ? flip(k.dir) : k.dir;
		return nest(k.path, k.nullable ? { sort, nulls: backwards ? 'last' : 'first' } : sort);
	});
}

function revive(key: SortKey, value: CursorValue): unknown {
	if (value === null) return null;
	if (key.type === 'date') return new Date(String(value));
	if (key.type === 'number') return Number(value);
	return String(value);
}

/** A cursor whose shape does not fit the keys (an old or edited URL) means the first page. */
function fits(keys: readonly SortKey[], values: readonly CursorValue[]): boolean {
	return (
		values.length === keys.length &&
		keys.every((k, i) => {
			const v = values[i];
			if (v === null) return Boolean(k.nullable);
			if (k.type === 'number') return typeof v === 'number';
			if (k.type === 'date') return typeof v === 'string' && !Number.isNaN(Date.parse(v));
			return typeof v === 'string';
		})
	);
}

/**
 * Rows strictly beyond the cursor in the (possibly reversed) order: for keys k1..kn,
 * k1 beyond OR (k1 equal AND (k2 beyond OR (…))). Null is before every value (after, backwards).
 */
function beyond(keys: readonly SortKey[], values: readonly unknown[], backwards: boolean): Where {
	const [key, ...rest] = keys;
	const value = values[0];
	const dir = backwards ? flip(key.dir) : key.dir;
	const nullsFirst = !backwards;
	const branches: Where[] = [];
	if (value === null) {
		if (nullsFirst) branches.push(nest(key.path, { not: null }));
	} else {
		branches.push(nest(key.path, dir === 'asc' ? { gt: value } : { lt: value }));
		if (key.nullable && !nullsFirst) branches.push(nest(key.path, null));
	}
	if (rest.length > 0)
		branches.push({
			AND: [
				nest(key.path, value === null ? null : { equals: value }),
				beyond(rest, values.slice(1), backwards)
			]
		});
	return branches.length === 1 ? branches[0] : { OR: branches };
}

/** findMany arguments for the requested page: one row more than a page, to know if more follow. */
export function keysetArgs(keys: readonly SortKey[], request: PageRequest, size = PAGE_SIZE) {
	const cursor = request.cursor && fits(keys, request.cursor.values) ? request.cursor : null;
	const backwards = cursor?.direction === 'before';
	return {
		where: cursor
			? beyond(
					keys,
					cursor.values.map((v, i) => revive(keys[i], v)),
					backwards
				)
			: {},
		orderBy: keysetOrder(keys, backwards),
		take: size + 1,
		/** For keysetPage: which page was really read. */
		cursor
	};
}

function valueAt(row: unknown, path: readonly string[]): CursorValue {
	let v: unknown = row;
	for (const key of path) v = v == null ? null : (v as Record<string, unknown>)[key];
	if (v instanceof Date) return v.toISOString();
	return (v ?? null) as CursorValue;
}

/**
 * The page's rows in list order and its neighbours' cursors, from what keysetArgs read.
 * Rows must carry the key columns at their paths (select them).
 */
export function keysetPage<T>(
	keys: readonly SortKey[],
	request: PageRequest,
	args: ReturnType<typeof keysetArgs>,
	fetched: T[],
	total: number | null = null,
	size = PAGE_SIZE
): { rows: T[]; page: PageInfo } {
	const more = fetched.length > size;
	const backwards = args.cursor?.direction === 'before';
	const rows = fetched.slice(0, size);
	if (backwards) rows.reverse();
	const number = args.cursor ? request.number : 1;
	const cursorOf = (row: T) => encodeCursor(keys.map((k) => valueAt(row, k.path)));
	// Reading forwards, there is a previous page whenever we started after a row; backwards,
	// there is a next page (the one we came from), and a previous one if more rows were found.
	const hasNext = backwards ? true : more;
	const hasPrev = backwards ? more : args.cursor !== null;
	return {
		rows,
		page: {
			number,
			size,
			total,
			next: hasNext && rows.length > 0 ? cursorOf(rows[rows.length - 1]) : null,
			prev: hasPrev && rows.length > 0 ? cursorOf(rows[0]) : null
		}
	};
}

/**
 * Rows per page when each row brings `perRow` related rows (a recipient's answers, one per
 * item): Prisma loads a page's relations with one IN over the page's ids, and SQLite refuses
 * more than 999 bound parameters in a statement, so a page's related rows stay below that.
 */
export function pageSizeFor(perRow: number, limit = 800): number {
	return Math.max(10, Math.min(500, Math.floor(limit / Math.max(1, perRow))));
}

/**
 * Every row of a list, read a keyset page at a time (for exports): memory holds one page, and
 * each page costs the same wherever it is in the list. `read` gets where/orderBy/take.
 */
export async function* keysetWalk<T>(
	keys: readonly SortKey[],
	read: (args: { where: Where; orderBy: Where[]; take: number }) => Promise<T[]>,
	size = 500
): AsyncGenerator<T> {
	let request: PageRequest = { cursor: null, number: 1 };
	for (;;) {
		const args = keysetArgs(keys, request, size);
		const rows = await read({ where: args.where, orderBy: args.orderBy, take: size });
		yield* rows;
		if (rows.length < size) return;
		const last = rows[rows.length - 1];
		request = {
			cursor: { direction: 'after', values: keys.map((k) => valueAt(last, k.path)) },
			number: request.number + 1
		};
	}
}
