// A notice's items as an issuer might write them, using every field type (a table, a field
// shown only when another has a value, two tables in one item): what the 回答様式 and the
// national export are tested with beyond the demo's templates. Installed on the demo notice in
// place of its items, so the demo's departments answer them.
import type { Db } from '../../src/lib/server/db/client.ts';
import { itemDefinitionSchema, type ItemDefinition } from '../../src/lib/domain/forms/index.ts';
import { toStoredDefinition } from '../../src/lib/domain/forms/stored.ts';
import { rebuildNotice } from '../../src/lib/server/reports/rollup.ts';

export const CUSTOM_ITEMS: ItemDefinition[] = [
	{
		number: 1,
		title: '体制の調査',
		fields: [
			{ key: 'office', type: 'short_text', label: '担当課', required: true, maxLength: 50 },
			{ key: 'memo', type: 'long_text', label: '取組の概要', maxLength: 500 },
			{
				key: 'staff',
				type: 'whole_number',
				label: '職員数',
				unit: '人',
				min: 0,
				max: 1000,
				required: true
			},
			{ key: 'budget', type: 'amount_yen', label: '予算額' },
			{ key: 'coverage', type: 'percentage', label: '実施率', decimals: 1 },
			{ key: 'startedOn', type: 'date', label: '開始日', noFuture: 'always' },
			{ key: 'year', type: 'fiscal_year', label: '対象年度' },
			{
				key: 'setting',
				type: 'single_choice',
				label: '設置形態',
				required: true,
				choices: [
					{ value: 'direct', label: '直営' },
					{ value: 'outsourced', label: '委託' },
					{ value: 'none', label: 'なし' }
				]
			},
			{
				key: 'topics',
				type: 'multiple_choice',
				label: '研修の内容',
				choices: [
					{ value: 'law', label: '法制度' },
					{ value: 'care', label: '被害者対応' },
					{ value: 'other', label: 'その他' }
				]
			},
			{ key: 'hasPlan', type: 'yes_no', label: '計画の有無', required: true },
			{
				key: 'planName',
				type: 'short_text',
				label: '計画の名称',
				shownIf: { field: 'hasPlan', equals: true },
				required: true
			},
			{ key: 'plan', type: 'file', label: '計画書' },
			{ key: 'postal', type: 'code', label: '郵便番号', check: 'postal_code' },
			{
				key: 'members',
				type: 'table',
				label: '連絡会議の構成機関',
				minRows: 1,
				maxRows: 20,
				unit: '機関',
				columns: [
					{ key: 'name', type: 'short_text', label: '機関名', required: true, maxLength: 100 },
					{
						key: 'sector',
						type: 'single_choice',
						label: '分野',
						choices: [
							{ value: 'medical', label: '医療' },
							{ value: 'police', label: '警察' },
							{ value: 'welfare', label: '福祉' }
						]
					},
					{ key: 'joinedOn', type: 'date', label: '参加日' },
					{ key: 'seats', type: 'whole_number', label: '委員数', unit: '人', min: 0 },
					{
						key: 'roles',
						type: 'multiple_choice',
						label: '役割',
						choices: [
							{ value: 'chair', label: '座長' },
							{ value: 'secretariat', label: '事務局' },
							{ value: 'member', label: '構成員' }
						]
					},
					{ key: 'active', type: 'yes_no', label: '活動中', checkbox: true },
					{
						key: 'reason',
						type: 'long_text',
						label: '休止の理由',
						shownIf: { field: 'active', equals: false }
					},
					{ key: 'code', type: 'code', label: '医療機関コード', check: 'medical_institution_code' },
					{ key: 'share', type: 'percentage', label: '負担割合', decimals: 0 },
					{ key: 'grant', type: 'amount_yen', label: '補助額' },
					{ key: 'since', type: 'fiscal_year', label: '参加年度' }
				]
			}
		]
	},
	{
		number: 2,
		title: '相談件数',
		fields: [
			{ key: 'total', type: 'whole_number', label: '相談件数', unit: '件', min: 0, required: true },
			{
				key: 'byMonth',
				type: 'table',
				label: '月別',
				maxRows: 3,
				columns: [
					{ key: 'month', type: 'short_text', label: '月', required: true, maxLength: 10 },
					{ key: 'count', type: 'whole_number', label: '件数', min: 0 }
				]
			},
			{
				key: 'visits',
				type: 'table',
				label: '出張相談',
				maxRows: 50,
				columns: [
					{ key: 'place', type: 'short_text', label: '場所', required: true, maxLength: 50 },
					{ key: 'on', type: 'date', label: '日付' }
				]
			}
		]
	}
].map((input) => itemDefinitionSchema.parse(input));

/** Replaces the notice's items (and so their answers) with `items`, answered by everyone. */
export async function installItems(db: Db, noticeId: string, items: readonly ItemDefinition[]) {
	await db.responseItem.deleteMany({ where: { noticeId } });
	for (const item of items)
		await db.responseItem.create({
			data: {
				noticeId,
				number: item.number,
				title: item.title,
				kind: 'free_text',
				functions: [],
				deadline: item.deadline,
				definition: toStoredDefinition(item)
			}
		});
	// Written behind the app's back: the dashboards' rollup recounts the notice.
	await db.$transaction((tx) => rebuildNotice(tx, noticeId));
}
