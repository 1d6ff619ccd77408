import { describe, expect, it } from 'vitest';
import { effectiveDeadline, isOverdue, itemAppliesTo } from './applies.ts';

const item = (bodyKinds: string[], functions: string[], deadline: string | null = null) =>
	({ appliesTo: { bodyKinds, functions }, deadline }) as Parameters<typeof itemAppliesTo>[0] & {
		deadline: string | null;
	};

describe('who must answer an item', () => {
	it('an empty rule is every recipient', () => {
		expect(
			itemAppliesTo(item([], []), { bodyKind: 'special_ward', function: 'onestop_center' })
		).toBe(true);
	});

	it('body kinds × functions, each list narrowing only when given', () => {
		// The seed's 記4: 交付先 are prefectures, designated and core cities.
		const grant = item(['prefecture', 'designated_city', 'core_city'], []);
		expect(itemAppliesTo(grant, { bodyKind: 'prefecture', function: 'health' })).toBe(true);
		expect(itemAppliesTo(grant, { bodyKind: 'core_city', function: 'onestop_center' })).toBe(true);
		expect(itemAppliesTo(grant, { bodyKind: 'special_ward', function: 'health' })).toBe(false);
		const healthOfPrefectures = item(['prefecture'], ['health']);
		expect(
			itemAppliesTo(healthOfPrefectures, { bodyKind: 'prefecture', function: 'onestop_center' })
		).toBe(false);
		expect(itemAppliesTo(healthOfPrefectures, { bodyKind: 'prefecture', function: 'health' })).toBe(
			true
		);
	});
});

describe('the deadline that applies', () => {
	it('is the item’s own, else the notice’s', () => {
		expect(effectiveDeadline(item([], [], '2025-05-30'), { deadline: '2024-11-29' })).toBe(
			'2025-05-30'
		);
		expect(effectiveDeadline(item([], []), { deadline: '2024-11-29' })).toBe('2024-11-29');
		expect(effectiveDeadline(item([], []), { deadline: null })).toBeNull();
	});

	it('is overdue from the day after', () => {
		const notice = { deadline: '2024-11-29' };
		expect(isOverdue(item([], []), notice, '2024-11-29')).toBe(false);
		expect(isOverdue(item([], []), notice, '2024-11-30')).toBe(true);
		expect(isOverdue(item([], [], '2025-05-30'), notice, '2024-11-30')).toBe(false);
		expect(isOverdue(item([], []), { deadline: null }, '2099-01-01')).toBe(false);
	});
});
