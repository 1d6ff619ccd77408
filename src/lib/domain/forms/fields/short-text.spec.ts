import { describe, expect, it } from 'vitest';
import { answer } from './spec-helpers.ts';

const f = { key: 'name', type: 'short_text', label: '医療機関名', maxLength: 5, required: true };

describe('short text', () => {
	it('trims, keeps line breaks as \\n, and counts characters as people do', () => {
		expect(answer(f, ' a\r\nb ')).toEqual({ value: 'a\nb' });
		expect(answer(f, '𠮷𠮷𠮷𠮷𠮷')).toEqual({ value: '𠮷𠮷𠮷𠮷𠮷' });
		expect(answer(f, 12)).toEqual({ value: '12' });
		expect(answer(f, 'あいうえおか')).toEqual({
			errors: ['医療機関名は5文字以内で入力してください（現在6文字）。']
		});
		expect(answer(f, { x: 1 })).toEqual({ errors: ['医療機関名は文字で入力してください。'] });
	});

	it('blank is nothing: fine in a draft, missing in a submission', () => {
		expect(answer(f, '  ')).toEqual({ value: undefined });
		expect(answer(f, '  ', 'submit')).toEqual({ errors: ['医療機関名を入力してください。'] });
		expect(answer({ ...f, requiredMessage: '名前をどうぞ。' }, '', 'submit')).toEqual({
			errors: ['名前をどうぞ。']
		});
	});
});
