// Crash tests: the server modules run in a child process on a real database file (or a real
// PostgreSQL database with KAIRAN_TEST_DB=postgresql), are killed with SIGKILL at a named
// point — during a publication, a response's submission, and mail sending — and started again.
// Afterwards nothing is half-published or half-saved, no mail is lost, and a mail that went
// out twice carries the same Message-ID both times.
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, TEST_PROVIDER, type TestDatabase } from '../harness.ts';
import { sessionUserFor } from '../users.ts';
import type { Db } from '../../../src/lib/server/db/client.ts';
import { FAULT_POINT_ENV, FAULT_POINT_REACHED } from '../../../src/lib/server/db/fault-points.ts';
import { loadReferenceData } from '../../../src/lib/server/reference/load.ts';
import { createDraft } from '../../../src/lib/server/notices/drafts.ts';
import { saveResponse } from '../../../src/lib/server/responses/own.ts';
import { itemDefinitionColumns } from '../../../src/lib/server/responses/items-store.ts';
import { TEMPLATES } from '../../../src/lib/domain/forms/templates/index.ts';
import { mailMessageId } from '../../../src/lib/server/mail/outbox.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const ISSUER = 'kill.issuer@example.jp';
const RESPONDENT = 'kill.setagaya@example.jp';

type Child = {
	process: ChildProcess;
	/** Resolves when the child is paused at its fault point. */
	reached: Promise<string>;
	/** Resolves with what it printed after DONE (rejects if it exits without). */
	done: Promise<string>;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

function startChild(command: string, args: object, faultPoint?: string): Child {
	const child = spawn(
		process.execPath,
		['--experimental-transform-types', '--no-warnings', CHILD, command, JSON.stringify(args)],
		{
			env: {
				...process.env,
				KAIRAN_TEST_CHILD_TARGET: JSON.stringify(env.target),
				// Each start compiles the server modules' TypeScript; the cache halves that.
				NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'kairan-kill-compile-cache'),
				[FAULT_POINT_ENV]: faultPoint ?? ''
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let out = '';
	let err = '';
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal }))
	);
	const watch = (pattern: RegExp) => {
		const seen = new Promise<string>((resolve, reject) => {
			const look = () => {
				const m = pattern.exec(out);
				if (m) resolve(m[1]);
			};
			child.stdout!.on('data', (chunk: Buffer) => {
				out += chunk;
				look();
			});
			void exited.then(({ code, signal }) => {
				look();
				reject(new Error(`child ${command} exited (${code ?? signal}) before ${pattern}: ${err}`));
			});
		});
		// Most children are awaited for one of the two; the other may never come.
		seen.catch(() => {});
		return seen;
	};
	child.stderr!.on('data', (chunk: Buffer) => (err += chunk));
	return {
		process: child,
		reached: watch(new RegExp(`${FAULT_POINT_REACHED} (\\S+)`)),
		done: watch(/DONE (.*)\n/),
		exited
	};
}

/** Kills the child where it stands, as a power cut or the OOM killer would. */
async function kill(child: Child) {
	child.process.kill('SIGKILL');
	expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
}

let env: TestDatabase;
let db: Db;
let noticeId: string;
let itemId: string;

// The SMTP server stays up in this process while the mail worker dies and restarts.
let server: SMTPServer;
let smtpUrl: string;
const received: ParsedMail[] = [];
/** When set, the next message's DATA is held unanswered; resolves when it has arrived. */
let holdNext: ((held: () => void) => void) | null = null;

beforeAll(async () => {
	env = await createTestDatabase();
	db = env.db;
	await loadReferenceData(db);
	const office = await db.department.findFirstOrThrow({ where: { function: 'ministry_office' } });
	const wards = await db.department.findMany({
		where: { function: 'health', organization: { kind: 'special_ward' } },
		include: { organization: true }
	});
	// Every ward has a mail address, so every recipient gets a mail.
	await db.departmentEmail.createMany({
		data: wards.map((w) => ({
			departmentId: w.id,
			address: `health-${w.organization.localGovernmentCode}@example.jp`
		}))
	});
	const setagaya = wards.find((w) => w.organization.name === '世田谷区')!;
	await db.user.createMany({
		data: [
			{ email: ISSUER, name: '発出', passwordHash: '', role: 'issuer', departmentId: office.id },
			{
				email: RESPONDENT,
				name: '回答',
				passwordHash: '',
				role: 'respondent',
				departmentId: setagaya.id
			}
		]
	});
	const issuer = await sessionUserFor(db, ISSUER);
	noticeId = await createDraft(db, issuer, {
		noticeType: 'administrative_liaison',
		itemNumbering: 'full_width',
		correctionReason: null,
		title: '特別区あて 周知について',
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-25',
		addresseeLines: ['各特別区衛生主管部（局）　御中'],
		preamble: '周知についてご協力をお願いします。',
		items: [{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' }],
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [office.id],
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] }
	});
	itemId = (
		await db.responseItem.create({
			data: {
				noticeId,
				kind: 'yes_no',
				...itemDefinitionColumns(
					TEMPLATES.yes_no.build({
						number: 1,
						title: '周知しましたか',
						appliesTo: { bodyKinds: [], functions: ['health'] }
					})
				)
			}
		})
	).id;

	server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		disableReverseLookup: true,
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (holdNext) {
					// Never answered: the sender dies waiting for the 250.
					const held = holdNext;
					holdNext = null;
					held(() => callback(new Error('closed')));
					return;
				}
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
	// This spec kills senders mid-conversation, so the sink sees their sockets reset: expected
	// here, and without a listener smtp-server's 'error' event is an unhandled error that fails
	// the whole vitest run (seen twice). Any other server error still fails it.
	server.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'ECONNRESET') throw error;
	});
	const port = await new Promise<number>((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port))
	);
	smtpUrl = `smtp://127.0.0.1:${port}?connectionTimeout=5000`;
}, 120_000);

afterAll(async () => {
	await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
	await env?.cleanup();
});

const publicationState = async () => ({
	status: (await db.notice.findUniqueOrThrow({ where: { id: noticeId } })).status,
	recipients: await db.recipient.count({ where: { noticeId } }),
	mails: await db.mail.count({ where: { recipient: { noticeId } } }),
	/** Rows the outbox worker may send (everything but `held`). */
	sendable: await db.mail.count({ where: { recipient: { noticeId }, status: { not: 'held' } } }),
	published: await db.noticeVersion.count({ where: { noticeId, publishedAt: { not: null } } }),
	auditEvents: await db.auditEvent.count({
		where: { action: 'notice.publish', objectId: noticeId }
	})
});

describe(`SIGKILL and restart (${TEST_PROVIDER})`, () => {
	test('killed at each stage of publishing: still an unpublished draft, nothing sendable; publishing again resumes and completes it', async () => {
		// 1. Between the two batches: recipients written, no mail yet.
		const first = startChild('publish', { email: ISSUER, noticeId }, 'publish.recipients_written');
		expect(await first.reached).toBe('publish.recipients_written');
		await kill(first);
		expect(await publicationState()).toEqual({
			status: 'draft',
			recipients: 23,
			mails: 0,
			sendable: 0,
			published: 0,
			auditEvents: 0
		});
		const recipientIds = (await db.recipient.findMany({ where: { noticeId } })).map((r) => r.id);

		// 2. Inside the commit transaction, after every batch was written: it rolls back whole.
		const second = startChild('publish', { email: ISSUER, noticeId }, 'NoticeVersion.update');
		expect(await second.reached).toBe('NoticeVersion.update');
		await kill(second);
		expect(await publicationState()).toEqual({
			status: 'draft',
			recipients: 23,
			mails: 23,
			sendable: 0,
			published: 0,
			auditEvents: 0
		});

		// 3. Publishing again reuses what was written and commits.
		const again = startChild('publish', { email: ISSUER, noticeId });
		expect(await again.done).toBe('23');
		expect(await again.exited).toEqual({ code: 0, signal: null });
		expect(await publicationState()).toEqual({
			status: 'published',
			recipients: 23,
			mails: 23,
			sendable: 23,
			published: 1,
			auditEvents: 1
		});
		// The recipients of the first attempt are the ones published (nothing written twice).
		expect((await db.recipient.findMany({ where: { noticeId } })).map((r) => r.id).sort()).toEqual(
			recipientIds.sort()
		);
		// One publication mail per recipient, each queued to its ward.
		const mails = await db.mail.findMany({ where: { recipient: { noticeId } } });
		expect(new Set(mails.map((m) => m.recipientId)).size).toBe(23);
		expect(mails.every((m) => m.kind === 'publication' && m.status === 'queued')).toBe(true);
	}, 90_000);

	test('killed while submitting a response: the earlier submission stands whole; submitting again works', async () => {
		const user = await sessionUserFor(db, RESPONDENT);
		const first = await saveResponse(db, user, noticeId, {
			itemId,
			revision: 0,
			mode: 'submit',
			data: { answer: 'no', comment: '来週配布します' }
		});
		expect(first).toMatchObject({ ok: true, revision: 1 });
		const state = async () => {
			const response = await db.response.findFirstOrThrow({
				where: { responseItemId: itemId, recipient: { departmentId: user.departmentId! } },
				include: { submissions: { orderBy: { number: 'asc' } } }
			});
			return {
				status: response.status,
				revision: response.revision,
				data: response.data,
				submissions: response.submissions.map((s) => [s.number, s.data])
			};
		};
		const before = await state();

		const input = {
			itemId,
			revision: 1,
			mode: 'submit',
			data: { answer: 'yes', comment: '配布しました' }
		};
		const child = startChild(
			'save',
			{ email: RESPONDENT, noticeId, input },
			'ResponseSubmission.create'
		);
		// Stopped after the response row was updated, before its submission was recorded.
		expect(await child.reached).toBe('ResponseSubmission.create');
		await kill(child);
		expect(await state()).toEqual(before);

		const again = startChild('save', { email: RESPONDENT, noticeId, input });
		expect(JSON.parse(await again.done)).toEqual({ ok: true, revision: 2, status: 'submitted' });
		expect(await state()).toEqual({
			status: 'submitted',
			revision: 2,
			data: input.data,
			submissions: [
				[1, before.data],
				[2, input.data]
			]
		});
	}, 60_000);

	test('killed while sending mail, before and after the server accepted: every mail arrives, a duplicate only with the same Message-ID', async () => {
		const leaseMs = 1500;
		const expected = (await db.mail.findMany({ where: { recipient: { noticeId } } })).map((m) =>
			mailMessageId(m.id)
		);
		expect(expected).toHaveLength(23);

		// 1. Killed while the server holds the first message's DATA unanswered. The worker claimed
		// its whole batch in one statement; no row says sent, since that is written per batch.
		let release!: () => void;
		const held = new Promise<void>((resolve) => {
			holdNext = (r) => {
				release = r;
				resolve();
			};
		});
		const first = startChild('mail', { smtpUrl, leaseMs });
		await held;
		await kill(first);
		release();
		const acceptedBeforeFirstKill = new Set(received.map((m) => m.messageId!));
		expect(await db.mail.count({ where: { recipient: { noticeId }, status: 'sent' } })).toBe(0);
		expect(await db.mail.count({ where: { status: 'sending' } })).toBe(23);

		// 2. Restarted; killed after the server accepted its batch, before the rows say sent.
		const second = startChild('mail', { smtpUrl, leaseMs }, 'outbox.accepted');
		expect(await second.reached).toBe('outbox.accepted');
		expect(received.length).toBeGreaterThan(acceptedBeforeFirstKill.size);
		const accepted = new Set(received.map((m) => m.messageId!));
		await kill(second);
		const sending = (await db.mail.findMany({ where: { status: 'sending' } })).map((m) =>
			mailMessageId(m.id)
		);
		for (const id of accepted) expect(sending).toContain(id);

		// 3. Restarted: once the dead workers' leases run out, everything goes out.
		const third = startChild('mail', { smtpUrl, leaseMs });
		try {
			await expect
				.poll(() => db.mail.count({ where: { recipient: { noticeId }, status: 'sent' } }), {
					timeout: 30_000,
					interval: 100
				})
				.toBe(23);
		} finally {
			await kill(third);
		}
		const arrivals = received.reduce<Record<string, number>>((counts, m) => {
			counts[m.messageId!] = (counts[m.messageId!] ?? 0) + 1;
			return counts;
		}, {});
		// No mail lost: every outbox row's Message-ID arrived. Only those accepted before a kill
		// arrived again — with the same Message-ID, so the receiving side can drop the copy.
		expect(Object.keys(arrivals).sort()).toEqual([...expected].sort());
		for (const [id, n] of Object.entries(arrivals)) {
			if (n > 1) expect(accepted.has(id)).toBe(true);
			expect(n).toBeLessThanOrEqual(3);
		}
	}, 90_000);
});
