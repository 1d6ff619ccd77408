import { expect, test } from 'vitest';
import { safeRedirectPath } from './redirect.ts';

test('only same-site paths are followed after sign-in', () => {
	expect(safeRedirectPath('/notices/abc?x=1')).toBe('/notices/abc?x=1');
	expect(safeRedirectPath('https://evil.example/')).toBe('/');
	expect(safeRedirectPath('//evil.example/')).toBe('/');
	expect(safeRedirectPath('/\\evil.example/')).toBe('/');
	expect(safeRedirectPath(null)).toBe('/');
});
