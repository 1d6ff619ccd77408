// Slows password guessing: after MAX_FAILURES failed sign-ins for one email (or from one
// address) within WINDOW_MS, further attempts are refused until the window has passed.
// In memory, per process: enough for one instance; several instances each keep their own
// count, which still bounds guessing to MAX_FAILURES × instances per window.
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES = 10;

export function createThrottle(now: () => number = Date.now) {
	const failures = new Map<string, number[]>();
	const recent = (key: string) => (failures.get(key) ?? []).filter((t) => now() - t < WINDOW_MS);
	return {
		isBlocked(keys: string[]): boolean {
			return keys.some((key) => recent(key).length >= MAX_FAILURES);
		},
		fail(keys: string[]) {
			for (const key of keys) failures.set(key, [...recent(key), now()]);
		},
		succeed(keys: string[]) {
			for (const key of keys) failures.delete(key);
		}
	};
}

export const signInThrottle = createThrottle();
