// Rates as the dashboards show them, shared by the server-rendered tables and the charts so
// both always print the same figure for the same counts.

/** part / whole, or null when there is nothing to divide by (no one was asked). */
export function ratio(part: number, whole: number): number | null {
	return whole === 0 ? null : part / whole;
}

/** 「87.5%」: one decimal, rounded half up; 「—」 when nothing was due. */
export function formatPercent(part: number, whole: number): string {
	const r = ratio(part, whole);
	return r === null ? '—' : `${Math.round(r * 1000) / 10}%`;
}
