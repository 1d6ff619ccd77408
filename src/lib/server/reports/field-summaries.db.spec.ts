// An item no template knows — yes/no, percentage, yen, a single choice, a table — summarized
// from its definition alone, in grouped SQL on SQLite and PostgreSQL, equal to a plain count of
// the answers the departments submitted (through the real save path).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { itemDefinitionSchema } from '../../domain/forms/index.ts';
import { itemDefinitionColumns } from '../responses/items-store.ts';
import { saveResponse } from '../responses/own.ts';
import { itemSummaries } from './item-summaries.ts';
import { meanOf, type FieldSummary } from '../../domain/item-summaries.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
let itemId: string;
const as = (email: string) => sessionUserFor(db, email);

const ANSWERS: [string, Record<string, unknown>][] = [
	[
		'tokyo.health@example.jp',
		{ ok: 'yes', rate: '12.5', cost: '1,200,000', size: 'large', rows: [] }
	],
	[
		'yokohama.health@example.jp',
		{ ok: 'no', rate: '40', cost: '300000', size: 'small', rows: [{ note: 'a' }, { note: 'b' }] }
	],
	['setagaya.health@example.jp', { ok: 'yes', cost: '0', size: 'small', rows: [{ note: 'c' }] }]
];

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
	const definition = itemDefinitionSchema.parse({
		number: 5,
		paragraph: 5,
		title: '独自の照会項目',
		instructions: '',
		appliesTo: { bodyKinds: [], functions: [] },
		deadline: null,
		fields: [
			{ key: 'ok', label: '実施の有無', type: 'yes_no' },
			{ key: 'rate', label: '実施率', type: 'percentage', min: 0, max: 100 },
			{ key: 'cost', label: '経費', type: 'amount_yen', min: 0, max: 1_000_000_000 },
			{
				key: 'size',
				label: '規模',
				type: 'single_choice',
				choices: [
					{ value: 'large', label: '大' },
					{ value: 'small', label: '小' }
				]
			},
			{
				key: 'rows',
				label: '記録',
				type: 'table',
				columns: [{ key: 'note', label: '内容', type: 'short_text', maxLength: 100 }]
			}
		],
		checks: [],
		summary: []
	});
	const row = await db.responseItem.create({
		data: { noticeId, kind: 'free_text', ...itemDefinitionColumns(definition) }
	});
	itemId = row.id;
	const now = new Date('2024-10-20T10:00:00+09:00');
	for (const [email, data] of ANSWERS) {
		const user = await as(email);
		const saved = await saveResponse(
			db,
			user,
			noticeId,
			{ itemId, data, revision: 0, mode: 'submit' },
			now
		);
		expect(saved, email).toMatchObject({ ok: true });
	}
});

afterAll(async () => {
	await env?.cleanup();
});

const fieldOf = <K extends FieldSummary['summary']>(fields: FieldSummary[], key: string, k: K) => {
	const f = fields.find((x) => x.key === key);
	expect(f?.summary).toBe(k);
	return f as Extract<FieldSummary, { summary: K }>;
};

describe('an item defined from scratch', () => {
	test('each field summarized by its type, as the submitted answers say', async () => {
		const summaries = await itemSummaries(db, await as('viewer@example.jp'), noticeId);
		const s = summaries.find((x) => x.itemId === itemId)!;
		expect(s.submitted).toBe(ANSWERS.length);
		expect(s.behaviour).toBeNull();

		const ok = fieldOf(s.fields, 'ok', 'choices');
		expect(ok.choices.map((c) => [c.label, c.count])).toEqual([
			['はい', 2],
			['いいえ', 1]
		]);
		const size = fieldOf(s.fields, 'size', 'choices');
		expect(size.choices.map((c) => c.count)).toEqual([1, 2]);
		expect(size.answered).toBe(3);

		const rate = fieldOf(s.fields, 'rate', 'numbers');
		expect(rate.unit).toBe('%');
		expect(rate.answered).toBe(2);
		expect(rate.sum).toBeCloseTo(52.5, 6);
		expect(rate.min).toBeCloseTo(12.5, 6);
		expect(rate.max).toBe(40);
		expect(meanOf(rate)).toBeCloseTo(26.25, 6);

		const cost = fieldOf(s.fields, 'cost', 'numbers');
		expect(cost.unit).toBe('円');
		expect(cost.answered).toBe(3);
		expect(cost.sum).toBe(1_500_000);
		expect(cost.min).toBe(0);
		expect(cost.max).toBe(1_200_000);
		// By prefecture: 横浜市 counts toward 神奈川県, 世田谷区 toward 東京都 with 東京都 itself.
		const kanagawa = cost.prefectures.find((p) => p.prefectureCode === '14')!;
		expect(kanagawa).toMatchObject({ name: '神奈川県', answered: 1, sum: 300_000 });
		const tokyo = cost.prefectures.find((p) => p.prefectureCode === '13')!;
		expect(tokyo).toMatchObject({ name: '東京都', answered: 2, sum: 1_200_000, min: 0 });

		const rows = fieldOf(s.fields, 'rows', 'rows');
		expect(rows.rows).toBe(3);
		expect(rows.prefectures.find((p) => p.prefectureCode === '14')!.rows).toBe(2);
		expect(rows.prefectures.find((p) => p.prefectureCode === '13')!.rows).toBe(1);
	});
});
