// Configuration for the Prisma CLI (`prisma migrate deploy`, `prisma studio` …) on a machine
// that can run Prisma's native engines. The app itself never needs the CLI at run time: it
// applies the same migration folders with src/lib/server/db/migrate.ts.
//
// DATABASE_URL chooses the provider exactly as the app does: a postgres:// URL selects
// PostgreSQL, anything else the embedded SQLite file under KAIRAN_DATA_DIR.
import { defineConfig } from 'prisma/config';
import path from 'node:path';

const url = process.env.DATABASE_URL ?? '';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';
const sqliteUrl = `file:${path.resolve(process.env.KAIRAN_DATA_DIR ?? 'data', 'kairan.db')}`;

export default defineConfig({
	schema: `prisma/${provider}/schema.prisma`,
	migrations: { path: `prisma/${provider}/migrations` },
	datasource: { url: provider === 'postgresql' ? url : sqliteUrl }
});
