// `npm run build` (and the first step of `npm start`): builds the app only when its sources
// changed since the current build, and never under a running server.
//
// - The build's identity is a SHA-256 of its inputs (every file the bundle is made from:
//   src/ without tests, static/, messages/, prisma/ (migrations are bundled), the configs,
//   package.json and package-lock.json for the dependencies), written into the build as
//   BUILD_STAMP. When build/BUILD_STAMP equals the inputs' hash, nothing is built (~0.1 s).
// - Each build goes into its own directory, .builds/<hash>, and `build` is a symlink that is
//   switched to it atomically (rename). A running server loaded its modules through the link's
//   real path, so its lazily loaded chunks stay where they were: a second process building
//   never pulls files from under a running one (the ERR_MODULE_NOT_FOUND of issue 14). The
//   newest few builds are kept for servers still running an older one.
// - Two builds at once in one checkout wait for each other (a lock file): the second then finds
//   the build current. Going back to sources built before reuses that build.
//
//   npm run build               build if needed
//   npm run build -- --force    build even when current
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withLockFile } from '../src/lib/server/db/startup-lock.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILDS = path.join(root, '.builds');
const LINK = path.join(root, 'build');
const STAMP = 'BUILD_STAMP';
/** Builds kept besides the current one, for servers started from them that still run. */
const KEEP = 3;

const INPUTS = [
	'src',
	'static',
	'messages',
	'prisma',
	'project.inlang/settings.json',
	'scripts/paraglide-options.ts',
	'vite.config.ts',
	'tsconfig.json',
	'package.json',
	'package-lock.json'
];

/**
 * Test files are not bundled: editing one does not call for a new build. Generated code is
 * made from inputs hashed here (messages/, the Prisma schema) and rewritten by the build itself.
 */
const skipped = (rel: string) =>
	/\.spec\.ts$/.test(rel) ||
	rel.startsWith('src/lib/paraglide/') ||
	rel.startsWith('src/lib/server/db/generated/') ||
	rel.endsWith('/.DS_Store');

async function filesUnder(rel: string): Promise<string[]> {
	const abs = path.join(root, rel);
	if (!existsSync(abs)) return [];
	if (!(await stat(abs)).isDirectory()) return [rel];
	const out: string[] = [];
	for (const entry of (await readdir(abs, { withFileTypes: true })).sort((a, b) =>
		a.name < b.name ? -1 : a.name > b.name ? 1 : 0
	)) {
		const child = `${rel}/${entry.name}`;
		if (entry.isDirectory()) out.push(...(await filesUnder(child)));
		else if (entry.isFile() && !skipped(child)) out.push(child);
	}
	return out;
}

/** The hash of every input file's path and content. */
export async function inputsHash(): Promise<string> {
	const hash = createHash('sha256');
	for (const rel of INPUTS)
		for (const file of await filesUnder(rel)) {
			hash.update(`${file}\0`);
			hash.update(await readFile(path.join(root, file)));
			hash.update('\0');
		}
	return hash.digest('hex').slice(0, 24);
}

function stampOf(dir: string): string | null {
	try {
		if (!existsSync(path.join(dir, 'handler.js'))) return null;
		return readFileSync(path.join(dir, STAMP), 'utf8').trim();
	} catch {
		return null;
	}
}

/** Points `build` at .builds/<id> in one rename; a pre-stamp build/ directory is moved aside. */
export async function switchLink(id: string) {
	const stats = existsSync(LINK) || isLink(LINK) ? lstatSync(LINK) : null;
	if (stats && !stats.isSymbolicLink()) {
		await rename(LINK, path.join(BUILDS, `unstamped-${Date.now()}`));
	}
	const tmp = `${LINK}.link-${process.pid}`;
	await rm(tmp, { force: true });
	await symlink(path.join('.builds', id), tmp);
	await rename(tmp, LINK);
}

function isLink(p: string) {
	try {
		return lstatSync(p).isSymbolicLink();
	} catch {
		return false;
	}
}

async function prune(current: string) {
	const dirs = [];
	for (const name of await readdir(BUILDS)) {
		if (name === current || name.startsWith('.')) continue;
		dirs.push({ name, mtime: (await stat(path.join(BUILDS, name))).mtimeMs });
	}
	dirs.sort((a, b) => b.mtime - a.mtime);
	for (const d of dirs.slice(KEEP)) await rm(path.join(BUILDS, d.name), { recursive: true });
}

export async function ensureBuild(options: { force?: boolean; log?: (m: string) => void } = {}) {
	const log = options.log ?? ((m: string) => console.log(`[kairan] ${m}`));
	const id = await inputsHash();
	if (!options.force && stampOf(LINK) === id) {
		log(`build ${id} is current`);
		return { id, built: false };
	}
	await mkdir(BUILDS, { recursive: true });
	return withLockFile(path.join(BUILDS, '.lock'), async () => {
		// Another process may have built these sources while this one waited.
		if (!options.force && stampOf(LINK) === id) {
			log(`build ${id} is current`);
			return { id, built: false };
		}
		// Forced: a new directory, never the one running servers may be using.
		const name = options.force ? `${id}-${Date.now().toString(36)}` : id;
		const dir = path.join(BUILDS, name);
		if (options.force || stampOf(dir) !== id) {
			const tmp = path.join(BUILDS, `${id}.tmp-${process.pid}`);
			await rm(tmp, { recursive: true, force: true });
			log(`building ${id}…`);
			execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
				cwd: root,
				stdio: 'inherit',
				env: { ...process.env, KAIRAN_BUILD_OUT: tmp }
			});
			await writeFile(path.join(tmp, STAMP), `${id}\n`);
			await rm(dir, { recursive: true, force: true });
			await rename(tmp, dir);
		}
		await switchLink(name);
		await prune(name);
		log(`build ${id} is ready`);
		return { id, built: true };
	});
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await ensureBuild({ force: process.argv.includes('--force') });
}
