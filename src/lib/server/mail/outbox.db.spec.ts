// The outbox against a real database (SQLite, or PostgreSQL with KAIRAN_TEST_DB=postgresql) and a
// real SMTP server in this process: what arrives, exactly once, through outages and restarts.
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { openDb, type Db } from '../db/client.ts';
import { outboxRow, resendFailed, resendMail } from './outbox.ts';
import { mailDedupeKey } from './queue.ts';
import { DEFAULT_LEASE_MS } from './outbox-claim.ts';
import { drainOutbox, type DrainOptions } from './outbox-drain.ts';
import { startOutboxWorker } from './outbox-worker.ts';
import { createMailTransport, type MailTransport } from './transport.ts';

const FROM = 'Kairan <noreply@kairan.example.jp>';
const REPLY_TO = 'kairan-help@mhlw.example.jp';
const sendOptions: DrainOptions = { from: FROM };

/** An SMTP reply the test server gives instead of accepting. */
const reply = (responseCode: number, text: string) =>
	Object.assign(new Error(text), { responseCode });

let env: TestDatabase;
let db: Db;
let server: SMTPServer;
let smtp: MailTransport;
let received: ParsedMail[] = [];
/** Per address: the reply RCPT TO gets instead of 250. */
let rcptRule: (address: string) => Error | null = () => null;
/** Before the n-th message (0-based) is accepted: the reply DATA gets instead of 250. */
let dataRule: (n: number) => Error | null = () => null;
let dataCount = 0;

function startServer(): Promise<number> {
	server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		closeTimeout: 200,
		disableReverseLookup: true,
		onRcptTo(address, _session, callback) {
			callback(rcptRule(address.address));
		},
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const refusal = dataRule(dataCount++);
				if (refusal) return callback(refusal);
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

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
	(Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address));

/** How often each Message-ID arrived. */
const arrivals = () =>
	received.reduce<Record<string, number>>((counts, m) => {
		counts[m.messageId!] = (counts[m.messageId!] ?? 0) + 1;
		return counts;
	}, {});

let seq = 0;
async function queue(to: string[], subject = `事務連絡「周知について」の送付 ${++seq}`) {
	const { id } = await db.mail.create({
		data: {
			...outboxRow(
				{
					dedupeKey: `publication:test-${seq}-${Math.random()}:v1`,
					recipientId: null,
					kind: 'publication',
					versionNumber: 1,
					to,
					subject,
					text: `本文 ${subject}\n世田谷区 衛生主管部（局）\u3000御中`,
					html: `<p>本文 ${subject}</p>`
				},
				new Date()
			),
			// Each row carries the Reply-To chosen when it was queued; the worker sends that one.
			replyTo: REPLY_TO
		}
	});
	return id;
}

const row = (id: string) => db.mail.findUniqueOrThrow({ where: { id } });
const later = (ms: number) => () => new Date(Date.now() + ms);

beforeAll(async () => {
	env = await createTestDatabase();
	db = env.db;
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

beforeEach(async () => {
	await db.mail.deleteMany();
	received = [];
	rcptRule = () => null;
	dataRule = () => null;
	dataCount = 0;
});

describe('delivery', () => {
	test('each queued mail arrives once, with its Japanese subject, both parts and the headers', async () => {
		const a = await queue(
			['setagaya@example.jp', 'setagaya-2@example.jp'],
			'【Kairan】事務連絡「ワンストップ支援センターの周知について」の送付'
		);
		const b = await queue(
			['nerima@example.jp'],
			'【Kairan】【訂正】通知「様式の変更」（第2版）の送付'
		);

		expect(await drainOutbox(db, smtp, sendOptions)).toEqual({
			sent: 2,
			failed: 0,
			retrying: 0,
			interrupted: false
		});
		expect(received).toHaveLength(2);
		const byId = Object.fromEntries(received.map((m) => [m.messageId, m]));
		const ma = byId[`<${a}@kairan>`];
		const mb = byId[`<${b}@kairan>`];
		expect(ma.subject).toBe('【Kairan】事務連絡「ワンストップ支援センターの周知について」の送付');
		expect(mb.subject).toBe('【Kairan】【訂正】通知「様式の変更」（第2版）の送付');
		expect(addresses(ma.to)).toEqual(['setagaya@example.jp', 'setagaya-2@example.jp']);
		expect(ma.text).toContain('世田谷区 衛生主管部（局）\u3000御中');
		expect(ma.html).toContain('<p>本文 【Kairan】事務連絡');
		expect(addresses(ma.from)).toEqual(['noreply@kairan.example.jp']);
		expect(ma.from?.value[0].name).toBe('Kairan');
		expect(addresses(ma.replyTo)).toEqual([REPLY_TO]);
		expect(ma.headers.get('auto-submitted')).toBe('auto-generated');
		expect(ma.date).toBeInstanceOf(Date);

		const rowA = await row(a);
		expect(rowA).toMatchObject({
			status: 'sent',
			attempts: 1,
			lastError: null,
			messageId: `<${a}@kairan>`
		});
		expect(rowA.sentAt).toBeInstanceOf(Date);

		// Nothing is due any more: a second drain sends nothing.
		expect((await drainOutbox(db, smtp, sendOptions)).sent).toBe(0);
		expect(received).toHaveLength(2);
	});

	test('a row written with ", "-separated addresses goes to each address', async () => {
		const m = await db.mail.create({
			data: {
				dedupeKey: 'publication:direct:v1',
				toAddresses: 'one@example.jp, two@example.jp',
				subject: '件名',
				text: '本文',
				html: '<p>本文</p>'
			}
		});
		expect(await drainOutbox(db, smtp, sendOptions)).toMatchObject({ sent: 1 });
		expect(addresses(received[0].to)).toEqual(['one@example.jp', 'two@example.jp']);
		expect(await row(m.id)).toMatchObject({ status: 'sent' });
	});

	test('an outbox row: addresses joined, a department without one failed at once, a bad one refused', () => {
		const input = {
			dedupeKey: mailDedupeKey('publication', 'rcp1', 1),
			recipientId: null,
			kind: 'publication' as const,
			versionNumber: 1,
			to: [' a@example.jp ', 'b@example.jp'],
			subject: 's',
			text: 't',
			html: '<p>h</p>'
		};
		expect(input.dedupeKey).toBe('publication:rcp1:v1');
		const now = new Date();
		expect(outboxRow(input, now)).toMatchObject({
			toAddresses: 'a@example.jp,b@example.jp',
			status: 'queued',
			nextAttemptAt: now
		});
		expect(outboxRow({ ...input, to: [] }, now)).toMatchObject({
			status: 'failed',
			lastError: expect.stringContaining('メールアドレスが登録されていません')
		});
		expect(() => outboxRow({ ...input, to: ['a@b.jp,c@d.jp'] }, now)).toThrow(
			/not a plain e-mail address/
		);
	});
});

describe('failures', () => {
	test('an outage mid-batch (421) stops the batch; nothing is lost and nothing arrives twice', async () => {
		const ids = [];
		for (let i = 0; i < 5; i++) ids.push(await queue([`ward${i}@example.jp`]));
		dataRule = (n) => (n >= 2 ? reply(421, '4.3.2 Service shutting down') : null);

		const t0 = Date.now();
		const first = await drainOutbox(db, smtp, sendOptions);
		expect(first).toEqual({ sent: 2, failed: 0, retrying: 1, interrupted: true });
		const rows = await db.mail.findMany();
		const retrying = rows.filter((r) => r.status === 'retrying');
		expect(retrying).toHaveLength(1);
		expect(retrying[0].lastError).toMatch(/^421 4\.3\.2 Service shutting down/);
		expect(retrying[0].attempts).toBe(1);
		expect(retrying[0].nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0 + 30_000);
		// The rows after the failure were not attempted at all.
		const untouched = rows.filter((r) => r.status === 'queued');
		expect(untouched).toHaveLength(2);
		expect(untouched.every((r) => r.attempts === 0 && r.lastError === null)).toBe(true);

		// The server is back. The queued rows go now; the retrying one waits for its time.
		dataRule = () => null;
		expect(await drainOutbox(db, smtp, sendOptions)).toMatchObject({ sent: 2, retrying: 0 });
		expect((await row(retrying[0].id)).status).toBe('retrying');
		expect(await drainOutbox(db, smtp, { ...sendOptions, now: later(31_000) })).toMatchObject({
			sent: 1
		});
		const after = await row(retrying[0].id);
		expect(after).toMatchObject({ status: 'sent', attempts: 2, lastError: null });

		expect(await db.mail.count({ where: { status: 'sent' } })).toBe(5);
		expect(arrivals()).toEqual(Object.fromEntries(ids.map((id) => [`<${id}@kairan>`, 1])));
	});

	test('the server unreachable: the first mail is retried later, the others stay queued', async () => {
		const closed = new SMTPServer({ authOptional: true, logger: false });
		const port = await new Promise<number>((resolve) =>
			closed.listen(0, '127.0.0.1', () => resolve((closed.server.address() as AddressInfo).port))
		);
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const down = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: '' });
		const a = await queue(['a@example.jp']);
		const b = await queue(['b@example.jp']);

		expect(await drainOutbox(db, down, sendOptions)).toEqual({
			sent: 0,
			failed: 0,
			retrying: 1,
			interrupted: true
		});
		const [ra, rb] = [await row(a), await row(b)];
		const [tried, waiting] = ra.attempts ? [ra, rb] : [rb, ra];
		expect(tried.status).toBe('retrying');
		expect(tried.lastError).toMatch(/ECONNREFUSED/);
		expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });

		// However long the outage, the attempts it took never make the mail 'failed'.
		await db.mail.update({
			where: { id: waiting.id },
			data: { nextAttemptAt: new Date(Date.now() + 3_600_000) }
		});
		for (let i = 0; i < 3; i++) {
			await db.mail.update({ where: { id: tried.id }, data: { nextAttemptAt: new Date(0) } });
			await drainOutbox(db, down, { ...sendOptions, maxAttempts: 2 });
		}
		expect(await row(tried.id)).toMatchObject({ status: 'retrying' });
		expect((await row(tried.id)).attempts).toBeGreaterThan(2);
	});

	test('a temporary refusal of one address is retried; the batch goes on; maxAttempts ends it', async () => {
		const busy = await queue(['busy@example.jp']);
		const fine = await queue(['fine@example.jp']);
		rcptRule = (address) =>
			address === 'busy@example.jp' ? reply(450, '4.2.1 Mailbox busy, try later') : null;
		const options = { ...sendOptions, maxAttempts: 2 };

		expect(await drainOutbox(db, smtp, options)).toEqual({
			sent: 1,
			failed: 0,
			retrying: 1,
			interrupted: false
		});
		expect(await row(fine)).toMatchObject({ status: 'sent' });
		expect(await row(busy)).toMatchObject({
			status: 'retrying',
			attempts: 1,
			lastError: '450 4.2.1 Mailbox busy, try later'
		});
		// The second failure reaches maxAttempts: failed, no more tries.
		expect(await drainOutbox(db, smtp, { ...options, now: later(31_000) })).toMatchObject({
			failed: 1
		});
		expect(await row(busy)).toMatchObject({ status: 'failed', attempts: 2 });
		expect(await drainOutbox(db, smtp, { ...options, now: later(24 * 3600_000) })).toMatchObject({
			sent: 0,
			failed: 0,
			retrying: 0
		});
		expect(received.map((m) => m.messageId)).toEqual([`<${fine}@kairan>`]);
	});

	test('a permanent 5xx refusal fails at once; resendMail queues it again and it goes out', async () => {
		const id = await queue(['unknown@example.jp']);
		rcptRule = (address) =>
			address === 'unknown@example.jp' ? reply(550, '5.1.1 mailbox unknown') : null;

		expect(await drainOutbox(db, smtp, sendOptions)).toMatchObject({ failed: 1, retrying: 0 });
		expect(await row(id)).toMatchObject({
			status: 'failed',
			attempts: 1,
			lastError: '550 5.1.1 mailbox unknown'
		});
		expect(received).toHaveLength(0);
		// A failed row is not retried on its own.
		expect(await drainOutbox(db, smtp, { ...sendOptions, now: later(3600_000) })).toMatchObject({
			failed: 0,
			sent: 0
		});

		rcptRule = () => null; // the address was fixed on the server side
		expect(await resendMail(db, id)).toBe(true);
		// Back in the queue, the reason of the last failure still shown until the next attempt.
		expect(await row(id)).toMatchObject({
			status: 'queued',
			attempts: 0,
			lastError: '550 5.1.1 mailbox unknown'
		});
		expect(await drainOutbox(db, smtp, sendOptions)).toMatchObject({ sent: 1 });
		expect(await row(id)).toMatchObject({ status: 'sent', lastError: null, attempts: 1 });
		expect(arrivals()).toEqual({ [`<${id}@kairan>`]: 1 });
		// A sent message is never re-queued.
		expect(await resendMail(db, id)).toBe(false);
		expect(await row(id)).toMatchObject({ status: 'sent' });
	});

	test('resendFailed re-queues the failed mails of one notice only', async () => {
		const org = await db.organization.create({
			data: { kind: 'ministry', name: 'テスト省', nameKana: 'てすとしょう' }
		});
		const dept = await db.department.create({
			data: { organizationId: org.id, name: 'テスト課', function: 'ministry_office' }
		});
		const user = await db.user.create({
			data: {
				email: `mail-test-${Date.now()}@example.jp`,
				name: 'テスト',
				passwordHash: 'x',
				role: 'issuer'
			}
		});
		const [n1, n2] = [
			await db.notice.create({ data: { createdById: user.id } }),
			await db.notice.create({ data: { createdById: user.id } })
		];
		const [r1, r2] = [
			await db.recipient.create({ data: { noticeId: n1.id, departmentId: dept.id } }),
			await db.recipient.create({ data: { noticeId: n2.id, departmentId: dept.id } })
		];
		const mail = (
			recipientId: string,
			kind: 'publication' | 'correction' | 'withdrawal',
			status: string,
			toAddresses = 'x@example.jp'
		) =>
			db.mail.create({
				data: {
					dedupeKey: mailDedupeKey(kind, recipientId, 1),
					recipientId,
					kind,
					toAddresses,
					subject: 's',
					text: 't',
					html: 'h',
					status,
					attempts: 3,
					lastError: status === 'failed' ? '550 no' : null
				}
			});
		const failed1 = await mail(r1.id, 'publication', 'failed');
		const sent1 = await mail(r1.id, 'correction', 'sent');
		const failed2 = await mail(r2.id, 'publication', 'failed');
		// A department without any address: sending again cannot help.
		const noAddress = await mail(r1.id, 'withdrawal', 'failed', '');

		expect(await resendFailed(db, { noticeId: n1.id })).toBe(1);
		expect(await resendMail(db, noAddress.id)).toBe(false);
		expect(await row(noAddress.id)).toMatchObject({ status: 'failed' });
		expect(await row(failed1.id)).toMatchObject({ status: 'queued', attempts: 0 });
		expect(await row(sent1.id)).toMatchObject({ status: 'sent', attempts: 3 });
		expect(await row(failed2.id)).toMatchObject({ status: 'failed', attempts: 3 });
	});
});

describe('crash and concurrency', () => {
	test('a row left `sending` by a crashed worker is taken over once its lease expires', async () => {
		const crashed = await queue(['crashed@example.jp']);
		const busy = await queue(['busy@example.jp']);
		await db.mail.update({
			where: { id: crashed },
			data: { status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) }
		});
		await db.mail.update({
			where: { id: busy },
			data: { status: 'sending', attempts: 1, nextAttemptAt: new Date(Date.now() + 600_000) }
		});

		expect(await drainOutbox(db, smtp, sendOptions)).toMatchObject({ sent: 1 });
		expect(await row(crashed)).toMatchObject({ status: 'sent', attempts: 2 });
		expect(await row(busy)).toMatchObject({ status: 'sending', attempts: 1 });
		expect(received.map((m) => m.messageId)).toEqual([`<${crashed}@kairan>`]);
	});

	test('the lease is short, and renewed while a slow send is under way', async () => {
		const slow = await queue(['slow@example.jp']);
		// The worker's clock is the test's: time moves only when the test moves it.
		let clock = Date.now();
		const leaseMs = 10_000;
		const options = { ...sendOptions, now: () => new Date(clock), leaseMs, heartbeatMs: 10 };
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let claimedUntil = 0;
		const held: MailTransport = {
			kind: 'smtp',
			async send(message) {
				claimedUntil = (await row(slow)).nextAttemptAt.getTime();
				await released;
				return smtp.send(message);
			},
			close() {}
		};
		const first = drainOutbox(db, held, options);
		await expect.poll(() => claimedUntil, { interval: 5 }).toBeGreaterThan(0);
		// The claim is a lease of seconds, not minutes.
		expect(claimedUntil).toBe(clock + leaseMs);

		// Most of the lease goes by while the message is still on its way: the heartbeat pushes
		// the lease forward from the worker's clock.
		clock += leaseMs - 1000;
		await expect
			.poll(async () => (await row(slow)).nextAttemptAt.getTime(), { interval: 5 })
			.toBe(clock + leaseMs);
		// Past the first lease: another worker finds the row still held, and leaves it alone.
		clock += 2000;
		expect(clock).toBeGreaterThan(claimedUntil);
		expect(await drainOutbox(db, smtp, options)).toMatchObject({ sent: 0 });
		expect(received).toHaveLength(0);

		release();
		expect(await first).toMatchObject({ sent: 1 });
		expect(await row(slow)).toMatchObject({ status: 'sent', attempts: 1 });
		expect(arrivals()).toEqual({ [`<${slow}@kairan>`]: 1 });
		// The heartbeat stopped with the send: the sent row is left as it was.
		const after = await row(slow);
		clock += 5 * leaseMs;
		await new Promise((r) => setTimeout(r, 50));
		expect(await row(slow)).toEqual(after);
	});

	test('a worker killed mid-send: its row goes out again once the short lease runs out, with the same Message-ID', async () => {
		const id = await queue(['killed@example.jp']);
		let clock = Date.now();
		const options = { ...sendOptions, now: () => new Date(clock), heartbeatMs: 60_000 };
		// The first worker's message reached the server, then the worker died before recording it:
		// its drain never finishes (the send never returns) and its heartbeat never fires again.
		const dying: MailTransport = {
			kind: 'smtp',
			async send(message) {
				await smtp.send(message);
				return new Promise<never>(() => {});
			},
			close() {}
		};
		void drainOutbox(db, dying, options);
		await expect.poll(() => received.length, { interval: 5 }).toBe(1);
		expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1 });

		// Within the lease, nobody takes it over; just after it, the next worker does.
		clock += DEFAULT_LEASE_MS - 1;
		expect(await drainOutbox(db, smtp, options)).toMatchObject({ sent: 0 });
		clock += 2;
		expect(await drainOutbox(db, smtp, options)).toMatchObject({ sent: 1 });
		expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
		// At least once: the duplicate carries the same Message-ID.
		expect(arrivals()).toEqual({ [`<${id}@kairan>`]: 2 });
	});

	test('a claimed batch has a lease: another drain does not send any of it meanwhile', async () => {
		const ids = [await queue(['x@example.jp']), await queue(['y@example.jp'])];
		let inner: Awaited<ReturnType<typeof drainOutbox>> | null = null;
		// While the first message is on its way, a second worker drains: the first one claimed
		// its whole batch in one statement, so the second finds nothing due.
		const interleaved: MailTransport = {
			kind: 'smtp',
			async send(message) {
				if (!inner) inner = await drainOutbox(db, smtp, sendOptions);
				return smtp.send(message);
			},
			close() {}
		};
		const outer = await drainOutbox(db, interleaved, sendOptions);
		expect(inner).toMatchObject({ sent: 0 });
		expect(outer).toMatchObject({ sent: 2 });
		expect(arrivals()).toEqual(Object.fromEntries(ids.map((id) => [`<${id}@kairan>`, 1])));
	});

	test('two drains at once, on two connections, deliver every message exactly once', async () => {
		const other = openDb(env.target);
		try {
			const ids = [];
			for (let i = 0; i < 12; i++) ids.push(await queue([`c${i}@example.jp`]));
			const [a, b] = await Promise.all([
				drainOutbox(db, smtp, sendOptions),
				drainOutbox(other, smtp, sendOptions)
			]);
			expect(a.sent + b.sent).toBe(12);
			expect(arrivals()).toEqual(Object.fromEntries(ids.map((id) => [`<${id}@kairan>`, 1])));
			expect(await db.mail.count({ where: { status: 'sent', attempts: 1 } })).toBe(12);
		} finally {
			await other.$disconnect();
		}
	});
});

describe('batches one after another', () => {
	test('a full batch is followed by the next, claimed while the first is on its way, one ahead at most', async () => {
		const ids = [];
		for (let i = 0; i < 7; i++) ids.push(await queue([`b${i}@example.jp`]));
		const sendingAtFirst: number[] = [];
		let sending = 0;
		const watched: MailTransport = {
			kind: 'smtp',
			async send(message) {
				if (sendingAtFirst.length === 0) {
					// The second batch's claim runs beside this send: wait for it to land.
					await expect
						.poll(() => db.mail.count({ where: { status: 'sending' } }), { interval: 5 })
						.toBe(4);
				}
				sending = await db.mail.count({ where: { status: 'sending' } });
				sendingAtFirst.push(sending);
				return smtp.send(message);
			},
			close() {}
		};
		expect(await drainOutbox(db, watched, { ...sendOptions, batchSize: 2 })).toEqual({
			sent: 7,
			failed: 0,
			retrying: 0,
			interrupted: false
		});
		// Never more than the batch on its way and the one claimed ahead (2 + 2 rows).
		expect(Math.max(...sendingAtFirst)).toBeLessThanOrEqual(4);
		expect(arrivals()).toEqual(Object.fromEntries(ids.map((id) => [`<${id}@kairan>`, 1])));
		const rows = await db.mail.findMany();
		expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
		// Each batch had a claim of its own: four of them for seven rows.
		expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(4);
	});

	test('an outage puts the batch claimed ahead back exactly as it was', async () => {
		const ids = [];
		for (let i = 0; i < 4; i++) ids.push(await queue([`o${i}@example.jp`]));
		dataRule = (n) => (n >= 1 ? reply(421, '4.3.2 Service shutting down') : null);
		const waitForAhead: MailTransport = {
			kind: 'smtp',
			async send(message) {
				await expect
					.poll(() => db.mail.count({ where: { status: 'sending' } }), { interval: 5 })
					.toBe(4);
				return smtp.send(message);
			},
			close() {}
		};
		expect(await drainOutbox(db, waitForAhead, { ...sendOptions, batchSize: 2 })).toEqual({
			sent: 1,
			failed: 0,
			retrying: 1,
			interrupted: true
		});
		const rows = await db.mail.findMany({ orderBy: { createdAt: 'asc' } });
		expect(rows.map((r) => r.status).sort()).toEqual(['queued', 'queued', 'retrying', 'sent']);
		const untouched = rows.filter((r) => r.status === 'queued');
		expect(
			untouched.every((r) => r.attempts === 0 && r.claimedBy === null && r.lastError === null)
		).toBe(true);
		expect(received).toHaveLength(1);
	});
});

describe('without SMTP: .eml files', () => {
	test('each mail becomes one complete .eml file in <dataDir>/outbox', async () => {
		const outboxDir = path.join(env.dataDir, 'outbox');
		const files = createMailTransport({ outboxDir });
		const a = await queue(['setagaya@example.jp'], '【Kairan】事務連絡「周知について」の送付');
		const b = await queue(['nerima@example.jp', 'nerima-2@example.jp']);
		expect(await drainOutbox(db, files, sendOptions)).toMatchObject({ sent: 2 });

		const names = (await readdir(outboxDir)).sort();
		expect(names).toHaveLength(2);
		expect(names.every((n) => /^\d{8}T\d{9}Z-c[a-z0-9]+_kairan\.eml$/.test(n))).toBe(true);
		const parsed = await Promise.all(
			names.map(async (n) => simpleParser(await readFile(path.join(outboxDir, n))))
		);
		const byId = Object.fromEntries(parsed.map((m) => [m.messageId, m]));
		expect(byId[`<${a}@kairan>`].subject).toBe('【Kairan】事務連絡「周知について」の送付');
		expect(addresses(byId[`<${a}@kairan>`].to)).toEqual(['setagaya@example.jp']);
		expect(byId[`<${a}@kairan>`].text).toContain('世田谷区 衛生主管部（局）\u3000御中');
		expect(byId[`<${a}@kairan>`].html).toContain('<p>本文');
		expect(addresses(byId[`<${b}@kairan>`].to)).toEqual([
			'nerima@example.jp',
			'nerima-2@example.jp'
		]);
		const raw = await readFile(path.join(outboxDir, names[0]), 'utf8');
		expect(raw).toMatch(/^Date: /m);
		expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
		expect(raw).toContain('\r\n');
		expect(await row(a)).toMatchObject({ status: 'sent', messageId: `<${a}@kairan>` });
	});
});

describe('worker', () => {
	test('kick() sends at once; stop() ends the loop', async () => {
		const worker = startOutboxWorker({ ...sendOptions, db, transport: smtp, intervalMs: 60_000 });
		try {
			await new Promise((r) => setTimeout(r, 50)); // the first (empty) drain
			const id = await queue(['kick@example.jp']);
			worker.kick();
			await expect
				.poll(async () => (await row(id)).status, { timeout: 3000, interval: 20 })
				.toBe('sent');
		} finally {
			await worker.stop();
		}
		// Stopped: a queued mail stays queued, even when kicked.
		const id = await queue(['after@example.jp']);
		worker.kick();
		await new Promise((r) => setTimeout(r, 100));
		expect((await row(id)).status).toBe('queued');
	});

	test('stop() ends a long drain after the batch on its way; the batch claimed ahead goes back', async () => {
		for (let i = 0; i < 6; i++) await queue([`s${i}@example.jp`]);
		let worker: ReturnType<typeof startOutboxWorker> | null = null;
		let stopped: Promise<void> | null = null;
		const stopAtFirst: MailTransport = {
			kind: 'smtp',
			async send(message) {
				if (!stopped) {
					// The second batch is claimed beside this send; then the worker is told to stop.
					await expect
						.poll(() => db.mail.count({ where: { status: 'sending' } }), { interval: 5 })
						.toBe(4);
					stopped = worker!.stop();
				}
				return smtp.send(message);
			},
			close() {}
		};
		worker = startOutboxWorker({
			...sendOptions,
			db,
			transport: stopAtFirst,
			batchSize: 2,
			intervalMs: 60_000
		});
		await expect.poll(() => stopped, { interval: 5 }).not.toBeNull();
		await stopped;
		const rows = await db.mail.findMany();
		expect(rows.filter((r) => r.status === 'sent')).toHaveLength(2);
		const rest = rows.filter((r) => r.status !== 'sent');
		expect(rest.every((r) => r.status === 'queued' && r.attempts === 0 && !r.claimedBy)).toBe(true);
		expect(received).toHaveLength(2);
	});

	test('a failing drain is logged, not thrown, and the loop goes on', async () => {
		let calls = 0;
		const broken = {
			mail: {
				findMany: async () => {
					calls++;
					throw new Error('database unreachable');
				}
			}
		} as unknown as Db;
		const logged: string[] = [];
		const worker = startOutboxWorker({
			...sendOptions,
			db: broken,
			transport: smtp,
			intervalMs: 10,
			log: (message, error) => logged.push(`${message}: ${(error as Error).message}`)
		});
		await expect.poll(() => calls, { timeout: 2000, interval: 10 }).toBeGreaterThanOrEqual(3);
		await worker.stop();
		expect(logged[0]).toBe('mail outbox drain failed: database unreachable');
	});
});
