// The route tree as the browser tests attack it: every page, form action and +server endpoint,
// read from src/routes itself, so a route added there is attacked (and must be described in the
// tests' tables) without anyone remembering to list it. Shared by hostile-forms.e2e.ts,
// authorization.e2e.ts and form-properties.e2e.ts.
import fs from 'node:fs';
import path from 'node:path';

const ROUTES = path.resolve(import.meta.dirname, '../../src/routes');

export type Role = 'anonymous' | 'respondent' | 'issuer' | 'viewer' | 'admin';
export const ROLES: readonly Role[] = ['anonymous', 'respondent', 'issuer', 'viewer', 'admin'];

/** A form action (`action` is its name; null for a +server POST handler). */
export type Target = { route: string; action: string | null };

/** One way in: a page's load (GET), a form action (POST ?/name) or an endpoint's handler. */
export type Entry =
	| { kind: 'page'; route: string; method: 'GET'; action?: undefined }
	| { kind: 'action'; route: string; method: 'POST'; action: string }
	| { kind: 'endpoint'; route: string; method: string; action?: undefined };

/** How an entry is named in the tests' tables: `GET /notices/[id=id]`, `POST /login?/default`. */
export function entryKey(e: Entry): string {
	return e.kind === 'action' ? `POST ${e.route}?/${e.action}` : `${e.method} ${e.route}`;
}

/**
 * Who acts on each route's forms: the role the form is for (so the post gets past the role
 * check to the parsing), plus a role that may not use it. A route missing here fails the test.
 */
export const ACTING: Record<string, Role[]> = {
	'/login': ['anonymous'],
	// The sign-in and account forms read text fields only, into null-prototype records
	// (readTextFields); they are attacked anonymously, since a signed-in barrage would count
	// against the sign-in throttle (and signOutEverywhere would end the actor's session).
	'/login/code': ['anonymous'],
	'/login/reset': ['anonymous'],
	'/login/reset/[token]': ['anonymous'],
	'/account': ['anonymous'],
	'/account/password': ['anonymous'],
	'/account/totp': ['anonymous'],
	'/locale': ['anonymous', 'respondent'],
	'/logout': ['anonymous'],
	'/admin/grant-lines': ['admin', 'issuer'],
	'/admin/people': ['admin', 'issuer'],
	// tokyo.health, the respondent here, administers 東京都's departments.
	'/department': ['respondent', 'viewer'],
	'/department/[department=id]': ['respondent', 'viewer'],
	'/invitation/[token]': ['anonymous'],
	// An external organization's link: no account, so attacked anonymously (issue 13).
	'/external/[token]': ['anonymous'],
	'/admin/functions': ['admin', 'issuer'],
	'/admin/departments': ['admin', 'issuer'],
	'/admin/departments/[id=id]': ['admin', 'issuer'],
	'/admin/departments/import': ['admin', 'issuer'],
	'/notices/new': ['issuer', 'respondent'],
	'/notices/[id=id]': ['issuer', 'respondent'],
	'/notices/[id=id]/edit': ['issuer', 'respondent'],
	'/notices/[id=id]/items': ['issuer', 'respondent'],
	'/notices/[id=id]/recipients': ['issuer', 'respondent'],
	'/notices/[id=id]/progress': ['issuer', 'viewer'],
	// A forwarding prefecture's 督促 of its municipalities; issuers only read the page.
	'/notices/[id=id]/forwarded': ['respondent', 'issuer'],
	'/notices/[id=id]/respond': ['respondent', 'issuer'],
	// A prefecture department forwards (tokyo.health is one); an issuer never does.
	'/notices/[id=id]/forward': ['respondent', 'issuer'],
	'/notices/[id=id]/forward/external': ['respondent', 'issuer']
};

/** The top-level keys of the object literal after `export const actions…=`. */
function actionNames(source: string): string[] {
	const start = source.indexOf('{', source.search(/export const actions\b[^=]*=/));
	const names: string[] = [];
	let depth = 0;
	for (let i = start; i < source.length; i++) {
		const c = source[i];
		if (c === '{') depth++;
		else if (c === '}' && --depth === 0) break;
		else if (depth === 1) {
			const m = /^[\s,]*(\w+)\s*:/.exec(source.slice(i));
			if (m && /[{,\n]/.test(source[i - 1] ?? '')) names.push(m[1]);
		}
	}
	return [...new Set(names)];
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'fallback'];

/** Every page, form action and endpoint handler under src/routes. */
export function routeEntries(dir = ROUTES): Entry[] {
	const out: Entry[] = [];
	const files = fs.readdirSync(dir, { withFileTypes: true });
	const route = '/' + path.relative(ROUTES, dir).split(path.sep).join('/');
	const route_ = route === '/' ? '/' : route.replace(/\/$/, '');
	if (files.some((f) => f.isFile() && /^\+page(\.server)?\.(ts|js|svelte)$/.test(f.name)))
		out.push({ kind: 'page', route: route_, method: 'GET' });
	for (const entry of files) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			out.push(...routeEntries(full));
			continue;
		}
		const source = fs.readFileSync(full, 'utf8');
		if (entry.name === '+page.server.ts' && /export const actions\b/.test(source))
			for (const action of actionNames(source))
				out.push({ kind: 'action', route: route_, method: 'POST', action });
		if (entry.name === '+server.ts')
			for (const method of METHODS)
				if (new RegExp(`export (const|async function|function) ${method}\\b`).test(source))
					out.push({ kind: 'endpoint', route: route_, method });
	}
	return out;
}

/** The form targets: every form action, and every endpoint that takes a POST. */
export function formTargets(): Target[] {
	const out: Target[] = routeEntries().flatMap((e): Target[] =>
		e.kind === 'action'
			? [{ route: e.route, action: e.action }]
			: e.kind === 'endpoint' && e.method === 'POST'
				? [{ route: e.route, action: null }]
				: []
	);
	// A draft's discard deletes it: attack it last, so every other action meets the draft.
	return out.sort((a, b) => Number(a.action === 'discard') - Number(b.action === 'discard'));
}
