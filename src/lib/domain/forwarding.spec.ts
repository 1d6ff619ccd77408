import { describe, expect, test } from 'vitest';
import {
	FORWARD_TARGET_KINDS,
	forwardStatus,
	isForwardTargetKind,
	noticeForwardable,
	recipientMayForward
} from './forwarding.ts';

describe('forwardStatus', () => {
	test('a body addressed directly is not offered, whether or not it has the department', () => {
		expect(forwardStatus({ departmentId: 'd1', reached: 'direct' })).toBe('direct');
		expect(forwardStatus({ departmentId: null, reached: 'direct' })).toBe('direct');
	});
	test('a body reached by an earlier forwarding is not offered again', () => {
		expect(forwardStatus({ departmentId: 'd1', reached: 'forwarded' })).toBe('forwarded');
	});
	test('a body without the function is reported as such', () => {
		expect(forwardStatus({ departmentId: null, reached: 'none' })).toBe('no_department');
	});
	test('otherwise it may be forwarded to', () => {
		expect(forwardStatus({ departmentId: 'd1', reached: 'none' })).toBe('available');
	});
});

describe('targets and authority', () => {
	test('municipalities and health-center cities are targets; prefectures and ministries are not', () => {
		for (const kind of ['city', 'town', 'village', 'special_ward', 'core_city'])
			expect(isForwardTargetKind(kind)).toBe(true);
		for (const kind of ['prefecture', 'ministry', ''])
			expect(isForwardTargetKind(kind)).toBe(false);
		expect(FORWARD_TARGET_KINDS).not.toContain('prefecture');
	});
	test('only a published, forwardable notice accepts forwardings', () => {
		expect(noticeForwardable({ status: 'published', forwardable: true })).toBe(true);
		expect(noticeForwardable({ status: 'published', forwardable: false })).toBe(false);
		for (const status of ['draft', 'closed', 'withdrawn'])
			expect(noticeForwardable({ status, forwardable: true })).toBe(false);
	});
	test('only a first-level prefecture recipient forwards', () => {
		const pref = { forwardingId: null, organizationKind: 'prefecture', prefectureCode: '14' };
		expect(recipientMayForward(pref)).toBe(true);
		expect(recipientMayForward({ ...pref, forwardingId: 'f1' })).toBe(false);
		expect(recipientMayForward({ ...pref, organizationKind: 'designated_city' })).toBe(false);
		expect(recipientMayForward({ ...pref, prefectureCode: null })).toBe(false);
	});
});
