import { describe, expect, it } from 'vitest';
import { itemWith, answer } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = { key: 'note', type: 'long_text', label: '備考', maxLength: 2000 };

describe('long text', () => {
	it('takes paragraphs up to its limit', () => {
		expect(answer(f, '一行目\r\n二行目')).toEqual({ value: '一行目\n二行目' });
		expect(answer(f, 'あ'.repeat(2000))).toEqual({ value: 'あ'.repeat(2000) });
		expect(answer(f, 'あ'.repeat(2001))).toEqual({
			errors: ['備考は2,000文字以内で入力してください（現在2,001文字）。']
		});
		expect(answer(f, '', 'submit')).toEqual({ value: undefined });
	});

	it('describes itself on one line, cut at 40 characters', () => {
		const item = itemWith(f);
		expect(summarizeAnswer(item, { note: 'あ'.repeat(41) })).toBe(`${'あ'.repeat(40)}…`);
		expect(summarizeAnswer(item, { note: 'a\n b' })).toBe('a b');
	});

	it('refuses a limit beyond the ceiling', () => {
		expect(() => itemWith({ ...f, maxLength: 1_000_000 })).toThrow();
	});
});
