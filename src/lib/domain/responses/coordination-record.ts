// 記3-style: consultations between the health department and the center's department.
import { z } from 'zod';
import { check, dateInput, text, type FieldProblem, type Mode } from './common.ts';

export const coordinationRecordSchema = z.object({
	entries: z
		.array(
			z.object({
				date: dateInput('日付'),
				counterpart: text(200, '協議先'),
				topic: text(500, '議題'),
				outcome: text(2000, '結果')
			})
		)
		.max(200, '一度に記録できるのは200件までです。')
		.default([])
});
export type CoordinationRecord = z.infer<typeof coordinationRecordSchema>;

export function checkCoordinationRecord(data: unknown, mode: Mode, today: string) {
	return check(coordinationRecordSchema, data, mode, (v) => {
		const missing: FieldProblem[] = [];
		if (v.entries.length === 0)
			missing.push({ path: 'entries', message: '協議の記録を1件以上入力してください。' });
		v.entries.forEach((e, i) => {
			if (!e.date) missing.push({ path: `entries.${i}.date`, message: '日付を入力してください。' });
			else if (e.date > today)
				missing.push({ path: `entries.${i}.date`, message: '未来の日付は入力できません。' });
			if (!e.counterpart)
				missing.push({ path: `entries.${i}.counterpart`, message: '協議先を入力してください。' });
			if (!e.topic)
				missing.push({ path: `entries.${i}.topic`, message: '議題を入力してください。' });
		});
		return missing;
	});
}

export const summarizeCoordinationRecord = (v: CoordinationRecord) => `${v.entries.length}件`;
