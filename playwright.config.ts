// Browser tests (`npm run test:e2e`): builds the app, serves it from a fresh demo database and
// drives it in Chromium. Two servers from the one build: every spec runs against the SQLite one
// (project `chromium`); the specs that attack every route and form (PG_SPECS) also run against
// one on a throwaway PostgreSQL database (project `postgresql`; KAIRAN_E2E_DB=sqlite skips it).
// Debian's Chromium (/usr/bin/chromium) is used where it is installed, since Playwright's own
// browser cannot be downloaded on CI; elsewhere Playwright's own.
import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';
import { PG_PORT, PG_SPECS, PORT, WITH_POSTGRESQL, dataDirOf } from './tests/e2e/servers.ts';

const baseURL = `http://localhost:${PORT}`;
const pgBaseURL = `http://localhost:${PG_PORT}`;

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const launchOptions = fs.existsSync(SYSTEM_CHROMIUM)
	? {
			executablePath: SYSTEM_CHROMIUM,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	: {};

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	outputDir: 'test-results/e2e',
	fullyParallel: false,
	forbidOnly: true,
	workers: 1,
	retries: 0,
	reporter: 'list',
	// Generous: a 2-core machine running an axe scan beside a build can take tens of seconds.
	timeout: 60_000,
	expect: { timeout: 5_000 },
	use: {
		baseURL,
		locale: 'ja-JP',
		timezoneId: 'Asia/Tokyo',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } },
		...(WITH_POSTGRESQL
			? [
					{
						name: 'postgresql',
						testMatch: PG_SPECS.map((f) => `**/${f}`),
						use: { ...devices['Desktop Chrome'], launchOptions, baseURL: pgBaseURL }
					}
				]
			: [])
	],
	// Started one after the other: the second serves the build the first one made.
	webServer: [
		{
			// The build's report is left out of the output (its errors still show: stderr).
			command: 'npm run build > /dev/null && npx node tests/e2e/serve.ts',
			url: `${baseURL}/healthz`,
			reuseExistingServer: false,
			timeout: 180_000,
			// The app logs JSON lines to stdout (KAIRAN_LOG_LEVEL=warn below): its warnings and
			// internal errors show in the test output.
			stdout: 'pipe',
			stderr: 'pipe',
			env: serverEnv(PORT, baseURL, 'sqlite')
		},
		...(WITH_POSTGRESQL
			? [
					{
						command: 'npx node tests/e2e/serve.ts',
						url: `${pgBaseURL}/healthz`,
						reuseExistingServer: false,
						timeout: 180_000,
						stdout: 'pipe' as const,
						stderr: 'pipe' as const,
						// serve.ts drops the database when the server has stopped.
						gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 20_000 },
						env: { ...serverEnv(PG_PORT, pgBaseURL, 'postgresql'), KAIRAN_E2E_SERVER: 'postgresql' }
					}
				]
			: [])
	]
});

function serverEnv(port: number, url: string, kind: 'sqlite' | 'postgresql') {
	return {
		PORT: String(port),
		HOST: '127.0.0.1',
		KAIRAN_MODE: 'demo',
		KAIRAN_DATA_DIR: dataDirOf(kind),
		KAIRAN_DEMO_PASSWORD: 'kairan-demo-2024',
		KAIRAN_PUBLIC_URL: url,
		// Warnings and errors only: one line per request would drown the test output.
		KAIRAN_LOG_LEVEL: 'warn'
	};
}
