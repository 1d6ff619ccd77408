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
			// scripts/build.ts builds into a directory of its own (.builds/<hash>) and then points
			// build/ at it, so that a build never replaces files a running server still loads.
			adapter: adapter({ out: process.env.KAIRAN_BUILD_OUT ?? 'build' }),
			// Content-Security-Policy of every page. SvelteKit adds a fresh nonce per response to
			// script-src and style-src for the inline script that starts the app (and any inline
			// <style> it writes), so no inline script runs without one.
			csp: {
				mode: 'auto',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self'],
					// Style *attributes* cannot carry a nonce, and measured in Chromium these need
					// them: SvelteKit's own route announcer (a visually hidden div, set by its root
					// component), app.html's wrapper, and the data-driven colours and grid places of
					// the prefecture tile map and the heat table (style: directives). An attribute
					// cannot run script, and img-src/font-src keep anything it names on this
					// origin. chart.js needs nothing here: it sizes its canvas through the CSSOM
					// (element.style), which CSP does not govern. Scripts get no such allowance.
					'style-src-attr': ['unsafe-inline'],
					'img-src': ['self'],
					'font-src': ['self'],
					'connect-src': ['self'],
					// The notice page previews PDFs in a frame of this origin.
					'frame-src': ['self'],
					'object-src': ['none'],
					'base-uri': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none']
				}
			},
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
