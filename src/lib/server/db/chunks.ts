// Reading a long result without a query bound by its length. Prisma loads a to-many relation
// (`include`, a nested `select`) with one `IN (…)` over every parent row's id: on SQLite that
// fails past the bound-parameter limit (P2029) and on PostgreSQL it grows a statement with the
// data. Reading the parents a page at a time keeps every such list at most `size` long.

/** Rows per page: well inside SQLite's limit even with a few relations per row. */
export const CHUNK_SIZE = 500;

/**
 * Every row `page` yields, read `size` at a time. `page(skip, take)` must order its rows by a
 * unique key (end the orderBy with `id`) so that pages neither overlap nor miss a row.
 */
export async function readInChunks<T>(
	page: (skip: number, take: number) => Promise<T[]>,
	size = CHUNK_SIZE
): Promise<T[]> {
	const all: T[] = [];
	for (let skip = 0; ; skip += size) {
		const rows = await page(skip, size);
		all.push(...rows);
		if (rows.length < size) return all;
	}
}

/**
 * Every row `page` yields, read `size` at a time by id (keyset: each page starts after the last
 * id of the one before, so no page re-reads what came before it). `page(after, take)` must add
 * `after` to its where and order by `id` ascending. Sort the result afterwards as needed.
 */
export async function readByIdInChunks<T extends { id: string }>(
	page: (after: { id?: { gt: string } }, take: number) => Promise<T[]>,
	size = CHUNK_SIZE
): Promise<T[]> {
	const all: T[] = [];
	let after: { id?: { gt: string } } = {};
	for (;;) {
		const rows = await page(after, size);
		all.push(...rows);
		if (rows.length < size) return all;
		after = { id: { gt: rows[rows.length - 1].id } };
	}
}
