// A notice's response items written in the editor, frozen at publication, changed by a
// correction, and carried as a file — through the real modules on a real database (SQLite by
// default, PostgreSQL with KAIRAN_TEST_DB=postgresql).
import { messageOfRow } from '../mail/notice-mails.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { refusal } from '../../../../tests/db/refusal.ts';
import type { Db } from '../db/client.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { serializeDefinition, type ItemDefinition } from '../../domain/forms/index.ts';
import { TEMPLATES } from '../../domain/forms/templates/index.ts';
import { createDraft } from './drafts.ts';
import { publishCorrection, publishNotice, startCorrection } from './publishing.ts';
import {
	ItemsRefused,
	copyItemsFrom,
	editableItems,
	itemsFile,
	liveItems,
	saveItems,
	uploadItems
} from './items.ts';
import { saveResponse } from '../responses/own.ts';

let env: TestDatabase;
let db: Db;
const publicUrl = 'https://kairan.test';
const as = (email: string) => sessionUserFor(db, email);

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
});

afterAll(async () => {
	await env?.cleanup();
});

async function wardsForm(title: string): Promise<NoticeForm> {
	const mhlw = await as('mhlw.issuer@example.jp');
	return {
		noticeType: 'administrative_liaison',
		title,
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-25',
		addresseeLines: ['各特別区衛生主管部（局）　御中'],
		preamble: '照会します。',
		items: [{ number: 1, heading: '状況', text: '回答してください。' }],
		itemNumbering: 'full_width',
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [mhlw.departmentId!],
		correctionReason: null,
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] }
	};
}

/** An item written as the editor would: a choice, a conditional count. */
function surveyItem(): Record<string, unknown> {
	return {
		paragraph: 1,
		title: '実施状況',
		instructions: '',
		appliesTo: { bodyKinds: [], functions: [] },
		deadline: null,
		fields: [
			{
				key: 'status',
				type: 'single_choice',
				label: '状況',
				required: true,
				choices: [
					{ value: 'done', label: '実施済み' },
					{ value: 'planned', label: '予定' }
				]
			},
			{
				key: 'count',
				type: 'whole_number',
				label: '件数',
				unit: '件',
				required: false,
				shownIf: { field: 'status', equals: 'done' }
			}
		],
		checks: [],
		summary: ['status']
	};
}

const refusedProblems = async (p: Promise<unknown>) => {
	const e = await refusal(p);
	expect(e).toBeInstanceOf(ItemsRefused);
	return (e as ItemsRefused).problems;
};

describe('items of a draft', () => {
	test('are written while draft, numbered in order, and only by the notice’s issuers', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('回答項目の下書き'));
		expect((await editableItems(db, mhlw, id)).items).toEqual([]);

		const grant = TEMPLATES.grant_report.build({ number: 9, paragraph: 1 });
		const saved = await saveItems(db, mhlw, id, [surveyItem(), grant]);
		expect(saved.map((i) => [i.number, i.title])).toEqual([
			[1, '実施状況'],
			[2, grant.title]
		]);
		expect((await editableItems(db, mhlw, id)).items).toEqual(saved);
		// Nothing is a ResponseItem before publication.
		expect(await db.responseItem.count({ where: { noticeId: id } })).toBe(0);

		// Another ministry's issuer, a respondent, a viewer: the draft does not exist for them.
		for (const email of [
			'cao.issuer@example.jp',
			'setagaya.health@example.jp',
			'viewer@example.jp'
		]) {
			const other = await as(email);
			const e = await refusal(saveItems(db, other, id, [surveyItem()]));
			expect(e.status).toBe(404);
			expect((await refusal(itemsFile(db, other, id))).status).toBe(404);
		}
		expect((await editableItems(db, mhlw, id)).items).toHaveLength(2);
	});

	test('a save with problems names each place and saves nothing', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('問題のある回答項目'));
		await saveItems(db, mhlw, id, [surveyItem()]);
		const bad = surveyItem();
		bad.title = '';
		(bad.fields as { key: string }[])[1].key = 'status';
		const problems = await refusedProblems(saveItems(db, mhlw, id, [surveyItem(), bad]));
		expect(problems.map((p) => p.path)).toEqual(
			expect.arrayContaining(['items.1.title', 'items.1.fields.1.key'])
		);
		expect((await editableItems(db, mhlw, id)).items.map((i) => i.title)).toEqual(['実施状況']);
	});

	test('a notice with no items is information only: it publishes with no ResponseItem', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('周知のみの通知'));
		await saveItems(db, mhlw, id, []);
		expect(await publishNotice(db, mhlw, id, { publicUrl })).toBe(23);
		expect(await db.responseItem.count({ where: { noticeId: id } })).toBe(0);
		expect(JSON.parse(await itemsFile(db, mhlw, id)).items).toEqual([]);
	});
});

describe('items.json', () => {
	test('round trip: a draft’s file uploads into another draft as the same items', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const a = await createDraft(db, mhlw, await wardsForm('元の下書き'));
		const items = await saveItems(db, mhlw, a, [
			surveyItem(),
			TEMPLATES.medical_institutions.build({ number: 2 }),
			{
				...surveyItem(),
				title: '都道府県のみ',
				appliesTo: { bodyKinds: ['prefecture'], functions: [] }
			}
		]);
		const file = await itemsFile(db, mhlw, a);
		expect(file).toBe(serializeDefinition(items));

		const b = await createDraft(db, mhlw, await wardsForm('写し先の下書き'));
		await uploadItems(db, mhlw, b, file);
		expect((await editableItems(db, mhlw, b)).items).toEqual(items);
	});

	test('a refused upload lists its problems with paths and leaves the draft unchanged', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('拒否される取込'));
		const before = await saveItems(db, mhlw, id, [surveyItem()]);
		const bad = JSON.parse(serializeDefinition(before));
		bad.items[0].fields[0].choices = [];
		bad.items[0].fields[1].type = 'no_such_type';
		const problems = await refusedProblems(uploadItems(db, mhlw, id, JSON.stringify(bad)));
		expect(problems.map((p) => p.path)).toEqual(
			expect.arrayContaining(['items.0.fields.0.choices'])
		);
		expect(problems.some((p) => p.path.startsWith('items.0.fields.1'))).toBe(true);
		expect((await refusedProblems(uploadItems(db, mhlw, id, '{not json'))).length).toBe(1);
		expect((await editableItems(db, mhlw, id)).items).toEqual(before);
	});

	test('addressees read it once published; before, only the issuers', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const setagaya = await as('setagaya.health@example.jp');
		const yokohama = await as('yokohama.health@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('公開後に読める定義'));
		const items = await saveItems(db, mhlw, id, [surveyItem()]);
		expect((await refusal(itemsFile(db, setagaya, id))).status).toBe(404);
		await publishNotice(db, mhlw, id, { publicUrl });
		expect(await itemsFile(db, setagaya, id)).toBe(serializeDefinition(items));
		// Yokohama is not among the special wards addressed.
		expect((await refusal(itemsFile(db, yokohama, id))).status).toBe(404);
	});

	test('copies the items of an earlier notice after the draft’s own', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const seed = await db.notice.findFirstOrThrow({
			where: { status: 'published', responseItems: { some: {} } },
			select: { id: true }
		});
		const earlier = await liveItems(db, seed.id);
		const id = await createDraft(db, mhlw, await wardsForm('前の通知から写す'));
		await saveItems(db, mhlw, id, [surveyItem()]);
		const copied = await copyItemsFrom(db, mhlw, id, seed.id);
		expect(copied.map((i) => i.number)).toEqual([1, ...earlier.map((_, n) => n + 2)]);
		expect(copied.slice(1).map((i) => i.fields)).toEqual(earlier.map((i) => i.fields));
		// A draft of someone else is no source.
		const cao = await as('cao.issuer@example.jp');
		const caoDraft = await createDraft(db, cao, {
			...(await wardsForm('内閣府の下書き')),
			issuerDepartmentIds: [cao.departmentId!]
		});
		expect((await refusal(copyItemsFrom(db, mhlw, id, caoDraft))).status).toBe(404);
	});
});

describe('publication and corrections', () => {
	async function publishedWithAnswer(title: string) {
		const mhlw = await as('mhlw.issuer@example.jp');
		const setagaya = await as('setagaya.health@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm(title));
		await saveItems(db, mhlw, id, [surveyItem()]);
		await publishNotice(db, mhlw, id, { publicUrl });
		const [row] = await db.responseItem.findMany({ where: { noticeId: id } });
		const saved = await saveResponse(db, setagaya, id, {
			itemId: row.id,
			data: { status: 'done', count: '12' },
			revision: 0,
			mode: 'submit'
		});
		expect(saved).toMatchObject({ ok: true, status: 'submitted' });
		return { mhlw, id, row };
	}

	test('publication freezes the items: rows written, the version no longer editable', async () => {
		const { mhlw, id, row } = await publishedWithAnswer('公開で固定');
		expect(row.title).toBe('実施状況');
		expect((await liveItems(db, id))[0].fields.map((f) => f.key)).toEqual(['status', 'count']);
		// Without a correction started there is nothing to write items into.
		expect((await refusal(saveItems(db, mhlw, id, []))).status).toBe(409);
	});

	test('a correction adds an item, a choice and a later deadline without re-opening answers', async () => {
		const { mhlw, id, row } = await publishedWithAnswer('訂正で追加');
		await startCorrection(db, mhlw, id);
		const { items } = await editableItems(db, mhlw, id);
		const next: ItemDefinition[] = structuredClone(items);
		next[0].deadline = '2027-01-15';
		(next[0].fields[0] as { choices: { value: string; label: string }[] }).choices.push({
			value: 'none',
			label: '実施しない'
		});
		next.push({ ...(surveyItem() as unknown as ItemDefinition), title: '追加の項目', number: 2 });
		await saveItems(db, mhlw, id, next);
		// Nothing changes for recipients until the correction is published.
		expect(await liveItems(db, id)).toHaveLength(1);

		await publishCorrection(db, mhlw, id, '選択肢と項目を追加しました。', { publicUrl });
		const live = await liveItems(db, id);
		expect(live.map((i) => i.title)).toEqual(['実施状況', '追加の項目']);
		expect(live[0].deadline).toBe('2027-01-15');
		expect(live[0].fields[0]).toMatchObject({
			choices: expect.arrayContaining([{ value: 'none', label: '実施しない' }])
		});
		const response = await db.response.findFirstOrThrow({ where: { responseItemId: row.id } });
		expect(response.status).toBe('submitted');
		const row0 = await db.mail.findFirstOrThrow({
			where: { kind: 'correction', recipient: { noticeId: id } }
		});
		const mail = await messageOfRow(db, row0.id, { publicUrl });
		expect(mail.text).not.toContain('再提出が必要な回答項目');
	});

	test('a changed field re-opens the item for those who answered, and the mail says so', async () => {
		const { mhlw, id, row } = await publishedWithAnswer('訂正で変更');
		await startCorrection(db, mhlw, id);
		const next: ItemDefinition[] = structuredClone((await editableItems(db, mhlw, id)).items);
		(next[0].fields[1] as { unit?: string }).unit = '機関';
		await saveItems(db, mhlw, id, next);
		await publishCorrection(db, mhlw, id, '件数の単位を改めました。', { publicUrl });
		const response = await db.response.findFirstOrThrow({ where: { responseItemId: row.id } });
		expect(response.status).toBe('draft');
		const row1 = await db.mail.findFirstOrThrow({
			where: { kind: 'correction', recipient: { noticeId: id } }
		});
		// Composed as the worker will send it (notice mails are written at send time).
		const mail = await messageOfRow(db, row1.id, { publicUrl });
		expect(mail.text).toContain('再提出が必要な回答項目');
		expect(mail.text).toContain('記1');
		expect(
			await db.auditEvent.count({ where: { action: 'response_item.reopen', objectId: row.id } })
		).toBe(1);
	});

	test('a correction may not remove an answered item nor bring its deadline forward', async () => {
		const { mhlw, id } = await publishedWithAnswer('訂正で削除');
		await startCorrection(db, mhlw, id);
		expect((await refusedProblems(saveItems(db, mhlw, id, [])))[0].message).toContain('削除');
		const next: ItemDefinition[] = structuredClone((await editableItems(db, mhlw, id)).items);
		next[0].deadline = '2026-12-01';
		expect((await refusedProblems(saveItems(db, mhlw, id, next)))[0].path).toBe('items.0.deadline');
	});
});

describe('the demo notice', () => {
	test('its items are stored as definitions (no row read as a bare kind)', async () => {
		const rows = await db.responseItem.findMany({
			where: { notice: { status: 'published' }, kind: { not: 'defined' } },
			orderBy: { number: 'asc' },
			select: { number: true, definition: true }
		});
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.definition !== null)).toBe(true);
	});
});
