// status_checklist (記1 of the seed notice: leaflet distribution to the institutions in the
// jurisdiction): how far the department got, when, how many institutions it reached and how.
// Aggregate numbers only.
import { z } from 'zod';
import { formatEraDate } from '../dates.ts';
import {
	SHAPE_ERROR,
	check,
	choiceField,
	choicesField,
	countField,
	dateField,
	textField,
	type Checked,
	type FieldProblem,
	type Mode
} from './common.ts';

export const STATUS_VALUES = ['done', 'in_progress', 'not_started'] as const;
export type Status = (typeof STATUS_VALUES)[number];
export const STATUS_LABELS: Record<Status, string> = {
	done: '実施済み',
	in_progress: '実施中',
	not_started: '未着手'
};

export const METHODS = [
	'mail',
	'prefecture_website',
	'association_meeting',
	'direct_visit',
	'other'
] as const;
export type DistributionMethod = (typeof METHODS)[number];
export const METHOD_LABELS: Record<DistributionMethod, string> = {
	mail: '郵送・メール',
	prefecture_website: 'ホームページ掲載',
	association_meeting: '医師会等の会議',
	direct_visit: '訪問',
	other: 'その他'
};

/** More institutions than any jurisdiction has (about 180,000 in all Japan, dental included). */
export const MAX_INSTITUTIONS_REACHED = 200_000;

export const statusChecklistSchema = z.object(
	{
		status: choiceField(
			STATUS_VALUES,
			'状況は「実施済み」「実施中」「未着手」から選んでください。'
		),
		/** YYYY-MM-DD: when the leaflet went out (the last day, if over several). */
		distributedOn: dateField('配布日'),
		/** How many institutions were reached: a count, never a list of people. */
		institutionsReached: countField('配布した医療機関数', MAX_INSTITUTIONS_REACHED),
		methods: choicesField(METHODS, (v) => `方法に選べない値があります（${v.join('、')}）。`),
		otherMethod: textField('その他の方法', 200),
		note: textField('備考', 2000)
	},
	{ error: SHAPE_ERROR }
);
export type StatusChecklist = z.output<typeof statusChecklistSchema>;

/**
 * Drafts: any parseable value, but never a date after `today` (YYYY-MM-DD, Japan time).
 * Submissions: a status; when done, the date, the number reached and at least one method;
 * the text of 「その他」 when it is chosen; nothing distributed when not started.
 */
export function checkStatusChecklist(
	data: unknown,
	options: { mode: Mode; today: string }
): Checked<StatusChecklist> {
	return check(statusChecklistSchema, data, (v) => {
		const problems: FieldProblem[] = [];
		if (v.distributedOn && v.distributedOn > options.today)
			problems.push({
				path: 'distributedOn',
				message: `配布日に未来の日付は入力できません（今日は${formatEraDate(options.today)}です）。`
			});
		if (options.mode === 'draft') return problems;
		if (!v.status) problems.push({ path: 'status', message: '状況を選んでください。' });
		if (v.status === 'done') {
			if (!v.distributedOn)
				problems.push({
					path: 'distributedOn',
					message: '実施済みの場合は配布日を入力してください。'
				});
			if (v.institutionsReached === undefined)
				problems.push({
					path: 'institutionsReached',
					message: '実施済みの場合は配布した医療機関数を入力してください。'
				});
			if (v.methods.length === 0)
				problems.push({ path: 'methods', message: '配布の方法を1つ以上選んでください。' });
		}
		if (v.status === 'not_started' && (v.distributedOn || (v.institutionsReached ?? 0) > 0))
			problems.push({
				path: 'status',
				message: '配布日または配布した医療機関数が入力されています。状況を確認してください。'
			});
		if (v.methods.includes('other') && !v.otherMethod)
			problems.push({ path: 'otherMethod', message: '「その他」の方法を入力してください。' });
		return problems;
	});
}

/** 「実施済み（令和6年10月21日・120機関）」, 「実施中」; '' while no status is chosen. */
export function summarizeStatusChecklist(v: StatusChecklist): string {
	if (!v.status) return '';
	const details = [
		v.distributedOn ? formatEraDate(v.distributedOn) : null,
		v.institutionsReached !== undefined
			? `${v.institutionsReached.toLocaleString('ja-JP')}機関`
			: null
	].filter((x) => x !== null);
	const label = STATUS_LABELS[v.status];
	return details.length > 0 ? `${label}（${details.join('・')}）` : label;
}
