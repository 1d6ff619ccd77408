import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	check,
	choicesField,
	countField,
	dateField,
	flagField,
	parseNumberInput,
	textField
} from './common.ts';

describe('numbers as people type them', () => {
	it('reads full-width digits, thousands separators and a trailing unit', () => {
		expect(parseNumberInput('１，２３４')).toBe(1234);
		expect(parseNumberInput('1,234,567')).toBe(1_234_567);
		expect(parseNumberInput(' 12,000,000円 ')).toBe(12_000_000);
		expect(parseNumberInput('３件')).toBe(3);
		expect(parseNumberInput(42)).toBe(42);
		expect(parseNumberInput('－５')).toBe(-5);
		expect(parseNumberInput('1.5')).toBe(1.5);
	});

	it('gives undefined for blank and null for what is no number', () => {
		expect(parseNumberInput('')).toBeUndefined();
		expect(parseNumberInput('  ')).toBeUndefined();
		expect(parseNumberInput(undefined)).toBeUndefined();
		for (const bad of [
			'十万',
			'12本',
			'1e3',
			'12,34',
			'1,2345',
			'0x10',
			'NaN',
			Number.NaN,
			{},
			[1]
		])
			expect(parseNumberInput(bad)).toBeNull();
	});

	it('countField says in Japanese what is wrong with a count', () => {
		const schema = z.object({ n: countField('件数', 100) });
		const message = (n: unknown) => {
			const r = check(schema, { n }, () => []);
			return r.ok ? null : r.errors[0];
		};
		expect(message('１２')).toBeNull();
		expect(message('-3')).toEqual({ path: 'n', message: '件数に負の数は入力できません。' });
		expect(message('2.5')?.message).toBe('件数は整数で入力してください。');
		expect(message('101')?.message).toBe('件数は100以下で入力してください。');
		expect(message('abc')?.message).toMatch(/数字で入力/);
	});
});

describe('dates, text and checkboxes', () => {
	const schema = z.object({
		on: dateField('日付'),
		text: textField('本文', 5),
		flag: flagField('確認')
	});

	it('reads 和暦 and Gregorian dates, and refuses impossible ones', () => {
		const ok = check(schema, { on: '令和6年10月8日' }, () => []);
		expect(ok).toEqual({ ok: true, value: { on: '2024-10-08', flag: false } });
		expect(check(schema, { on: 'R6.10.8' }, () => []).ok).toBe(true);
		for (const bad of ['2024-02-30', '平成32年1月1日', 'きのう', 20241008]) {
			const r = check(schema, { on: bad }, () => []);
			expect(r.ok ? null : r.errors[0].path).toBe('on');
		}
	});

	it('counts characters as people do and normalizes line breaks', () => {
		expect(check(schema, { text: '𠮷𠮷𠮷𠮷𠮷' }, () => []).ok).toBe(true);
		const long = check(schema, { text: 'あいうえおか' }, () => []);
		expect(long.ok ? null : long.errors[0].message).toBe(
			'本文は5文字以内で入力してください（現在6文字）。'
		);
		const lines = check(schema, { text: ' a\r\nb ' }, () => []);
		expect(lines.ok && lines.value.text).toBe('a\nb');
		expect(check(schema, { text: { x: 1 } }, () => []).ok).toBe(false);
	});

	it('reads a checkbox as a form posts it, and refuses anything else', () => {
		const flag = (v: unknown) => {
			const r = check(schema, { flag: v }, () => []);
			return r.ok ? r.value.flag : 'refused';
		};
		expect([
			flag('true'),
			flag('on'),
			flag(true),
			flag(undefined),
			flag(''),
			flag('false')
		]).toEqual([true, true, true, false, false, false]);
		expect(flag('maybe')).toBe('refused');
		expect(flag(7)).toBe('refused');
	});

	it('refuses an answer that is not an object at all', () => {
		const r = check(z.object({}, { error: '形式が違います。' }), 'text', () => []);
		expect(r).toEqual({ ok: false, errors: [{ path: '', message: '形式が違います。' }] });
	});
});

describe('checkbox lists', () => {
	it('refuses a list posted as an object (`methods.x=1`) with a message instead of throwing', () => {
		// formToObject builds objects without a prototype, which String() cannot convert.
		const posted = Object.assign(Object.create(null) as Record<string, string>, { x: '1' });
		const field = choicesField(['mail', 'meeting'], (v) => `選べない値：${v.join('、')}`);
		const result = field.safeParse(posted);
		expect(result.success).toBe(false);
		expect(result.error?.issues[0].message).toBe('選べない値：（一覧でない値）');
		expect(field.safeParse(['mail', 'fax']).error?.issues[0].message).toBe('選べない値：fax');
	});
});
