import { describe, expect, it } from 'vitest';
import { diffAttachments, diffContent } from './notice-diff.ts';
import type { NoticeContent } from './notices.ts';

const v1: NoticeContent = {
	noticeType: 'administrative_liaison',
	title: 'ワンストップ支援センターについて',
	documentNumber: null,
	issuedOn: '2024-10-08',
	deadline: '2024-11-08',
	addresseeLines: ['各特別区衛生主管部（局）　御中'],
	preamble: '下記のとおりお願いします。',
	items: [{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' }],
	itemNumbering: 'full_width',
	contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
	references: []
};

describe('diffContent', () => {
	it('reports only the fields that changed, with the inserted and deleted characters', () => {
		const v2 = {
			...v1,
			deadline: '2024-11-15',
			items: [{ ...v1.items[0], text: 'リーフレットを管下医療機関に配布してください。' }]
		};
		const diff = diffContent(v1, v2);
		expect(diff.map((d) => d.field)).toEqual(['deadline', 'item1']);
		const item = diff[1];
		expect(
			item.parts
				.filter((p) => p.change === 'added')
				.map((p) => p.text)
				.join('')
		).toBe('管下医療機関に');
		expect(
			item.parts
				.filter((p) => p.change === 'removed')
				.map((p) => p.text)
				.join('')
		).toBe('');
		// Reassembling the unchanged and added parts gives the new text.
		expect(
			item.parts
				.filter((p) => p.change !== 'removed')
				.map((p) => p.text)
				.join('')
		).toBe('周知\nリーフレットを管下医療機関に配布してください。');
	});

	it('notices an added 記 item', () => {
		const v2 = { ...v1, items: [...v1.items, { number: 2, heading: '報告', text: '' }] };
		expect(diffContent(v1, v2).map((d) => d.label)).toEqual(['記2']);
	});

	it('names a new order of unchanged 記 items as a reorder, not as rewritten items', () => {
		const two = {
			...v1,
			items: [
				{ number: 1, heading: '周知', text: '配布してください。' },
				{ number: 2, heading: '連携', text: '連携してください。' }
			]
		};
		const swapped = {
			...two,
			items: [
				{ ...two.items[1], number: 1 },
				{ ...two.items[0], number: 2 }
			]
		};
		const diff = diffContent(two, swapped);
		expect(diff.map((d) => d.label)).toEqual(['記の順序']);
		expect(diff[0].parts[0].text).toBe('記1「周知」→ 記2\n記2「連携」→ 記1');
		// A reorder with a changed text is a change of each item.
		const edited = { ...swapped, items: [swapped.items[0], { ...swapped.items[1], text: '改' }] };
		expect(diffContent(two, edited).map((d) => d.label)).toEqual(['記1', '記2']);
	});

	it('names a change of the numbering style', () => {
		const diff = diffContent(v1, { ...v1, itemNumbering: 'parenthesized' });
		expect(diff.map((d) => d.label)).toEqual(['記の番号']);
	});

	it('finds nothing between identical versions', () => {
		expect(diffContent(v1, structuredClone(v1))).toEqual([]);
	});
});

describe('diffAttachments', () => {
	const a = { label: '別添１', title: 'リーフレット', sha256: 'a'.repeat(64) };
	const b = { label: '別添２', title: '事務連絡', sha256: 'b'.repeat(64) };
	it('tells replaced, renamed, added and removed files apart', () => {
		const changes = diffAttachments(
			[a, b],
			[
				{ ...a, sha256: 'c'.repeat(64) },
				{ label: '別添３', title: '新資料', sha256: 'd'.repeat(64) }
			]
		);
		expect(changes.map((c) => c.change)).toEqual(['replaced', 'added', 'removed']);
		expect(diffAttachments([a], [{ ...a, title: 'リーフレット（改訂）' }])[0].change).toBe(
			'renamed'
		);
	});

	const c = { label: '別添３', title: '重点方針', sha256: 'c'.repeat(64) };
	const d = { label: '別添４', title: '交付金', sha256: 'd'.repeat(64) };

	it('names a relabelled file as relabelled, not as one added and one removed', () => {
		const changes = diffAttachments([a, b], [a, { ...b, label: '別添４' }]);
		expect(changes).toEqual([
			{ change: 'relabelled', before: b, after: { ...b, label: '別添４' } }
		]);
	});

	it('names only the file that moved, and the labels that followed their places', () => {
		// 別添２ moved to the end; the default labels of the others followed their new places.
		const after = [
			a,
			{ ...c, label: '別添２' },
			{ ...d, label: '別添３' },
			{ ...b, label: '別添４' }
		];
		const changes = diffAttachments([a, b, c, d], after);
		expect(changes.filter((x) => x.change === 'moved')).toEqual([
			{ change: 'moved', before: b, after: after[3], from: 2, to: 4 }
		]);
		expect(
			changes.filter((x) => x.change === 'relabelled').map((x) => 'before' in x && x.before.label)
		).toEqual(['別添３', '別添４', '別添２']);
		expect(changes.some((x) => x.change === 'added' || x.change === 'removed')).toBe(false);
	});

	it('finds nothing between identical lists', () => {
		expect(diffAttachments([a, b, c], [a, b, c])).toEqual([]);
	});
});
