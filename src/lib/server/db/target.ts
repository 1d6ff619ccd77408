// Which database the configuration names, in plain TypeScript with no Prisma import, so that
// command-line tools run by Node directly (npm run db:backup / db:restore) resolve it exactly
// as the app does.
import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

export type DbTarget =
	{ provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

/** DATABASE_URL wins when it is a postgres:// URL; otherwise the SQLite file in the data dir. */
export function resolveTarget(databaseUrl: string | undefined, dataDir: string): DbTarget {
	if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) {
		return { provider: 'postgresql', url: databaseUrl };
	}
	if (databaseUrl && !databaseUrl.startsWith('file:')) {
		throw new Error(
			`DATABASE_URL must be a postgres:// URL (or unset for SQLite), got ${redact(databaseUrl)}`
		);
	}
	const file = databaseUrl ? databaseUrl.slice('file:'.length) : path.join(dataDir, 'kairan.db');
	return { provider: 'sqlite', file: path.resolve(file) };
}

/** For messages: never print a password. */
export function redact(url: string): string {
	return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
