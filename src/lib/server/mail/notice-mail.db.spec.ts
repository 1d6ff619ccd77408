// Notice mails as a department receives them, through a real SMTP server in this process, on the
// demo database (SQLite, or PostgreSQL with KAIRAN_TEST_DB=postgresql): the Reply-To header and
// the footer agree, the 照会先 are named, and a reminder names what is missing and whether its
// deadline has passed. The delivery page shows when each department was last reminded.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { drainOutbox } from './outbox-drain.ts';
import { messageOfRow } from './notice-mails.ts';
import { createMailTransport, type MailTransport } from './transport.ts';
import { queueReminders, reminderAudience, sendManualReminder } from '../recipients/reminders.ts';
import { deliveryStatus } from '../recipients/delivery.ts';
import { saveResponse } from '../responses/own.ts';

const FROM = 'Kairan <no-reply@kairan.example.jp>';
const OPERATOR = 'help@kairan.example.jp';
const PUBLIC_URL = 'https://kairan.example.jp';
/** The demo's issuing offices' addresses (demo/load.ts). */
const MHLW_OFFICE = 'ministry_office.mhlw@example.jp';

let env: TestDatabase;
let db: Db;
let server: SMTPServer;
let smtp: MailTransport;
let received: ParsedMail[] = [];
let noticeId: string;
let deadline: string;

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
	(Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address));

/** The footer of a received mail: its text after the last '――' line. */
const footerOf = (m: ParsedMail) => (m.text ?? '').slice((m.text ?? '').lastIndexOf('――'));

function startServer(): Promise<number> {
	server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		closeTimeout: 200,
		disableReverseLookup: true,
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				simpleParser(Buffer.concat(chunks)).then(
					(parsed) => {
						received.push(parsed);
						callback();
					},
					(error: Error) => callback(error)
				);
			});
		}
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
	});
}

/**
 * Sends what is due the way the app does: the worker's transport, composing each notice mail
 * as it goes out (at `now`, which decides whether a reminder is overdue).
 */
async function deliver(
	options: { operatorReplyTo?: string; now?: Date } = {}
): Promise<ParsedMail[]> {
	received = [];
	const result = await drainOutbox(db, smtp, {
		from: FROM,
		batchSize: 500,
		compose: { publicUrl: PUBLIC_URL, operatorReplyTo: options.operatorReplyTo },
		now: options.now ? () => options.now! : undefined
	});
	expect(result.interrupted).toBe(false);
	return received;
}

/** A reminder to one department only, so each test sends a handful of mails, not 200. */
async function remind(email: string, round: string, options: { now?: Date } = {}) {
	const user = await db.user.findUniqueOrThrow({ where: { email } });
	const recipient = await db.recipient.findFirstOrThrow({
		where: { noticeId, departmentId: user.departmentId! }
	});
	const audience = (await reminderAudience(db, noticeId)).filter(
		(r) => r.recipientId === recipient.id
	);
	expect(audience).toHaveLength(1);
	const queued = await queueReminders(db, { noticeId, round, audience, now: options.now });
	expect(queued).toBe(1);
	return recipient.id;
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	const notice = await db.notice.findFirstOrThrow({
		select: { id: true, versions: { select: { deadline: true } } }
	});
	noticeId = notice.id;
	deadline = notice.versions[0].deadline!;
	const port = await startServer();
	smtp = createMailTransport({
		smtpUrl: `smtp://127.0.0.1:${port}?connectionTimeout=5000`,
		outboxDir: path.join(env.dataDir, 'unused')
	});
});

afterAll(async () => {
	smtp?.close();
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	await env?.cleanup();
});

beforeEach(() => {
	received = [];
});

describe('Reply-To and footer agree', () => {
	test('publication mails were queued with the issuing office’s address and its 照会先', async () => {
		const ids = await db.mail.findMany({
			where: { kind: 'publication', recipient: { is: { noticeId } } },
			select: { id: true },
			take: 3
		});
		expect(ids).toHaveLength(3);
		for (const { id } of ids) {
			// Composed as the worker sends it: the Reply-To header and the footer chosen together.
			const row = await messageOfRow(db, id, { publicUrl: PUBLIC_URL });
			expect(row.replyTo).toBe(MHLW_OFFICE);
			expect(row.text).toContain(`発出元の厚生労働省 医政局総務課（${MHLW_OFFICE}）に届きます。`);
			expect(row.text).toContain('本件の照会先\n　厚生労働省医政局総務課\n');
			expect(row.text).toContain('電話：03-5253-1111（代表）');
			expect(row.text).toContain('内閣府男女共同参画局男女間暴力対策課');
			expect(row.text).not.toContain('Reply-To');
		}
	});

	test('a mail sent over SMTP carries the office’s Reply-To that its footer names', async () => {
		await remind('yokohama.health@example.jp', 'test-office');
		const [mail, ...others] = await deliver({ operatorReplyTo: OPERATOR });
		expect(others).toHaveLength(0);
		expect(addresses(mail.from)).toEqual(['no-reply@kairan.example.jp']);
		// The office's own address wins over the operator's.
		expect(addresses(mail.replyTo)).toEqual([MHLW_OFFICE]);
		expect(footerOf(mail)).toContain(`（${MHLW_OFFICE}）に届きます。`);
		expect(mail.html).toContain(`（${MHLW_OFFICE}）に届きます。`);
		expect(mail.text).toContain('本件の照会先');
	});

	test('without an office address: the operator’s MAIL_REPLY_TO, said to be the operator’s', async () => {
		// Neither issuing office has an address on record any more.
		const offices = await db.noticeIssuer.findMany({ where: { noticeId } });
		const saved = await db.departmentEmail.findMany({
			where: { departmentId: { in: offices.map((o) => o.departmentId) } }
		});
		await db.departmentEmail.deleteMany({ where: { id: { in: saved.map((e) => e.id) } } });
		try {
			await remind('tokyo.health@example.jp', 'test-operator');
			const [operator] = await deliver({ operatorReplyTo: OPERATOR });
			expect(addresses(operator.replyTo)).toEqual([OPERATOR]);
			expect(footerOf(operator)).toContain(`Kairan の運用窓口（${OPERATOR}）に届きます`);
			expect(footerOf(operator)).toContain('発出元には届きません');
			expect(footerOf(operator)).toContain('上記の照会先');

			// And with no MAIL_REPLY_TO either: no Reply-To header, and the footer promises none.
			await remind('tokyo.health@example.jp', 'test-none');
			const [none] = await deliver();
			expect(none.replyTo).toBeUndefined();
			expect(none.headers.has('reply-to')).toBe(false);
			expect(footerOf(none)).toContain('このメールに返信しても、発出元には届きません。');
			expect(footerOf(none)).not.toMatch(/返信すると|Reply-To/);
		} finally {
			await db.departmentEmail.createMany({
				data: saved.map(({ departmentId, address }) => ({ departmentId, address }))
			});
		}
	});
});

describe('reminders', () => {
	test('after the deadline: overdue, naming each item this department has not submitted', async () => {
		const hokkaido = await sessionUserFor(db, 'hokkaido.center@example.jp');
		const items = await db.responseItem.findMany({
			where: { noticeId },
			orderBy: { number: 'asc' }
		});
		const applying = items.filter((i) => {
			const f = i.functions as string[];
			return f.length === 0 || f.includes('onestop_center');
		});
		expect(applying.length).toBeGreaterThan(1);
		// Hokkaido submits its first item: the reminder names only the others.
		const [first, ...rest] = applying;
		const during = new Date(`${deadline}T10:00:00+09:00`);
		const data = (
			await db.response.findFirstOrThrow({
				where: { responseItemId: first.id, status: 'submitted' }
			})
		).data as Record<string, unknown>;
		const saved = await saveResponse(
			db,
			hokkaido,
			noticeId,
			{ itemId: first.id, data, revision: 0, mode: 'submit' },
			during
		);
		expect(saved.ok).toBe(true);

		const later = new Date(Date.parse(`${deadline}T10:00:00+09:00`) + 3 * 86_400_000);
		await remind('hokkaido.center@example.jp', 'test-overdue', { now: later });
		const [mail] = await deliver({ now: later });
		expect(mail.subject).toMatch(/【督促】.*（期限超過：令和\d+年\d+月\d+日）$/);
		expect(mail.text).toContain('を過ぎていますが、下記の回答項目がまだ提出されていません。');
		expect(mail.text).toContain('期限を過ぎています');
		expect(mail.text).not.toContain('までに');
		for (const item of rest) expect(mail.text).toContain(`記${item.number}\u3000${item.title}`);
		expect(mail.text).not.toContain(`記${first.number}\u3000${first.title}`);
	});

	test('before the deadline: asks for the missing items by the deadline', async () => {
		const before = new Date(`${deadline}T09:00:00+09:00`);
		await remind('setagaya.health@example.jp', 'test-before', { now: before });
		const [mail] = await deliver({ now: before });
		expect(mail.subject).toMatch(/（期限：令和\d+年\d+月\d+日）$/);
		expect(mail.text).toMatch(
			/期限（令和\d+年\d+月\d+日（\d+年\d+月\d+日））までに下記の回答項目の/
		);
		expect(mail.text).not.toContain('過ぎて');
		expect(mail.text).toMatch(/未提出：記1\u3000/);
	});

	test('the delivery page shows when each department was last reminded', async () => {
		const issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
		const expectedCount = (await reminderAudience(db, noticeId)).length;
		const at = new Date('2026-11-30T01:00:00Z');
		await sendManualReminder(db, issuer, {
			noticeId,
			expectedCount,
			publicUrl: PUBLIC_URL,
			today: '2026-11-30',
			now: at
		});
		const { rows } = await deliveryStatus(db, issuer, noticeId);
		const reminded = rows.filter((r) => r.lastRemindedAt !== null);
		expect(reminded).toHaveLength(expectedCount);
		// Setagaya was reminded earlier in this file and again now: the newest one counts.
		const setagaya = rows.find((r) => r.organization === '世田谷区')!;
		expect(setagaya.lastRemindedAt).toEqual(at);
		// A department that has submitted everything was never reminded here.
		const done = rows.find((r) => r.itemsDue > 0 && r.itemsSubmitted === r.itemsDue)!;
		expect(done.lastRemindedAt).toBeNull();
		// The manual reminder's rows name each department's own missing items.
		const row = await db.mail.findFirstOrThrow({
			where: { dedupeKey: { endsWith: ':manual-2026-11-30' }, recipientId: setagaya.recipientId },
			select: { id: true }
		});
		const mail = await messageOfRow(db, row.id, { publicUrl: PUBLIC_URL }, at);
		expect(mail.replyTo).toBe(MHLW_OFFICE);
		expect(mail.text).toContain('未提出：記1　');
	});
});
