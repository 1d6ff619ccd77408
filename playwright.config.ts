// Browser tests (`npm run test:e2e`): builds the app, serves it from a fresh demo database and
// drives it in Chromium. Debian's Chromium (/usr/bin/chromium) is used where it is installed,
// since Playwright's own browser cannot be downloaded on CI; elsewhere Playwright's own.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// KAIRAN_E2E_PORT lets two checkouts on one machine run their browser tests at once.
const PORT = Number(process.env.KAIRAN_E2E_PORT ?? 4317);
const baseURL = `http://localhost:${PORT}`;
/** Wiped by tests/e2e/serve.ts before the server starts, so the demo data loads every run. */
const dataDir = path.resolve(import.meta.dirname, 'test-results/e2e-data');

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const systemChromium = fs.existsSync(SYSTEM_CHROMIUM);

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
		{
			name: 'chromium',
			use: {
				...devices['Desktop Chrome'],
				launchOptions: systemChromium
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
					: {}
			}
		}
	],
	webServer: {
		command: 'npm run build && npx node tests/e2e/serve.ts',
		url: `${baseURL}/healthz`,
		reuseExistingServer: false,
		timeout: 180_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			KAIRAN_MODE: 'demo',
			KAIRAN_DATA_DIR: dataDir,
			KAIRAN_DEMO_PASSWORD: 'kairan-demo-2024',
			KAIRAN_PUBLIC_URL: baseURL
		}
	}
});
