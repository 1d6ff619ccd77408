// The app's database handle, opened once from configuration. Server modules take a `Db`
// argument instead of importing this, so tests hand them a database of their own.
import {
	DATABASE_URL,
	KAIRAN_DATA_DIR,
	KAIRAN_DB_POOL_SIZE,
	KAIRAN_DB_POOL_TIMEOUT_MS,
	KAIRAN_DB_TX_MAX_WAIT_MS,
	KAIRAN_DB_TX_TIMEOUT_MS
} from '$app/env/private';
import { openDb, resolveTarget } from './client.ts';

export const dbTarget = resolveTarget(DATABASE_URL, KAIRAN_DATA_DIR);
export const db = openDb(dbTarget, {
	poolSize: KAIRAN_DB_POOL_SIZE,
	connectionTimeoutMs: KAIRAN_DB_POOL_TIMEOUT_MS,
	transactionTimeoutMs: KAIRAN_DB_TX_TIMEOUT_MS,
	transactionMaxWaitMs: KAIRAN_DB_TX_MAX_WAIT_MS
});
