// Fails when package-lock.json names a dependency it holds no entry for.
//
// Why: this machine's npm registry lacks some other-platform optional packages (for example
// @lix-js/sdk-darwin-arm64, napi-windows-process-start-time). `npm install` skips them silently
// and writes a lock that `npm ci` then refuses ("Missing: … from lock file"), so CI fails on a
// clean clone although everything worked here. Running this in `npm run lint` catches it before
// a push. When it fires, pin the package that brought the dependency to a version without it.
import { readFileSync } from 'node:fs';

type Entry = {
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
};

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
	packages: Record<string, Entry>;
};

const present = new Set(
	Object.keys(lock.packages).map((path) => path.slice(path.lastIndexOf('node_modules/') + 13))
);

const missing = new Set<string>();
for (const [path, entry] of Object.entries(lock.packages)) {
	for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
		if (!present.has(name)) missing.add(`${name} (needed by ${path || 'the project'})`);
	}
}

if (missing.size > 0) {
	console.error('package-lock.json lacks entries that `npm ci` will ask for:');
	for (const line of missing) console.error(`  ${line}`);
	process.exit(1);
}
