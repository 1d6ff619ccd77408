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

export type StartupOptions = {
	db: Db;
	target: DbTarget;
	storage: Storage;
	mode: 'demo' | 'production';
	demoPassword: string;
	log?: (message: string) => void;
};

export async function prepareDatabase(o: StartupOptions) {
	const log = o.log ?? ((message: string) => console.log(`[kairan] ${message}`));
	const applied = await migrate(o.target);
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
	return { applied };
}
