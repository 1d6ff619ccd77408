// The app's database handle, opened once from configuration. Server modules take a `Db`
// argument instead of importing this, so tests hand them a database of their own.
import { DATABASE_URL, KAIRAN_DATA_DIR } from '$app/env/private';
import { openDb, resolveTarget } from './client.ts';

export const dbTarget = resolveTarget(DATABASE_URL, KAIRAN_DATA_DIR);
export const db = openDb(dbTarget);
