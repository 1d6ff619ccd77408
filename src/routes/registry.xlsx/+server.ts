import { requireUserApi } from '#lib/server/auth/guard.ts';
import { db } from '#lib/server/db/index.ts';
import { registryStream } from '#lib/server/reports/registry-table.ts';
import { registryFilter } from '#lib/server/reports/registry-filter.ts';
import { tableDownload } from '#lib/server/http/table-download.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
	tableDownload(registryStream(db, requireUserApi(locals), registryFilter(url)), 'xlsx');
