// What happens before the first request: migrations, reference data, and (demo mode only,
// empty database only) demo data. Each step is idempotent, so every start runs them all.
import type { Db, DbTarget } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { loadReferenceData } from './reference/load.ts';
import { loadDemoData } from './demo/load.ts';
import { rebuildMissing } from './reports/rollup.ts';
import type { Storage } from './storage/index.ts';
import { fillMissingSearchText } from './notices/search-index.ts';
import { sealUnchained } from './audit/chain.ts';
import { logger } from './log.ts';
import { importBlobFiles } from './storage/import-files.ts';
import { withStartupLock } from './db/startup-lock.ts';
import { refreshStatistics } from './db/statistics.ts';

export type StartupOptions = {
	db: Db;
	target: DbTarget;
	storage: Storage;
	/** KAIRAN_DATA_DIR: attachment files of earlier releases under its blobs/ are imported. */
	dataDir?: string;
	mode: 'demo' | 'production';
	demoPassword: string;
	log?: (message: string) => void;
};

/** Several instances may start at once: one prepares the database while the others wait. */
export function prepareDatabase(o: StartupOptions) {
	return withStartupLock(o.target, () => prepare(o));
}

async function prepare(o: StartupOptions) {
	const log = o.log ?? ((message: string) => logger.info(message));
	const applied = await migrate(o.target);
	if (o.dataDir) {
		const files = await importBlobFiles(o.storage, o.dataDir);
		if (files.imported) log(`moved ${files.imported} attachment files into the database`);
		if (files.movedTo)
			log(`old attachment folder kept as ${files.movedTo}: delete it after a backup`);
		for (const file of files.damaged)
			log(`attachment file ${file} does not match its name (damaged): left in place, not imported`);
	}
	if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
	if (await loadReferenceData(o.db)) log('loaded national reference data');
	if (o.mode === 'demo' && (await loadDemoData(o.db, o.storage, { password: o.demoPassword }))) {
		log('loaded demo data (demo mode)');
	}
	const counted = await rebuildMissing(o.db);
	if (counted) log(`counted ${counted} notices into the dashboards' rollup`);
	const indexed = await fillMissingSearchText(o.db);
	if (indexed) log(`indexed ${indexed} notice versions for search`);
	const sealed = await sealUnchained(o.db);
	if (sealed) log(`chained ${sealed} audit events written before the audit chain`);
	// After everything above may have loaded rows in bulk (the demo data on a first start).
	const ms = await refreshStatistics(o.db);
	log(`refreshed planner statistics (${Math.round(ms)} ms)`);
	return { applied };
}
