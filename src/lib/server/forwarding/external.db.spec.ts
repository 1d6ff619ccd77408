// Forwarding to organizations outside government on a real database (SQLite, and PostgreSQL
// with `npm run test:pg`): who may forward, the prefecture boundary, one row and one mail per
// institution, the signed link (tampered, expired), receipt and the short answer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { openDb, type Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { messageOfRow } from '../mail/notice-mails.ts';
import { readPage } from '../../domain/paging.ts';
import {
	externalReaderScope,
	externalRecipientPage,
	forwardToExternal,
	institutionPage,
	type ForwardExternalInput
} from './external.ts';
import { forwardingDepartment } from './access.ts';
import { linkKey, readLinkToken, signLinkToken } from './external-links.ts';
import {
	acknowledgeExternal,
	answerExternal,
	externalAttachment,
	externalView,
	LinkError,
	resolveLink
} from './external-public.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const as = (email: string) => sessionUserFor(db, email);
const publicUrl = 'https://kairan.test';

async function refusal(work: Promise<unknown>): Promise<UserError> {
	try {
		await work;
	} catch (e) {
		if (e instanceof UserError) return e;
		throw e;
	}
	throw new Error('expected a refusal');
}

async function institutions(prefectureCode: string, withEmail = true) {
	return db.medicalInstitution.findMany({
		where: { prefectureCode, email: withEmail ? { not: null } : null },
		orderBy: [{ municipality: 'asc' }, { name: 'asc' }, { id: 'asc' }],
		select: { id: true, name: true, email: true }
	});
}

const input = (institutionIds: string[]): ForwardExternalInput => ({
	institutionIds,
	documentNumber: '都保医第1号',
	issuedOn: '2026-12-01',
	coverNote: '貴機関におかれましても周知をお願いします。',
	expiresInDays: 30
});

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	const notice = await db.notice.findFirstOrThrow({ select: { id: true } });
	noticeId = notice.id;
}, 120_000);

afterAll(async () => {
	await env?.cleanup();
});

describe('the demo', () => {
	test('gives a few registry institutions of 東京都 and 神奈川県 an address', async () => {
		expect((await institutions('13')).length).toBeGreaterThanOrEqual(2);
		expect((await institutions('13'))[0].email).toMatch(/^info@hospital-\d+\.example\.jp$/);
	});
});

describe('forwarding to registry institutions', () => {
	test('only a prefecture department of a forwardable, published notice may forward', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const ids = (await institutions('13')).slice(0, 1).map((i) => i.id);
		// Not forwardable yet: the prefecture is a forwarder, but may not forward now.
		expect((await forwardingDepartment(db, tokyo, noticeId))?.mayForward).toBe(false);
		expect((await refusal(forwardToExternal(db, tokyo, noticeId, input(ids)))).status).toBe(409);
		await db.notice.update({
			where: { id: noticeId },
			data: { forwardable: true, externalQuestion: '院内掲示の予定を教えてください。' }
		});
		expect((await forwardingDepartment(db, tokyo, noticeId))?.mayForward).toBe(true);
		// A municipal department (a ward, first level) and an issuer are no forwarders.
		const setagaya = await as('setagaya.health@example.jp');
		expect(await forwardingDepartment(db, setagaya, noticeId)).toBeNull();
		expect((await refusal(forwardToExternal(db, setagaya, noticeId, input(ids)))).status).toBe(404);
		const issuer = await as('mhlw.issuer@example.jp');
		expect(await forwardingDepartment(db, issuer, noticeId)).toBeNull();
		expect(await externalReaderScope(db, issuer, noticeId)).toEqual({ prefectureCode: null });
		expect(await externalReaderScope(db, setagaya, noticeId)).toBeNull();
	});

	test('institutions of another prefecture or without an address are refused', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const elsewhere = (await institutions('14'))[0];
		const mine = (await institutions('13'))[0];
		const before = await db.externalRecipient.count();
		const e = await refusal(forwardToExternal(db, tokyo, noticeId, input([mine.id, elsewhere.id])));
		expect(e.status).toBe(400);
		const noAddress = (await institutions('13', false))[0];
		if (noAddress)
			expect(
				(await refusal(forwardToExternal(db, tokyo, noticeId, input([noAddress.id])))).status
			).toBe(400);
		expect((await refusal(forwardToExternal(db, tokyo, noticeId, input([])))).status).toBe(400);
		expect(await db.externalRecipient.count()).toBe(before);
		expect(await db.forwarding.count()).toBe(0);
	});

	test('one Forwarding, one row and one composed mail per institution, and an audit event', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const chosen = (await institutions('13')).slice(0, 2);
		const result = await forwardToExternal(
			db,
			tokyo,
			noticeId,
			input(chosen.map((i) => i.id)),
			new Date('2026-12-02T00:00:00Z')
		);
		expect(result.count).toBe(2);
		const forwarding = await db.forwarding.findUniqueOrThrow({
			where: { id: result.forwardingId },
			include: { recipient: { select: { departmentId: true, forwardingId: true } } }
		});
		expect(forwarding.prefectureCode).toBe('13');
		expect(forwarding.recipient.departmentId).toBe(tokyo.departmentId);
		expect(forwarding.recipient.forwardingId).toBeNull();
		expect(forwarding.documentNumber).toBe('都保医第1号');
		const rows = await db.externalRecipient.findMany({
			where: { forwardingId: result.forwardingId }
		});
		expect(rows.map((r) => r.email).sort()).toEqual(chosen.map((c) => c.email).sort());
		expect(rows[0].expiresAt.toISOString()).toBe('2027-01-01T00:00:00.000Z');
		const mails = await db.mail.findMany({ where: { kind: 'external' } });
		expect(mails).toHaveLength(2);
		expect(mails.every((m) => m.status === 'queued' && m.recipientId === null)).toBe(true);
		const message = await messageOfRow(db, mails[0].id, { publicUrl });
		expect(message.subject).toContain('東京都より転送');
		expect(message.text).toContain('貴機関におかれましても周知をお願いします。');
		const link = /https:\/\/kairan\.test\/external\/([A-Za-z0-9_.-]+)/.exec(message.text);
		expect(link).not.toBeNull();
		expect(message.html).toContain(link![0]);
		const events = await db.auditEvent.findMany({ where: { action: 'notice.forward_external' } });
		expect(events).toHaveLength(1);
		expect(events[0].objectId).toBe(noticeId);
	});

	test('an institution already reached is not sent the notice again', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const [first, , third] = await institutions('13');
		const e = await refusal(forwardToExternal(db, tokyo, noticeId, input([third.id, first.id])));
		expect(e.status).toBe(409);
		expect(e.message).toContain(first.name);
		expect(await db.externalRecipient.count({ where: { medicalInstitutionId: third.id } })).toBe(0);
	});

	test('the picker pages the prefecture’s institutions with an address and marks reached ones', async () => {
		const list = await institutionPage(db, '13', noticeId, {}, readPage(new URLSearchParams()));
		expect(list.rows.length).toBe((await institutions('13')).length);
		expect(list.rows.filter((r) => r.reached)).toHaveLength(2);
		const one = list.rows[0];
		const filtered = await institutionPage(
			db,
			'13',
			noticeId,
			{ q: one.name },
			readPage(new URLSearchParams())
		);
		expect(filtered.rows.map((r) => r.id)).toContain(one.id);
		expect(
			filtered.rows.every((r) => r.name.includes(one.name) || r.municipality.includes(one.name))
		).toBe(true);
		// Another prefecture's code shows none of 東京都's.
		const other = await institutionPage(db, '14', noticeId, {}, readPage(new URLSearchParams()));
		expect(other.rows.some((r) => list.rows.some((l) => l.id === r.id))).toBe(false);
	});
});

describe('the signed link', () => {
	async function tokenOfFirst() {
		const row = await db.externalRecipient.findFirstOrThrow({ orderBy: { name: 'asc' } });
		return { row, token: signLinkToken(await linkKey(db), row.id, row.expiresAt) };
	}
	const now = new Date('2026-12-03T00:00:00Z');

	test('the key is made once, kept in the database and shared by another instance', async () => {
		const rows = await db.serverSecret.findMany();
		expect(rows).toHaveLength(1);
		expect(rows[0].value.length).toBeGreaterThanOrEqual(40);
		// A second process on the same database (its own handle) reads the same key: a link one
		// instance mailed opens on any other.
		const other = openDb(env.target);
		try {
			expect(await linkKey(other)).toEqual(await linkKey(db));
			const { row, token } = await tokenOfFirst();
			expect(await resolveLink(other, token, now)).toEqual({ ok: true, id: row.id });
		} finally {
			await other.$disconnect();
		}
	});

	test('a tampered, truncated or foreign token is invalid; a late one expired', async () => {
		const { row, token } = await tokenOfFirst();
		expect(await resolveLink(db, token, now)).toEqual({ ok: true, id: row.id });
		const [payload, mac] = token.split('.');
		const flipped = mac.slice(0, -2) + (mac.at(-2) === 'A' ? 'B' : 'A') + mac.at(-1);
		expect(await resolveLink(db, `${payload}.${flipped}`, now)).toEqual({
			ok: false,
			problem: 'invalid'
		});
		expect(await resolveLink(db, payload, now)).toEqual({ ok: false, problem: 'invalid' });
		expect(await resolveLink(db, 'x'.repeat(500), now)).toEqual({ ok: false, problem: 'invalid' });
		const foreign = signLinkToken(new Uint8Array(32), row.id, row.expiresAt);
		expect(await resolveLink(db, foreign, now)).toEqual({ ok: false, problem: 'invalid' });
		// Another row's id under this payload's MAC does not verify either.
		const other = signLinkToken(await linkKey(db), 'cnosuchrow0000000000000000', row.expiresAt);
		expect(await resolveLink(db, other, now)).toEqual({ ok: false, problem: 'invalid' });
		expect(await resolveLink(db, token, new Date('2027-01-02T00:00:00Z'))).toEqual({
			ok: false,
			problem: 'expired'
		});
		expect(readLinkToken(await linkKey(db), token, new Date('2027-01-02T00:00:00Z'))).toEqual({
			ok: false,
			problem: 'expired'
		});
		// The row's own time decides too (cut short after it was sent).
		await db.externalRecipient.update({ where: { id: row.id }, data: { expiresAt: now } });
		expect(await resolveLink(db, token, now)).toEqual({ ok: false, problem: 'expired' });
		await db.externalRecipient.update({
			where: { id: row.id },
			data: { expiresAt: row.expiresAt }
		});
		await expect(externalView(db, `${payload}.${flipped}`, now)).rejects.toBeInstanceOf(LinkError);
	});

	test('viewing records the first view; acknowledging once; answering within bounds', async () => {
		const { row, token } = await tokenOfFirst();
		const view = await externalView(db, token, now);
		expect(view.status).toBe('unconfirmed');
		expect(view.forwarding.prefecture).toBe('東京都');
		expect(view.question).toBe('院内掲示の予定を教えてください。');
		expect(view.version.items.length).toBeGreaterThan(0);
		await externalView(db, token, new Date('2026-12-04T00:00:00Z'));
		const seen = await db.externalRecipient.findUniqueOrThrow({ where: { id: row.id } });
		expect(seen.firstViewedAt?.toISOString()).toBe(now.toISOString());

		await acknowledgeExternal(db, token, now);
		await acknowledgeExternal(db, token, new Date('2026-12-05T00:00:00Z'));
		const acked = await db.externalRecipient.findUniqueOrThrow({ where: { id: row.id } });
		expect(acked.acknowledgedAt?.toISOString()).toBe(now.toISOString());
		expect(
			await db.auditEvent.count({
				where: { action: 'external_recipient.acknowledge', objectId: row.id }
			})
		).toBe(1);

		expect((await refusal(answerExternal(db, token, '   ', now))).status).toBe(400);
		expect((await refusal(answerExternal(db, token, 'あ'.repeat(1001), now))).status).toBe(400);
		await answerExternal(db, token, 'あ'.repeat(1000), now);
		await answerExternal(db, token, '待合室に掲示します。\r\n12月中。\u0007', now);
		const answered = await db.externalRecipient.findUniqueOrThrow({ where: { id: row.id } });
		expect(answered.answer).toBe('待合室に掲示します。\n12月中。');
		expect((await externalView(db, token, now)).status).toBe('answered');

		const attachment = await externalAttachment(db, token, 1, now);
		expect(attachment?.position).toBe(1);
		expect(await externalAttachment(db, token, 99, now)).toBeNull();
	});

	test('the prefecture and the issuer read statuses and answers; answers close with the notice', async () => {
		const { token } = await tokenOfFirst();
		const page = await externalRecipientPage(
			db,
			noticeId,
			{ prefectureCode: '13' },
			readPage(new URLSearchParams()),
			now
		);
		expect(page.counts).toEqual({ total: 2, acknowledged: 1, answered: 1 });
		expect(page.rows.map((r) => r.status).sort()).toEqual(['answered', 'unconfirmed']);
		expect(page.rows.find((r) => r.status === 'answered')?.answer).toContain('待合室');
		const kanagawa = await externalRecipientPage(
			db,
			noticeId,
			{ prefectureCode: '14' },
			readPage(new URLSearchParams()),
			now
		);
		expect(kanagawa.counts.total).toBe(0);

		await db.notice.update({ where: { id: noticeId }, data: { status: 'closed' } });
		expect((await refusal(answerExternal(db, token, '変更', now))).status).toBe(409);
		expect((await externalView(db, token, now)).mayAnswer).toBe(false);
		const tokyo = await as('tokyo.health@example.jp');
		expect((await forwardingDepartment(db, tokyo, noticeId))?.mayForward).toBe(false);
		await db.notice.update({ where: { id: noticeId }, data: { status: 'published' } });
	});
});
