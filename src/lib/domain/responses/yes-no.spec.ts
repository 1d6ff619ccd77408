import { describe, expect, it } from 'vitest';
import { checkYesNo, summarizeYesNo } from './yes-no.ts';

describe('yes / no', () => {
	it('needs an answer on submit only; the comment stays optional', () => {
		expect(checkYesNo({}, { mode: 'draft' }).ok).toBe(true);
		expect(checkYesNo({}, { mode: 'submit' })).toEqual({
			ok: false,
			errors: [{ path: 'answer', message: '「はい」か「いいえ」を選んでください。' }]
		});
		expect(checkYesNo({ answer: 'no' }, { mode: 'submit' })).toEqual({
			ok: true,
			value: { answer: 'no' }
		});
	});

	it('refuses other answers and an oversized comment, even in a draft', () => {
		expect(checkYesNo({ answer: 'maybe' }, { mode: 'draft' }).ok).toBe(false);
		const long = checkYesNo({ answer: 'yes', comment: 'あ'.repeat(2001) }, { mode: 'draft' });
		expect(long.ok ? [] : long.errors.map((e) => e.path)).toEqual(['comment']);
	});

	it('summarizes for tables', () => {
		expect(summarizeYesNo({ answer: 'yes' })).toBe('はい');
		expect(summarizeYesNo({ answer: 'no', comment: '来年度に検討' })).toBe('いいえ（補足あり）');
		expect(summarizeYesNo({})).toBe('');
	});
});
