// Writing, publishing, correcting and acknowledging notices through the real modules on a
// real database (SQLite by default, PostgreSQL with `npm run test:pg`).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { refusal } from '../../../../tests/db/refusal.ts';
import type { Db } from '../db/client.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { ALL_HEALTH_AND_CENTER_DEPARTMENTS } from '../../domain/addressees.ts';
import { resolveAddressees } from '../recipients/addressees.ts';
import { acknowledge, revokeAcknowledgment } from '../recipients/acknowledgments.ts';
import { deliveryStatus, resendAllFailed, resendToRecipient } from '../recipients/delivery.ts';
import {
	addAttachment,
	createDraft,
	moveAttachment,
	removeAttachment,
	saveDraft
} from './drafts.ts';
import {
	closeNotice,
	publishCorrection,
	publishNotice,
	startCorrection,
	withdrawNotice
} from './publishing.ts';
import { findAttachment, getNotice, getNoticeWithHistory, listNotices } from './queries.ts';
import { noticeHistory } from './history.ts';
import { messageOfRow } from '../mail/notice-mails.ts';
import { mailDedupeKey } from '../mail/queue.ts';

let env: TestDatabase;
let db: Db;
const publicUrl = 'https://kairan.test';
const as = (email: string) => sessionUserFor(db, email);

const pdf = (text: string) =>
	new TextEncoder().encode(
		`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`
	);

async function wardsForm(
	title = '特別区あて ワンストップ支援センターの周知について'
): Promise<NoticeForm> {
	const mhlw = await as('mhlw.issuer@example.jp');
	return {
		noticeType: 'administrative_liaison',
		title,
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-25',
		addresseeLines: ['各特別区衛生主管部（局）　御中'],
		preamble: 'センターの周知についてご協力をお願いします。',
		items: [{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' }],
		itemNumbering: 'full_width',
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [mhlw.departmentId!],
		correctionReason: null,
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] }
	};
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
});

afterAll(async () => {
	await env?.cleanup();
});

describe('addressee resolution', () => {
	test("the seed notice's rule reaches exactly 204 departments: 157 health + 47 centers", async () => {
		const departments = await resolveAddressees(db, ALL_HEALTH_AND_CENTER_DEPARTMENTS);
		expect(departments).toHaveLength(204);
		expect(departments.filter((d) => d.function === 'health')).toHaveLength(157);
		expect(departments.filter((d) => d.function === 'onestop_center')).toHaveLength(47);
		expect(new Set(departments.map((d) => d.id)).size).toBe(204);
	});

	test('special wards × health is 23; additions and exclusions apply on top', async () => {
		const wards = await resolveAddressees(db, (await wardsForm()).rule);
		expect(wards).toHaveLength(23);
		expect(wards.every((d) => d.organization.kind === 'special_ward')).toBe(true);
		const tokyo = await db.department.findFirstOrThrow({
			where: { function: 'health', organization: { localGovernmentCode: '130001' } }
		});
		const adjusted = await resolveAddressees(db, {
			bodyKinds: ['special_ward'],
			functions: ['health'],
			include: [tokyo.id],
			exclude: [wards[0].id]
		});
		expect(adjusted).toHaveLength(23);
		expect(adjusted.map((d) => d.id)).toContain(tokyo.id);
		expect(adjusted.map((d) => d.id)).not.toContain(wards[0].id);
		// An issuing office cannot be added as an addressee, whatever id a form sends.
		const office = await db.department.findFirstOrThrow({ where: { function: 'ministry_office' } });
		const withOffice = await resolveAddressees(db, {
			bodyKinds: [],
			functions: [],
			include: [office.id, tokyo.id],
			exclude: []
		});
		expect(withOffice.map((d) => d.id)).toEqual([tokyo.id]);
	});
});

describe('publishing', () => {
	test('creates one recipient and one queued mail per addressed department, in one go', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm());
		await addAttachment(db, env.storage, mhlw, id, {
			fileName: 'leaflet.pdf',
			bytes: pdf('leaflet'),
			title: 'リーフレット'
		});
		// A draft reaches nobody.
		const setagaya = await as('setagaya.health@example.jp');
		expect(await getNotice(db, setagaya, id)).toBeNull();

		const count = await publishNotice(db, mhlw, id, { publicUrl });
		expect(count).toBe(23);
		const notice = await db.notice.findUniqueOrThrow({
			where: { id },
			include: { recipients: { include: { mails: true } }, versions: true }
		});
		expect(notice.status).toBe('published');
		expect(notice.versions[0].publishedAt).not.toBeNull();
		expect(notice.recipients).toHaveLength(23);
		const mails = notice.recipients.flatMap((r) => r.mails);
		expect(mails).toHaveLength(23);
		expect(mails.every((m) => m.status === 'queued' && m.kind === 'publication')).toBe(true);
		expect(new Set(mails.map((m) => m.dedupeKey)).size).toBe(23);
		// The SQL that writes them spells the key mailDedupeKey's way.
		expect(
			mails.every((m) => m.dedupeKey === mailDedupeKey('publication', m.recipientId!, 1))
		).toBe(true);
		const toSetagaya = mails.find((m) =>
			notice.recipients.some(
				(r) => r.id === m.recipientId && r.departmentId === setagaya.departmentId
			)
		)!;
		// The row holds no text: the worker composes it when it sends it.
		expect(toSetagaya.text).toBeNull();
		const message = await messageOfRow(db, toSetagaya.id, { publicUrl });
		expect(message.text).toContain(`${publicUrl}/notices/${id}`);
		expect(message.text).toContain('リーフレット');
		expect(toSetagaya.toAddresses).toBe('health.131121@example.jp');

		// Now Setagaya sees it first in its list, unread and unacknowledged.
		const list = await listNotices(db, setagaya);
		expect(list[0].id).toBe(id);
		expect(list[0].mine).toMatchObject({ viewed: false, acknowledged: false });
		// Publishing twice is refused and changes nothing.
		expect((await refusal(publishNotice(db, mhlw, id, { publicUrl }))).status).toBe(409);
		expect(await db.mail.count({ where: { recipient: { noticeId: id } } })).toBe(23);
	});

	test('a failure before the commit leaves an unpublished draft nobody sees and no mail to send; publishing again completes it', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const setagaya = await as('setagaya.health@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('途中で失敗する通知'));
		// The same database, but the commit fails after the recipients and the held mails were
		// written in their batches: as if the process died at that moment.
		const crashing = new Proxy(db, {
			get(target, prop) {
				if (prop !== '$transaction') return Reflect.get(target, prop);
				return () => Promise.reject(new Error('crash before the commit'));
			}
		});
		await expect(publishNotice(crashing, mhlw, id, { publicUrl })).rejects.toThrow('crash');
		const notice = await db.notice.findUniqueOrThrow({
			where: { id },
			include: { versions: true }
		});
		expect(notice.status).toBe('draft');
		expect(notice.versions[0].publishedAt).toBeNull();
		expect(await getNotice(db, setagaya, id)).toBeNull();
		// Written, but held: the outbox worker sends none of them.
		expect(await db.recipient.count({ where: { noticeId: id } })).toBe(23);
		expect(
			await db.mail.count({ where: { recipient: { noticeId: id }, status: { not: 'held' } } })
		).toBe(0);
		expect(await db.auditEvent.count({ where: { action: 'notice.publish', objectId: id } })).toBe(
			0
		);

		// Publishing again reuses what was written: one recipient and one mail per department.
		expect(await publishNotice(db, mhlw, id, { publicUrl })).toBe(23);
		expect(await db.recipient.count({ where: { noticeId: id } })).toBe(23);
		expect(await db.mail.count({ where: { recipient: { noticeId: id }, status: 'queued' } })).toBe(
			23
		);
		const events = await db.auditEvent.findMany({
			where: { action: 'notice.publish', objectId: id }
		});
		expect(events).toHaveLength(1);
		expect(events[0].after).toMatchObject({ recipients: 23, mails: 23, unaddressed: 0 });
	});

	test('recipients left by an attempt under another rule are replaced by the rule published', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('宛先を変えて公開する通知'));
		const crashing = new Proxy(db, {
			get(target, prop) {
				if (prop !== '$transaction') return Reflect.get(target, prop);
				return () => Promise.reject(new Error('crash before the commit'));
			}
		});
		await expect(publishNotice(crashing, mhlw, id, { publicUrl })).rejects.toThrow('crash');
		// The issuer narrows the rule: every special ward but Setagaya.
		const setagaya = await as('setagaya.health@example.jp');
		const form = await wardsForm('宛先を変えて公開する通知');
		await saveDraft(db, mhlw, id, {
			...form,
			rule: { ...form.rule, exclude: [setagaya.departmentId!] }
		});
		expect(await publishNotice(db, mhlw, id, { publicUrl })).toBe(22);
		expect(
			await db.recipient.count({ where: { noticeId: id, departmentId: setagaya.departmentId! } })
		).toBe(0);
		expect(await db.mail.count({ where: { recipient: { noticeId: id } } })).toBe(22);
	});

	test('two simultaneous publishes create the recipients once', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('同時に公開される通知'));
		const results = await Promise.allSettled([
			publishNotice(db, mhlw, id, { publicUrl }),
			publishNotice(db, mhlw, id, { publicUrl })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		expect(await db.recipient.count({ where: { noticeId: id } })).toBe(23);
		expect(await db.mail.count({ where: { recipient: { noticeId: id } } })).toBe(23);
	});

	test('publishing needs addressees and text; the error names what is missing', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const form = await wardsForm('宛先のない通知');
		const id = await createDraft(db, mhlw, {
			...form,
			rule: { bodyKinds: [], functions: [], include: [], exclude: [] }
		});
		expect((await refusal(publishNotice(db, mhlw, id, { publicUrl }))).status).toBe(400);
		expect((await db.notice.findUniqueOrThrow({ where: { id } })).status).toBe('draft');
	});

	test('only an issuer of the notice’s ministry may publish it', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('他府省が公開できない通知'));
		expect(
			(await refusal(publishNotice(db, await as('cao.issuer@example.jp'), id, { publicUrl })))
				.status
		).toBe(404);
		expect(
			(await refusal(publishNotice(db, await as('tokyo.health@example.jp'), id, { publicUrl })))
				.status
		).toBe(404);
	});
});

describe('references to earlier notices', () => {
	test('a link is kept only to a notice the author may see past draft; the citation stays', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const seed = await db.notice.findFirstOrThrow({ where: { status: 'published' } });
		const draft = await createDraft(db, mhlw, await wardsForm('参照先にならない下書き'));
		const id = await createDraft(db, mhlw, {
			...(await wardsForm('参照を含む下書き')),
			references: [
				{ citation: '令和6年10月8日付け事務連絡', noticeId: seed.id },
				{ citation: '下書きへの参照', noticeId: draft },
				{ citation: '存在しない通知', noticeId: 'zzzzzzzzzzzzzzzzzzzzzzzz' }
			]
		});
		const saved = await getNotice(db, mhlw, id, 'editable');
		expect(saved!.version.references).toEqual([
			{ citation: '令和6年10月8日付け事務連絡', noticeId: seed.id },
			{ citation: '下書きへの参照' },
			{ citation: '存在しない通知' }
		]);
	});
});

describe('attachments of a draft', () => {
	test('reorder and remove keep positions 1…N and default labels follow their place', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('添付の並べ替え'));
		for (const name of ['a', 'b', 'c']) {
			await addAttachment(db, env.storage, mhlw, id, {
				fileName: `${name}.pdf`,
				bytes: pdf(name),
				title: name
			});
		}
		await saveDraft(db, mhlw, id, await wardsForm('添付の並べ替え'), [
			{ position: 3, label: '参考資料', title: 'c' }
		]);
		await moveAttachment(db, mhlw, id, 2, 'up');
		let rows = await db.attachment.findMany({
			where: { version: { noticeId: id } },
			orderBy: { position: 'asc' }
		});
		expect(rows.map((r) => [r.position, r.label, r.title])).toEqual([
			[1, '別添１', 'b'],
			[2, '別添２', 'a'],
			[3, '参考資料', 'c']
		]);
		await removeAttachment(db, mhlw, id, 1);
		rows = await db.attachment.findMany({
			where: { version: { noticeId: id } },
			orderBy: { position: 'asc' }
		});
		expect(rows.map((r) => [r.position, r.label, r.title])).toEqual([
			[1, '別添１', 'a'],
			[2, '参考資料', 'c']
		]);
	});

	test('a renamed executable is refused and nothing is stored', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('実行ファイルの拒否'));
		const exe = new Uint8Array(512);
		exe.set([0x4d, 0x5a]); // MZ
		new DataView(exe.buffer).setUint32(0x3c, 0x80, true);
		exe.set([0x50, 0x45, 0, 0], 0x80); // PE\0\0
		expect(
			(
				await refusal(
					addAttachment(db, env.storage, mhlw, id, {
						fileName: 'report.pdf',
						bytes: exe,
						title: ''
					})
				)
			).status
		).toBe(415);
		expect(await db.attachment.count({ where: { version: { noticeId: id } } })).toBe(0);
	});
});

describe('receiving, acknowledging and correcting', () => {
	let id: string;

	beforeAll(async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		id = await createDraft(db, mhlw, await wardsForm('訂正される通知'));
		await addAttachment(db, env.storage, mhlw, id, {
			fileName: 'v1.pdf',
			bytes: pdf('first'),
			title: '様式'
		});
		await publishNotice(db, mhlw, id, { publicUrl });
	});

	test('a respondent acknowledges; another department can neither see nor acknowledge it', async () => {
		const setagaya = await as('setagaya.health@example.jp');
		await acknowledge(db, setagaya, id);
		await acknowledge(db, setagaya, id); // twice is harmless
		const seen = await getNotice(db, setagaya, id);
		expect(seen?.mine?.acknowledgment?.by).toBe(setagaya.name);
		expect(await db.acknowledgment.count({ where: { recipient: { noticeId: id } } })).toBe(1);

		const yokohama = await as('yokohama.health@example.jp');
		expect(await getNotice(db, yokohama, id)).toBeNull();
		expect(await findAttachment(db, yokohama, id, 1)).toBeNull();
		expect((await refusal(acknowledge(db, yokohama, id))).status).toBe(404);

		const status = await deliveryStatus(db, await as('mhlw.issuer@example.jp'), id);
		expect(status.totals).toMatchObject({ recipients: 23, acknowledged: 1, viewed: 1 });
	});

	test('only a managing issuer can take an acknowledgment back', async () => {
		const setagaya = await as('setagaya.health@example.jp');
		const recipient = await db.recipient.findFirstOrThrow({
			where: { noticeId: id, departmentId: setagaya.departmentId! }
		});
		expect((await refusal(revokeAcknowledgment(db, setagaya, id, recipient.id))).status).toBe(404);
		expect(
			(await refusal(revokeAcknowledgment(db, await as('cao.issuer@example.jp'), id, recipient.id)))
				.status
		).toBe(404);
		const mhlw = await as('mhlw.issuer@example.jp');
		await revokeAcknowledgment(db, mhlw, id, recipient.id);
		expect(await db.acknowledgment.count({ where: { recipientId: recipient.id } })).toBe(0);
		const audit = await db.auditEvent.findFirst({
			where: { action: 'acknowledgment.revoke', objectId: recipient.id }
		});
		expect(audit?.actorId).toBe(mhlw.id);
		await acknowledge(db, setagaya, id);
	});

	test('a correction is version 2: hidden until published, then mailed, with history', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const setagaya = await as('setagaya.health@example.jp');
		await startCorrection(db, mhlw, id);
		const form = await wardsForm('訂正される通知');
		await saveDraft(db, mhlw, id, { ...form, deadline: '2027-01-08' });
		await moveAttachment(db, mhlw, id, 1, 'down'); // no-op: only one attachment
		await addAttachment(db, env.storage, mhlw, id, {
			fileName: 'v2.pdf',
			bytes: pdf('second'),
			title: '追加資料'
		});

		// Recipients still read version 1 while the correction is written.
		const before = await getNotice(db, setagaya, id);
		expect(before?.version.number).toBe(1);
		expect(before?.version.deadline).toBe('2026-12-25');
		expect(await findAttachment(db, setagaya, id, 2)).toBeNull();
		expect(await getNotice(db, setagaya, id, 'editable')).toBeNull();

		expect((await refusal(publishCorrection(db, mhlw, id, '  ', { publicUrl }))).status).toBe(400);
		expect(await publishCorrection(db, mhlw, id, '回答期限の延長', { publicUrl })).toBe(23);

		const after = await getNotice(db, setagaya, id);
		expect(after?.version).toMatchObject({ number: 2, deadline: '2027-01-08' });
		expect(after?.version.attachments.map((a) => a.title)).toEqual(['様式', '追加資料']);
		// Acknowledgments are per version: Setagaya confirmed v1, not yet v2.
		expect(after?.mine?.acknowledgment).toBeNull();
		// The old version stays readable in the history.
		expect((await getNotice(db, setagaya, id, 1))?.version.deadline).toBe('2026-12-25');

		const mails = await db.mail.findMany({
			where: { recipient: { noticeId: id }, kind: 'correction' }
		});
		expect(mails).toHaveLength(23);
		expect(mails.every((m) => m.versionNumber === 2 && m.status === 'queued')).toBe(true);
		expect((await messageOfRow(db, mails[0].id, { publicUrl })).subject).toContain('訂正');

		const history = await noticeHistory(db, setagaya, id);
		// The notice page reads the same history with the notice, in one reading.
		expect((await getNoticeWithHistory(db, setagaya, id))?.history).toEqual(history);
		expect(history.map((h) => h.number)).toEqual([1, 2]);
		expect(history[1].correctionReason).toBe('回答期限の延長');
		expect(history[1].changes.map((c) => c.field)).toEqual(['deadline']);
		expect(history[1].attachmentChanges).toEqual([
			{ change: 'added', after: expect.objectContaining({ label: '別添２', title: '追加資料' }) }
		]);
	});

	test('failed mails are resent by a managing issuer only, and sent ones never', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const recipients = await db.recipient.findMany({ where: { noticeId: id }, take: 3 });
		const [failed, alsoFailed, sent] = recipients;
		await db.mail.updateMany({
			where: { recipientId: { in: [failed.id, alsoFailed.id] } },
			data: { status: 'failed', lastError: '550 5.1.1 mailbox unknown' }
		});
		await db.mail.updateMany({ where: { recipientId: sent.id }, data: { status: 'sent' } });

		expect(
			(await refusal(resendToRecipient(db, await as('cao.issuer@example.jp'), id, failed.id)))
				.status
		).toBe(404);
		expect(
			(await refusal(resendToRecipient(db, await as('setagaya.health@example.jp'), id, failed.id)))
				.status
		).toBe(404);
		expect((await refusal(resendToRecipient(db, mhlw, id, sent.id))).status).toBe(409);

		await resendToRecipient(db, mhlw, id, failed.id);
		const newest = (recipientId: string) =>
			db.mail.findFirstOrThrow({
				where: { recipientId },
				orderBy: [{ createdAt: 'desc' }, { id: 'desc' }]
			});
		expect((await newest(failed.id)).status).toBe('queued');
		expect((await newest(alsoFailed.id)).status).toBe('failed');
		expect(await resendAllFailed(db, mhlw, id)).toBeGreaterThanOrEqual(1);
		expect(await db.mail.count({ where: { recipient: { noticeId: id }, status: 'failed' } })).toBe(
			0
		);
		expect((await newest(sent.id)).status).toBe('sent');
	});

	test('closing and withdrawing follow the lifecycle and are mailed when withdrawn', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		await closeNotice(db, mhlw, id);
		expect(
			(await refusal(acknowledge(db, await as('setagaya.health@example.jp'), id))).status
		).toBe(409);
		expect((await refusal(withdrawNotice(db, mhlw, id, '', { publicUrl }))).status).toBe(400);
		await withdrawNotice(db, mhlw, id, '誤送付のため', { publicUrl });
		const notice = await db.notice.findUniqueOrThrow({ where: { id } });
		expect(notice).toMatchObject({ status: 'withdrawn', withdrawalReason: '誤送付のため' });
		expect(
			await db.mail.count({ where: { recipient: { noticeId: id }, kind: 'withdrawal' } })
		).toBe(23);
	});
});

describe('search', () => {
	test('Japanese substrings find notices, in full-width or half-width kana', async () => {
		const viewer = await as('viewer@example.jp');
		const byWord = await listNotices(db, viewer, { q: 'ワンストップ' });
		expect(byWord.map((n) => n.title)).toContain(
			'「性犯罪・性暴力被害者のためのワンストップ支援センター」の運営にかかる協力依頼について'
		);
		const halfWidth = await listNotices(db, viewer, { q: 'ﾜﾝｽﾄｯﾌﾟ' });
		expect(halfWidth.map((n) => n.id).sort()).toEqual(byWord.map((n) => n.id).sort());
		expect(await listNotices(db, viewer, { q: '存在しない語句' })).toEqual([]);
	});

	test('filters by type, date range and status', async () => {
		const viewer = await as('viewer@example.jp');
		const seedOnly = await listNotices(db, viewer, { from: '2024-10-01', to: '2024-10-31' });
		expect(seedOnly).toHaveLength(1);
		expect(seedOnly[0].issuedOn).toBe('2024-10-08');
		expect(await listNotices(db, viewer, { type: 'notification' })).toEqual([]);
		const withdrawn = await listNotices(db, viewer, { status: 'withdrawn' });
		expect(withdrawn.map((n) => n.title)).toEqual(['訂正される通知']);
	});
});
