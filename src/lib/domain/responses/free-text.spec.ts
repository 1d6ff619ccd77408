import { describe, expect, it } from 'vitest';
import { checkFreeText, summarizeFreeText } from './free-text.ts';

describe('free text', () => {
	it('may be empty in a draft, is required on submit, and has a 4,000-character limit', () => {
		expect(checkFreeText({}, { mode: 'draft' })).toEqual({ ok: true, value: {} });
		expect(checkFreeText({ text: '  ' }, { mode: 'submit' })).toEqual({
			ok: false,
			errors: [{ path: 'text', message: '回答を入力してください。' }]
		});
		expect(checkFreeText({ text: 'あ'.repeat(4000) }, { mode: 'submit' }).ok).toBe(true);
		const long = checkFreeText({ text: 'あ'.repeat(4001) }, { mode: 'draft' });
		expect(long.ok ? null : long.errors).toEqual([
			{ path: 'text', message: '回答は4,000文字以内で入力してください（現在4,001文字）。' }
		]);
	});

	it('summarizes on one line, cut at 40 characters', () => {
		expect(summarizeFreeText({ text: '医師会を通じて\n周知した。' })).toBe(
			'医師会を通じて 周知した。'
		);
		expect(summarizeFreeText({ text: 'あ'.repeat(41) })).toBe(`${'あ'.repeat(40)}…`);
		expect(summarizeFreeText({})).toBe('');
	});
});
