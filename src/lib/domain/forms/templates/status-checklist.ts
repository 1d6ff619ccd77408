// 周知・配布の状況 (記1 of the seed notice): how far the department got distributing the leaflet
// to the institutions in its jurisdiction, when, how many it reached and how. Aggregate numbers
// only. Accepts exactly what src/lib/domain/responses/status-checklist.ts accepts.
import {
	MAX_INSTITUTIONS_REACHED,
	METHODS,
	METHOD_LABELS,
	STATUS_LABELS,
	STATUS_VALUES
} from '../../responses/status-checklist.ts';
import { defineTemplate } from './template.ts';

export const statusChecklistTemplate = defineTemplate(
	'status_checklist',
	{ ja: '周知・配布の状況', en: 'Leaflet distribution status' },
	{
		title: '周知・配布の状況',
		fields: [
			{
				key: 'status',
				type: 'single_choice',
				label: '状況',
				required: true,
				choices: STATUS_VALUES.map((value) => ({ value, label: STATUS_LABELS[value] }))
			},
			{
				key: 'distributedOn',
				type: 'date',
				label: '配布日',
				help: '複数日にわたる場合は最終日',
				noFuture: 'always',
				required: { field: 'status', equals: 'done' },
				requiredMessage: '実施済みの場合は配布日を入力してください。'
			},
			{
				key: 'institutionsReached',
				type: 'whole_number',
				label: '配布した医療機関数',
				unit: '機関',
				min: 0,
				max: MAX_INSTITUTIONS_REACHED,
				required: { field: 'status', equals: 'done' },
				requiredMessage: '実施済みの場合は配布した医療機関数を入力してください。'
			},
			{
				key: 'methods',
				type: 'multiple_choice',
				label: '配布の方法',
				choices: METHODS.map((value) => ({ value, label: METHOD_LABELS[value] })),
				required: { field: 'status', equals: 'done' },
				requiredMessage: '配布の方法を1つ以上選んでください。'
			},
			{
				key: 'otherMethod',
				type: 'short_text',
				label: 'その他の方法',
				maxLength: 200,
				required: { field: 'methods', equals: 'other' },
				requiredMessage: '「その他」の方法を入力してください。'
			},
			{ key: 'note', type: 'long_text', label: '備考', maxLength: 2000 }
		],
		checks: [
			{
				type: 'nothing_when',
				when: { field: 'status', equals: 'not_started' },
				fields: ['distributedOn', 'institutionsReached'],
				path: 'status',
				message: '配布日または配布した医療機関数が入力されています。状況を確認してください。'
			}
		],
		summary: ['status', 'distributedOn', 'institutionsReached']
	}
);
