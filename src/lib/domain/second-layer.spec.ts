import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { FORWARDED_STATUSES, forwardedStatusOf, needsReminder } from './second-layer.ts';

describe('a forwarded recipient’s status', () => {
	test('answered once every applicable item is submitted, acknowledged or not', () => {
		expect(forwardedStatusOf({ ackDay: '2026-12-03', state: 'complete' })).toBe('answered');
		expect(forwardedStatusOf({ ackDay: '', state: 'complete' })).toBe('answered');
	});
	test('receipt only (no item applies) is done once acknowledged', () => {
		expect(forwardedStatusOf({ ackDay: '2026-12-03', state: 'none' })).toBe('acknowledged_only');
		expect(forwardedStatusOf({ ackDay: '', state: 'none' })).toBe('not_acknowledged');
	});
	test('open items: acknowledged or not', () => {
		expect(forwardedStatusOf({ ackDay: '2026-12-03', state: 'open' })).toBe('acknowledged');
		expect(forwardedStatusOf({ ackDay: '', state: 'open' })).toBe('not_acknowledged');
	});
	test('a reminder reaches exactly those with something left to do', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('', '2026-12-03'),
				fc.constantFrom('none', 'open', 'complete'),
				(ackDay, state) => {
					const status = forwardedStatusOf({ ackDay, state });
					expect(FORWARDED_STATUSES).toContain(status);
					const done = state === 'complete' || (state === 'none' && ackDay !== '');
					expect(needsReminder(status)).toBe(!done);
				}
			)
		);
	});
});
