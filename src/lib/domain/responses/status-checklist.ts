// 記1-style: how far a department got with an action (e.g. distributing the leaflet).
import { z } from 'zod';
import { amount, check, dateInput, text, type FieldProblem, type Mode } from './common.ts';

export const STATUS_VALUES = ['done', 'in_progress', 'not_started'] as const;
export const STATUS_LABELS = { done: '実施済み', in_progress: '実施中', not_started: '未着手' };
export const METHODS = [
	'mail',
	'prefecture_website',
	'association_meeting',
	'direct_visit',
	'other'
] as const;
export const METHOD_LABELS: Record<(typeof METHODS)[number], string> = {
	mail: '郵送・メール',
	prefecture_website: 'ホームページ掲載',
	association_meeting: '医師会等の会議',
	direct_visit: '訪問',
	other: 'その他'
};

export const statusChecklistSchema = z.object({
	status: z.enum(STATUS_VALUES, { error: '状況を選んでください。' }).optional(),
	distributedOn: dateInput('配布日'),
	institutionsReached: amount(1_000_000, '医療機関数'),
	methods: z.array(z.enum(METHODS, { error: '方法に不明な値があります。' })).default([]),
	otherMethod: text(200, 'その他の方法'),
	note: text(2000, '備考')
});
export type StatusChecklist = z.infer<typeof statusChecklistSchema>;

export function checkStatusChecklist(data: unknown, mode: Mode, today: string) {
	return check(statusChecklistSchema, data, mode, (v) => {
		const missing: FieldProblem[] = [];
		if (!v.status) missing.push({ path: 'status', message: '状況を選んでください。' });
		if (v.status === 'done') {
			if (!v.distributedOn)
				missing.push({
					path: 'distributedOn',
					message: '実施済みの場合は配布日を入力してください。'
				});
			if (v.institutionsReached === undefined)
				missing.push({
					path: 'institutionsReached',
					message: '実施済みの場合は配布した医療機関数を入力してください。'
				});
			if (v.methods.length === 0)
				missing.push({ path: 'methods', message: '方法を1つ以上選んでください。' });
		}
		if (v.distributedOn && v.distributedOn > today)
			missing.push({ path: 'distributedOn', message: '配布日に未来の日付は入力できません。' });
		if (v.methods.includes('other') && !v.otherMethod)
			missing.push({ path: 'otherMethod', message: '「その他」の方法を入力してください。' });
		return missing;
	});
}

export function summarizeStatusChecklist(v: StatusChecklist): string {
	if (!v.status) return '';
	const reached = v.institutionsReached !== undefined ? `・${v.institutionsReached}機関` : '';
	return `${STATUS_LABELS[v.status]}${reached}`;
}
