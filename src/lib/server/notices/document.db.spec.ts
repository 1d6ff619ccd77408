// The notice as the official document, stored and read back through the real modules on a
// real database (SQLite by default, PostgreSQL with `npm run test:pg`): issuers in the order
// chosen, the 記 numbering style per version, a correction's reason kept across saves, phones
// found however their hyphens were typed, and a relabelled attachment named as such.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { addAttachment, createDraft, editableVersion, saveDraft } from './drafts.ts';
import { publishCorrection, publishNotice, startCorrection } from './publishing.ts';
import { getNotice, listNotices } from './queries.ts';
import { noticeIssuers } from './issuers.ts';
import { noticeHistory } from './history.ts';
import { messageOfRow } from '../mail/notice-mails.ts';

let env: TestDatabase;
let db: Db;
const publicUrl = 'https://kairan.test';
const as = (email: string) => sessionUserFor(db, email);

const pdf = (text: string) =>
	new TextEncoder().encode(
		`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`
	);

/** The two offices of the seed notice: 厚生労働省 医政局総務課 and 内閣府 男女間暴力対策課. */
async function offices() {
	const mhlw = await as('mhlw.issuer@example.jp');
	const cao = await as('cao.issuer@example.jp');
	return { mhlw, cao, mhlwOffice: mhlw.departmentId!, caoOffice: cao.departmentId! };
}

async function jointForm(title: string, issuerDepartmentIds: string[]): Promise<NoticeForm> {
	return {
		noticeType: 'administrative_liaison',
		title,
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-25',
		addresseeLines: ['各特別区衛生主管部（局）　御中', '各都道府県衛生主管部（局）　御中'],
		preamble: '標記について、下記のとおりお願いします。\nつきましては、ご協力をお願いします。',
		items: [
			{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' },
			{ number: 2, heading: '連携', text: '（１）衛生主管部局\n（２）センター所管部局' }
		],
		itemNumbering: 'parenthesized',
		contacts: [
			{
				office: '内閣府男女共同参画局男女間暴力対策課',
				names: '笹、玉井',
				extension: '37551',
				phone: '03\u20105253\u20102111（代表）'
			}
		],
		references: [],
		issuerDepartmentIds,
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] },
		correctionReason: null
	};
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
});

afterAll(async () => {
	await env?.cleanup();
});

describe('the notice as typed', () => {
	test('joint issuers keep the order the issuer chose, on every reading path', async () => {
		const { mhlw, mhlwOffice, caoOffice } = await offices();
		// 厚生労働省 first, although 内閣府 sorts first by name.
		const id = await createDraft(db, mhlw, await jointForm('連名の順序', [mhlwOffice, caoOffice]));
		const order = async () => (await noticeIssuers(db, id)).map((i) => i.organization);
		expect(await order()).toEqual(['厚生労働省', '内閣府']);
		expect((await getNotice(db, mhlw, id, 'editable'))?.issuers.map((i) => i.organization)).toEqual(
			['厚生労働省', '内閣府']
		);
		const listed = (await listNotices(db, mhlw, { q: '連名の順序' }))[0];
		expect(listed.issuers).toEqual([
			'厚生労働省 医政局総務課',
			'内閣府 男女共同参画局男女間暴力対策課'
		]);

		// Saving in the other order changes it, and publishing mails it in that order.
		await saveDraft(db, mhlw, id, await jointForm('連名の順序', [caoOffice, mhlwOffice]));
		expect(await order()).toEqual(['内閣府', '厚生労働省']);
		await saveDraft(db, mhlw, id, await jointForm('連名の順序', [mhlwOffice, caoOffice]));
		await publishNotice(db, mhlw, id, { publicUrl });
		const row = await db.mail.findFirstOrThrow({ where: { recipient: { noticeId: id } } });
		// Composed when sent: the message the worker would send now.
		const mail = await messageOfRow(db, row.id, { publicUrl });
		expect(mail.text.indexOf('厚生労働省')).toBeGreaterThan(-1);
		expect(mail.text.indexOf('厚生労働省')).toBeLessThan(mail.text.indexOf('内閣府'));
		// A title with quotes inside is quoted once, its own quotes nested as 『』.
		expect(mail.subject).not.toContain('「「');
	});

	test('text keeps its line breaks; the numbering style is stored with each version', async () => {
		const { mhlw, mhlwOffice } = await offices();
		const id = await createDraft(db, mhlw, await jointForm('「番号」の様式', [mhlwOffice]));
		const draft = await getNotice(db, mhlw, id, 'editable');
		expect(draft?.version.preamble).toBe(
			'標記について、下記のとおりお願いします。\nつきましては、ご協力をお願いします。'
		);
		expect(draft?.version.items[1].text).toBe('（１）衛生主管部局\n（２）センター所管部局');
		expect(draft?.version.itemNumbering).toBe('parenthesized');
		expect(draft?.version.addresseeLines).toEqual([
			'各特別区衛生主管部（局）　御中',
			'各都道府県衛生主管部（局）　御中'
		]);
		const mail = await publishNotice(db, mhlw, id, { publicUrl })
			.then(() => db.mail.findFirstOrThrow({ where: { recipient: { noticeId: id } } }))
			.then((row) => messageOfRow(db, row.id, { publicUrl }));
		expect(mail.subject).toContain('事務連絡「『番号』の様式」');

		// A correction starts from the published style and may change it; v1 keeps its own.
		await startCorrection(db, mhlw, id);
		expect((await getNotice(db, mhlw, id, 'editable'))?.version.itemNumbering).toBe(
			'parenthesized'
		);
		await saveDraft(db, mhlw, id, {
			...(await jointForm('「番号」の様式', [mhlwOffice])),
			itemNumbering: 'katakana'
		});
		await publishCorrection(db, mhlw, id, '番号の様式を改めます。', { publicUrl });
		expect((await getNotice(db, mhlw, id))?.version.itemNumbering).toBe('katakana');
		expect((await getNotice(db, mhlw, id, 1))?.version.itemNumbering).toBe('parenthesized');
		const history = await noticeHistory(db, mhlw, id);
		expect(history[1].changes.map((c) => c.label)).toEqual(['記の番号']);
	});

	test('versions written before the column existed read as the full-width style', async () => {
		const { mhlw } = await offices();
		const seed = (await listNotices(db, mhlw, { q: 'ワンストップ支援センター」の運営' }))[0];
		expect((await getNotice(db, mhlw, seed.id))?.version.itemNumbering).toBe('full_width');
	});

	test('a correction keeps its typed reason across saves, and publishes with it', async () => {
		const { mhlw, mhlwOffice } = await offices();
		const id = await createDraft(db, mhlw, await jointForm('理由を保つ訂正', [mhlwOffice]));
		await publishNotice(db, mhlw, id, { publicUrl });
		await startCorrection(db, mhlw, id);
		const form = await jointForm('理由を保つ訂正', [mhlwOffice]);
		await saveDraft(db, mhlw, id, { ...form, correctionReason: '照会先の電話番号を訂正します。' });
		// What the editor loads after the save: the reason as typed.
		const { version } = await editableVersion(db, mhlw, id);
		expect(version.correctionReason).toBe('照会先の電話番号を訂正します。');
		// Recipients do not see a reason before the correction is published.
		const setagaya = await as('setagaya.health@example.jp');
		expect((await getNotice(db, setagaya, id))?.version.correctionReason).toBeNull();
		await publishCorrection(db, mhlw, id, '照会先の電話番号を訂正します。', { publicUrl });
		expect((await noticeHistory(db, setagaya, id))[1].correctionReason).toBe(
			'照会先の電話番号を訂正します。'
		);
	});

	test('a phone typed with U+2010 hyphens is shown as typed and found with any hyphen', async () => {
		const { mhlw, mhlwOffice } = await offices();
		const id = await createDraft(db, mhlw, await jointForm('電話番号の検索', [mhlwOffice]));
		expect((await getNotice(db, mhlw, id, 'editable'))?.version.contacts[0].phone).toBe(
			'03\u20105253\u20102111（代表）'
		);
		for (const q of ['03-5253-2111', '03‐5253‐2111', '０３－５２５３－２１１１', '0352532111'])
			expect(
				(await listNotices(db, mhlw, { q })).map((n) => n.id),
				q
			).toContain(id);
	});

	test('a relabelled attachment is named as relabelled in the history', async () => {
		const { mhlw, mhlwOffice } = await offices();
		const id = await createDraft(db, mhlw, await jointForm('資料のラベル変更', [mhlwOffice]));
		for (const n of [1, 2])
			await addAttachment(db, env.storage, mhlw, id, {
				fileName: `${n}.pdf`,
				bytes: pdf(`file ${n}`),
				title: `資料${n}`
			});
		await publishNotice(db, mhlw, id, { publicUrl });
		await startCorrection(db, mhlw, id);
		await saveDraft(db, mhlw, id, await jointForm('資料のラベル変更', [mhlwOffice]), [
			{ position: 2, label: '別添４', title: '' }
		]);
		await publishCorrection(db, mhlw, id, 'ラベルを改めます。', { publicUrl });
		const history = await noticeHistory(db, mhlw, id);
		expect(history[1].attachmentChanges).toEqual([
			{
				change: 'relabelled',
				before: expect.objectContaining({ label: '別添２' }),
				after: expect.objectContaining({ label: '別添４' })
			}
		]);
	});
});
