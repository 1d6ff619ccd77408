// Planner statistics. SQLite keeps none until asked and then picks poor plans (a per-notice
// count walked an index over every notice's rows); PostgreSQL's autovacuum gathers them, but
// only some time after a bulk load. The app refreshes them at start (after migrations,
// reference data and the demo load) and after any bulk load of its own.
import { providerOfDb, type Db } from './client.ts';

/**
 * SQLite: `PRAGMA optimize` over every table (0x10000), analysing those whose statistics are
 * missing or stale (0x02), each from a bounded sample (analysis_limit) so it stays quick at any
 * size. PostgreSQL: `ANALYZE` (sampled by the server). Returns how long it took, in ms.
 */
export async function refreshStatistics(db: Db): Promise<number> {
	const start = performance.now();
	if (providerOfDb(db) === 'sqlite') {
		await db.$queryRawUnsafe('PRAGMA analysis_limit = 1000');
		await db.$queryRawUnsafe('PRAGMA optimize = 0x10002');
	} else {
		await db.$executeRawUnsafe('ANALYZE');
	}
	return performance.now() - start;
}
