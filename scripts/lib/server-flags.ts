// The Node flags the server runs with, in one place: scripts/start.ts re-executes itself with
// them, and bench/export.ts measures the exports in processes that run them too.
//
// --max-semi-space-size=8 (MB): V8 grows its young generation up to 64 MB per semi-space (128 MB
// of RSS) under a high allocation rate, and an export of the national registry allocates
// ~10 KB per row for 20,000 rows (reading, cells, csv-stringify or exceljs) — all of it garbage
// within the row's page, none of it retained. The young generation's growth alone took the
// registry's exports over the 300 MB of issue 14 (306–328 MB peak); capped at 8 MB they peaked at
// 205–224 MB and were no slower (bench/RESULTS.md, round 2).
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];

const nameOf = (flag: string) => flag.split('=')[0];

/**
 * The server's flags this process does not run with. A flag the operator set (on the command
 * line or in NODE_OPTIONS), with any value, counts as set: theirs wins.
 */
export function missingServerFlags(): string[] {
	const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].map(nameOf);
	return SERVER_NODE_FLAGS.filter((flag) => !given.includes(nameOf(flag)));
}
