// One set of Paraglide options for the Vite plugin (vite.config.ts) and for the compile that
// `npm install` runs (scripts/i18n-compile.ts), so that svelte-check and eslint find
// src/lib/paraglide on a fresh clone before anything was built.
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'preferredLanguage', 'baseLocale'] as (
		'cookie' | 'preferredLanguage' | 'baseLocale'
	)[],
	cookieName: 'kairan_locale'
};
