import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { registryTable } from '#lib/server/reports/registry-table.ts';
import { registryFilter } from '#lib/server/reports/registry-filter.ts';
import { tableDownload } from '#lib/server/http/table-download.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) =>
	tableDownload(await registryTable(db, requireUserApi(locals), registryFilter(url)), 'xlsx');
