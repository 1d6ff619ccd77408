// coordination_record (記3 of the seed notice): consultations between the health department
// and the one-stop center's department — when, with which department, about what, and what
// came of it. Departments and topics only; never a case or a person.
import { z } from 'zod';
import { formatEraDate } from '../dates.ts';
import {
	SHAPE_ERROR,
	check,
	dateField,
	rowsField,
	textField,
	type Checked,
	type FieldProblem,
	type Mode
} from './common.ts';

export const MAX_CONSULTATIONS = 500;

export const consultationSchema = z.object(
	{
		date: dateField('日付'),
		/** The counterpart department (協議先), e.g. 「福祉局 男女共同参画課」. */
		counterpart: textField('協議先', 200),
		topic: textField('議題', 500),
		outcome: textField('結果', 2000)
	},
	{ error: '協議の記録の行の形式が正しくありません。' }
);
export type Consultation = z.output<typeof consultationSchema>;

export const coordinationRecordSchema = z.object(
	{ entries: rowsField(consultationSchema, '協議の記録', MAX_CONSULTATIONS) },
	{ error: SHAPE_ERROR }
);
export type CoordinationRecord = z.output<typeof coordinationRecordSchema>;

/**
 * Drafts: any parseable list (a planned meeting may be noted ahead with its future date).
 * Submissions: at least one consultation, each with its date (not after `today`), counterpart
 * department and topic; the outcome is optional.
 */
export function checkCoordinationRecord(
	data: unknown,
	options: { mode: Mode; today: string }
): Checked<CoordinationRecord> {
	return check(coordinationRecordSchema, data, (v) => {
		if (options.mode === 'draft') return [];
		const problems: FieldProblem[] = [];
		if (v.entries.length === 0)
			problems.push({ path: 'entries', message: '協議の記録を1件以上入力してください。' });
		v.entries.forEach((e, i) => {
			const p = `entries.${i}`;
			if (!e.date) problems.push({ path: `${p}.date`, message: '日付を入力してください。' });
			else if (e.date > options.today)
				problems.push({
					path: `${p}.date`,
					message: `未来の日付の協議は提出できません（今日は${formatEraDate(options.today)}です）。`
				});
			if (!e.counterpart)
				problems.push({ path: `${p}.counterpart`, message: '協議先の部局を入力してください。' });
			if (!e.topic) problems.push({ path: `${p}.topic`, message: '議題を入力してください。' });
		});
		return problems;
	});
}

/** 「2件（最終 令和6年10月30日）」; 「0件」 for an empty list. */
export function summarizeCoordinationRecord(v: CoordinationRecord): string {
	const count = `${v.entries.length.toLocaleString('ja-JP')}件`;
	const last = v.entries
		.map((e) => e.date)
		.filter((d) => d !== undefined)
		.sort()
		.at(-1);
	return last ? `${count}（最終 ${formatEraDate(last)}）` : count;
}
