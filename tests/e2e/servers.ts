// Where the browser tests' servers are: one on a SQLite file (every spec) and one on a throwaway
// PostgreSQL database (the specs that attack every route: PG_SPECS). Shared by
// playwright.config.ts, serve.ts and the specs, so that each project's tests read the database
// and data directory of the server they talk to.
import path from 'node:path';

/** KAIRAN_E2E_PORT lets two checkouts on one machine run their browser tests at once. */
export const PORT = Number(process.env.KAIRAN_E2E_PORT ?? 4317);
/** The PostgreSQL-backed server: its own port, 100 above (helpers' ports are consecutive). */
export const PG_PORT = Number(process.env.KAIRAN_E2E_PG_PORT ?? PORT + 100);

/**
 * Set KAIRAN_E2E_DB=sqlite to run only the SQLite server and project (quicker while working on
 * one spec); by default both run.
 */
export const WITH_POSTGRESQL = process.env.KAIRAN_E2E_DB !== 'sqlite';

/** The specs that also run against PostgreSQL: the authorization matrix and the hostile posts. */
export const PG_SPECS = ['authorization.e2e.ts', 'hostile-forms.e2e.ts', 'form-properties.e2e.ts'];

export type ServerKind = 'sqlite' | 'postgresql';

const RESULTS = path.resolve(import.meta.dirname, '../../test-results');

/** Wiped by serve.ts before its server starts, so the demo data loads every run. */
export function dataDirOf(kind: ServerKind): string {
	return path.join(RESULTS, kind === 'sqlite' ? 'e2e-data' : 'e2e-data-pg');
}

/** The PostgreSQL server (trust auth on CI and developer machines) and its maintenance database. */
export const PG_ADMIN_URL =
	process.env.KAIRAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Named after the port, so a run that was killed is cleaned up by the next one on that port. */
export const PG_DATABASE = `kairan_e2e_${PG_PORT}`;

export function pgUrl(database = PG_DATABASE): string {
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${database}`;
	return url.toString();
}
