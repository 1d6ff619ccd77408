// The one format benchmarks report in, so `npm run bench` (bench/run.ts) can put every figure
// beside its baseline and target. Plain Node, no app imports.
import os from 'node:os';

/** One measured figure. `baseline` is measured in the same run; `met` is null when no target. */
export type Figure = {
	name: string;
	value: number;
	unit: string;
	baseline: number | null;
	target: string;
	met: boolean | null;
	/** The 1-minute load average when the figure was reported (the machine is shared). */
	load?: number;
};

/** The benchmarks of issue 14, in the order `npm run bench` runs them. */
export const BENCHMARKS = [
	{ name: 'dashboards', what: '/overview and progress at scale vs the best raw SQL' },
	{ name: 'ssr', what: 'notice page SSR throughput, signed in, vs a bare SSR page' },
	{ name: 'publish', what: 'publishing to every department; outbox drain vs pooled nodemailer' },
	{ name: 'rush', what: 'deadline rush: concurrent respondents saving and submitting' },
	{ name: 'export', what: 'national CSV/XLSX export: time and peak RSS' }
] as const;

const MARK = 'BENCH-JSON ';

/** Prints the figures for the runner (and a readable table for a person running it alone). */
export function report(figures: Figure[]) {
	const load = os.loadavg()[0];
	figures = figures.map((f) => ({ ...f, load: f.load ?? load }));
	console.log(`load average ${load.toFixed(1)} (${os.cpus().length} CPUs)`);
	for (const f of figures) {
		const base = f.baseline === null ? '' : ` (baseline ${f.baseline.toPrecision(4)} ${f.unit})`;
		const met = f.met === null ? '' : f.met ? ' — target met' : ' — TARGET MISSED';
		console.log(`${f.name}: ${f.value.toPrecision(4)} ${f.unit}${base}; target ${f.target}${met}`);
	}
	console.log(MARK + JSON.stringify(figures));
}

export function parseFigures(stdout: string): Figure[] {
	const line = stdout.split('\n').find((l) => l.startsWith(MARK));
	if (!line) return [];
	try {
		const parsed: unknown = JSON.parse(line.slice(MARK.length));
		return Array.isArray(parsed) ? (parsed as Figure[]) : [];
	} catch {
		return [];
	}
}

/** Median of a list of numbers (the list is not changed). */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The p-th percentile (0–100), nearest rank. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
