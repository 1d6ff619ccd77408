import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = {
	key: 'minutes',
	type: 'file',
	label: '議事録',
	extensions: ['pdf', 'docx'],
	maxBytes: 1000
};
const ref = { fileId: 'ckx1abc', name: '議事録.pdf', size: 900 };

describe('file', () => {
	it('stores the reference to an uploaded file, nothing else', () => {
		expect(answer(f, { ...ref, path: '/etc/passwd' })).toEqual({ value: ref });
		expect(answer(f, '')).toEqual({ value: undefined });
		expect(answer({ ...f, required: true }, '', 'submit')).toEqual({
			errors: ['議事録のファイルを添付してください。']
		});
	});

	it('refuses a malformed reference, another extension or a larger file', () => {
		for (const bad of ['議事録.pdf', { ...ref, fileId: '../x' }, { ...ref, size: -1 }, [ref]])
			expect(answer(f, bad)).toEqual({ errors: ['議事録のファイルの指定が正しくありません。'] });
		expect(answer(f, { ...ref, name: '議事録.exe' })).toEqual({
			errors: ['議事録は .pdf .docx のファイルにしてください。']
		});
		expect(answer(f, { ...ref, size: 1001 })).toEqual({
			errors: ['議事録のファイルが大きすぎます（1 MB まで）。']
		});
	});

	it('describes by name', () => {
		expect(summarizeAnswer(itemWith(f), { minutes: ref })).toBe('議事録.pdf');
	});
});
