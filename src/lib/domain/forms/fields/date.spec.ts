import { describe, expect, it } from 'vitest';
import { answer, itemWith } from './spec-helpers.ts';
import { summarizeAnswer } from '../validate.ts';

const f = { key: 'on', type: 'date', label: '配布日' };

describe('date', () => {
	it('reads 和暦 and Gregorian, stores YYYY-MM-DD', () => {
		for (const typed of [
			'令和6年10月21日',
			'R6.10.21',
			'2024/10/21',
			'２０２４年１０月２１日',
			'2024-10-21'
		])
			expect(answer(f, typed)).toEqual({ value: '2024-10-21' });
	});

	it('refuses what is no real date, even in a draft', () => {
		for (const bad of ['2024-02-30', '平成32年1月1日', 'きのう', 20241021, 'x'.repeat(41)])
			expect(answer(f, bad)).toEqual({
				errors: [
					'配布日が日付として読めません。「令和6年10月21日」や「2024-10-21」のように、実在する日付を入力してください。'
				]
			});
	});

	it('refuses a future day always, or only on submission, as defined', () => {
		const always = { ...f, noFuture: 'always' };
		expect(answer(always, '令和6年11月2日')).toEqual({
			errors: ['配布日に未来の日付は入力できません（今日は令和6年11月1日です）。']
		});
		expect(answer(always, '令和6年11月1日')).toEqual({ value: '2024-11-01' });
		const onSubmit = { ...f, noFuture: 'on_submit' };
		expect(answer(onSubmit, '2024-11-15')).toEqual({ value: '2024-11-15' });
		expect(answer(onSubmit, '2024-11-15', 'submit')).toEqual({
			errors: ['配布日に未来の日付は入力できません（今日は令和6年11月1日です）。']
		});
	});

	it('holds to its first and last day', () => {
		const ranged = { ...f, min: '2024-04-01', max: '2025-03-31' };
		expect(answer(ranged, '2024-03-31')).toEqual({
			errors: ['配布日は令和6年4月1日以降の日付を入力してください。']
		});
		expect(answer(ranged, '2025-04-01')).toEqual({
			errors: ['配布日は令和7年3月31日までの日付を入力してください。']
		});
		expect(() => itemWith({ ...f, min: '2024-02-30' })).toThrow();
	});

	it('describes in 和暦', () => {
		expect(summarizeAnswer(itemWith(f), { on: '2019-05-01' })).toBe('令和元年5月1日');
	});
});
