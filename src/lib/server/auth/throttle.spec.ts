import { expect, test } from 'vitest';
import { createThrottle } from './throttle.ts';

test('ten failures within fifteen minutes block further attempts until the window passes', () => {
	let now = 0;
	const throttle = createThrottle(() => now);
	const keys = ['email:a@example.jp', 'ip:127.0.0.1'];
	for (let i = 0; i < 9; i++) throttle.fail(keys);
	expect(throttle.isBlocked(keys)).toBe(false);
	throttle.fail(keys);
	expect(throttle.isBlocked(keys)).toBe(true);
	expect(throttle.isBlocked(['email:other@example.jp'])).toBe(false);
	// The same address trying another email is blocked too.
	expect(throttle.isBlocked(['email:other@example.jp', 'ip:127.0.0.1'])).toBe(true);
	now += 15 * 60 * 1000;
	expect(throttle.isBlocked(keys)).toBe(false);
});

test('a success clears the count', () => {
	const throttle = createThrottle(() => 0);
	for (let i = 0; i < 9; i++) throttle.fail(['k']);
	throttle.succeed(['k']);
	throttle.fail(['k']);
	expect(throttle.isBlocked(['k'])).toBe(false);
});
