// The editor's repeated rows: one blank row at the end (not doubled when a refused save echoes
// it back), keys that keep a server message beside its row, and new keys that never repeat.
import { describe, expect, it } from 'vitest';
import { moveRow, rowMaker, rowsOf } from './rows.ts';

describe('rowsOf', () => {
	it('keys the posted rows by their index and ends with one blank row', () => {
		expect(rowsOf(['各都道府県衛生主管部（局） 御中'], '')).toEqual([
			{ key: '0', value: '各都道府県衛生主管部（局） 御中' },
			{ key: '1', value: '' }
		]);
		expect(rowsOf([], { heading: '', text: '' })).toEqual([
			{ key: '0', value: { heading: '', text: '' } }
		]);
	});

	it('does not double the blank row a refused save echoes back', () => {
		const blank = { office: '', phone: '' };
		const rows = rowsOf([{ office: '医政局総務課', phone: '未定' }, blank], blank);
		expect(rows.map((r) => r.key)).toEqual(['0', '1']);
	});
});

describe('rowMaker', () => {
	it('gives each added row a key of its own, whichever list it joins', () => {
		const newRow = rowMaker();
		expect([newRow('').key, newRow({ heading: '' }).key]).toEqual(['new1', 'new2']);
		expect(rowMaker()('').key).toBe('new1');
	});
});

describe('moveRow', () => {
	it('leaves the list as it is when the row is already at that end', () => {
		const rows = rowsOf(['一', '二'], '');
		expect(moveRow(rows, 0, -1, 'addressee')).toBe(rows);
		expect(moveRow(rows, rows.length - 1, 1, 'addressee')).toBe(rows);
	});
});
