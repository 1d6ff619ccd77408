import { describe, expect, test } from 'vitest';
import { DB_POOL_DEFAULTS, poolOptions } from './client.ts';

describe('database pool options', () => {
	test('an unset variable (undefined) keeps its default; a set one wins', () => {
		expect(
			poolOptions({
				poolSize: undefined,
				connectionTimeoutMs: undefined,
				transactionTimeoutMs: 20_000,
				transactionMaxWaitMs: undefined
			})
		).toEqual({ ...DB_POOL_DEFAULTS, transactionTimeoutMs: 20_000 });
		expect(poolOptions({})).toEqual(DB_POOL_DEFAULTS);
	});
});
