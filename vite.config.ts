import { defineConfig } from 'vitest/config';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { paraglideOptions } from './scripts/paraglide-options.ts';

export default defineConfig({
	plugins: [
		// Messages live in messages/{ja,en}.json. The plugin module is loaded from node_modules by a
		// local path (project.inlang/settings.json): the default CDN URL fails offline and the
		// compiler then silently produces no messages at all.
		paraglideVitePlugin(paraglideOptions),
		sveltekit({
			adapter: adapter(),
			compilerOptions: {
				// Runes everywhere in our own code; libraries decide for themselves.
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			}
		})
	],
	server: { port: 3000 },
	preview: { port: 3000 },
	test: {
		expect: { requireAssertions: true },
		// Integration tests share one machine's SQLite files and PostgreSQL server; two cores.
		fileParallelism: true,
		testTimeout: 30_000,
		hookTimeout: 60_000,
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts'],
					exclude: ['src/**/*.db.spec.ts']
				}
			},
			{
				// Runs against SQLite by default; `npm run test:pg` runs the same files against PostgreSQL.
				extends: './vite.config.ts',
				test: {
					name: 'db',
					environment: 'node',
					include: ['src/**/*.db.spec.ts', 'tests/db/**/*.spec.ts']
				}
			}
		]
	}
});
