// The mail outbox: messages are written to the Mail table before the change they announce
// (publishing, correcting…) commits, `held`, and released (queued) in its transaction
// (mail/queue.ts); a worker sends them afterwards, composing notice mails as it goes
// (mail/notice-mails.ts). A message is never lost because the SMTP server was down, and never
// sent twice by two workers at once: rows are claimed, a batch at a time, with a conditional
// update before they are sent.
//
// Row life cycle (Mail.status):
//   held ──the change commits──▶ queued (never sent while held; dropped if it never commits)
//   queued ──claim──▶ sending ──accepted──▶ sent
//                        │ 4xx / connection error ──▶ retrying ──(nextAttemptAt)──▶ claim again
//                        │ 5xx, or maxAttempts of 4xx reached ──▶ failed ──resendMail──▶ queued
//                        │ (an unreachable server never counts toward maxAttempts)
//                        └ worker died: the lease (nextAttemptAt) runs out ──▶ claimed again
// The lease is short (15 s) and renewed while the message is on its way (a heartbeat every
// 5 s), so a slow SMTP server keeps its row, and a row whose worker was killed goes out again
// within seconds of the next worker's drain instead of waiting out a long fixed lease.
// Delivery is at least once: a worker that dies after the server accepted a message but before
// the row says `sent` sends it again once the lease expires. The Message-ID (`<mail id@kairan>`)
// stays the same, so a mail system or a person can recognize the duplicate.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { faultPoint } from '../db/fault-points.ts';
import type { MailKind } from './compose.ts';
import { COMPOSE_SELECT, noticeMailComposer, type ComposeOptions } from './notice-mails.ts';
import { MailSendError, type MailTransport } from './transport.ts';
import { clearMarksOfClaim, noteDeliveryOutcome } from '../addresses/failures.ts';
import { logger } from '../log.ts';
import { mailsFailed, mailsSent } from '../metrics/index.ts';

/**
 * The dedupe key of a notice mail: `<kind>:<recipientId>:v<version>`, e.g.
 * `publication:cm1abc:v1`. One message per recipient, purpose and version; queueing the same key
 * again is a no-op. A purpose that may repeat for one version (a second reminder) passes a
 * `round` that tells the occasions apart: `reminder:cm1abc:v1:2024-10-08`.
 */
export function mailDedupeKey(
	kind: MailKind,
	recipientId: string,
	versionNumber: number,
	round?: string
): string {
	return `${kind}:${recipientId}:v${versionNumber}${round ? `:${round}` : ''}`;
}

export type QueueMailInput = {
	dedupeKey: string;
	recipientId: string | null;
	kind: MailKind;
	versionNumber: number | null;
	to: string[];
	subject: string;
	text: string;
	html: string;
};

/**
 * The outbox row of one message, queued and due `now`. Written with createMany inside the
 * transaction that makes the change the message announces, so both happen or neither does
 * (queueNoticeMails). A department without any address cannot be mailed: its row is `failed`
 * at once with the reason, so the issuer sees it; the notice still reaches it in the app.
 * Addresses must be plain (reference data, never typed by a user): anything else is a bug.
 */
export function outboxRow(input: QueueMailInput, now: Date) {
	const to = input.to.map((a) => a.trim()).filter(Boolean);
	const bad = to.find((a) => /[,\s]/.test(a) || !a.includes('@'));
	if (bad !== undefined) throw new Error(`not a plain e-mail address: ${JSON.stringify(bad)}`);
	return {
		dedupeKey: input.dedupeKey,
		recipientId: input.recipientId,
		kind: input.kind,
		versionNumber: input.versionNumber,
		toAddresses: to.join(','),
		subject: input.subject,
		text: input.text,
		html: input.html,
		createdAt: now,
		nextAttemptAt: now,
		...(to.length === 0
			? {
					status: 'failed',
					lastError: '宛先部局のメールアドレスが登録されていません。 / No mail address.'
				}
			: { status: 'queued' })
	};
}

/** `<id@kairan>`: the same for every attempt at one row. */
export function mailMessageId(mailId: string): string {
	return `<${mailId}@kairan>`;
}

export type DrainOptions = {
	from: string;
	now?: () => Date;
	/** Rows claimed per drain (default 50). */
	batchSize?: number;
	/** After this many attempts a temporary failure becomes `failed` (default 8). */
	maxAttempts?: number;
	/**
	 * How long a claimed row belongs to this worker without news from it (default 15 s); after it
	 * another worker takes the row over as abandoned. The worker renews it every `heartbeatMs`
	 * while the batch is being sent, so a send may take longer than this (the SMTP transport
	 * gives up after 30 s connect + 60 s idle).
	 */
	leaseMs?: number;
	/** How often the lease is renewed during a send (default a third of leaseMs). */
	heartbeatMs?: number;
	/** Messages on their way at once (default 1; the app passes the SMTP pool's size). */
	concurrency?: number;
	/**
	 * How notice mails are composed (their rows hold no body): the link base and the operator's
	 * Reply-To. Without it a row without a body fails (a configuration error, not the message's).
	 */
	compose?: ComposeOptions;
	/** Told when renewing a lease fails (the send goes on; at worst it is sent twice). */
	log?: (message: string, error?: unknown) => void;
	/** Once aborted, the batch on its way is finished and no further one is started. */
	signal?: AbortSignal;
};

export type DrainResult = {
	sent: number;
	failed: number;
	retrying: number;
	/** The batch stopped at a connection-level error; unattempted rows stay as they were. */
	interrupted: boolean;
};

export const DEFAULT_LEASE_MS = 15_000;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min, … after the 1st, 2nd, 3rd failed attempt; at most 1 hour. */
export function retryDelayMs(attempts: number): number {
	return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

const DUE_STATUSES = ['queued', 'retrying', 'sending'];

/** What a claimed row brings: the message, or what composes it (notice-mails.ts). */
const CLAIMED_SELECT = {
	id: true,
	attempts: true,
	toAddresses: true,
	subject: true,
	text: true,
	html: true,
	replyTo: true,
	...COMPOSE_SELECT
} as const;

type Message = { subject: string; text: string; html: string; replyTo: string | null };

/** One claimed batch: its rows, their messages being composed, and its lease's heartbeat. */
type Claim = {
	token: string;
	/** Each row as it was before the claim, to put back if it is never attempted. */
	before: Map<string, { status: string; attempts: number; nextAttemptAt: Date }>;
	rows: { id: string; attempts: number; toAddresses: string; message: Promise<Message> }[];
	/** The batch took every row it could (batchSize): more may be due after it. */
	full: boolean;
	/** Stops renewing the lease; resolves once no renewal is under way. */
	stopHeartbeat(): Promise<void>;
};

/**
 * Sends the messages that are due: queued, retrying whose time has come, and sending whose
 * lease ran out (a crashed worker). Safe to run concurrently, in one process or several.
 *
 * Writes per batch, not per message: one statement claims the batch (a conditional update: of
 * two workers that read the same rows, each row goes to one), one renews its lease while it is
 * on its way, one records every message the server accepted. Only a failure, or a message some
 * of whose addresses were refused, is written on its own. A worker killed after the server
 * accepted messages but before that last write sends the batch's messages again once the lease
 * runs out, with the same Message-IDs (at least once).
 *
 * A full batch is followed by the next one in the same drain, and that one is claimed and
 * composed while the first is on its way (never more than one batch ahead), so the SMTP
 * connections do not idle through the database's round trips between batches. A batch claimed
 * ahead holds its own lease (renewed like the batch being sent); if the drain stops at an outage
 * (or the worker stops) its rows go back exactly as they were.
 */
export async function drainOutbox(
	db: Db,
	transport: MailTransport,
	options: DrainOptions
): Promise<DrainResult> {
	const now = options.now ?? (() => new Date());
	const maxAttempts = options.maxAttempts ?? 8;
	const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
	const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3));
	const batchSize = options.batchSize ?? 50;
	const concurrency = Math.max(1, options.concurrency ?? 1);
	const result: DrainResult = { sent: 0, failed: 0, retrying: 0, interrupted: false };
	// One composer for the whole drain: a notice is read once however many batches it spans.
	const compose = options.compose ? noticeMailComposer(db, options.compose) : null;

	async function messageOf(mail: Prisma.MailGetPayload<{ select: typeof CLAIMED_SELECT }>) {
		if (mail.subject !== null && mail.text !== null && mail.html !== null)
			return { subject: mail.subject, text: mail.text, html: mail.html, replyTo: mail.replyTo };
		if (!compose) throw new Error('notice mail without compose options (publicUrl)');
		return compose(mail, now());
	}

	async function claim(): Promise<Claim | null> {
		const start = now();
		const due = await db.mail.findMany({
			where: { status: { in: DUE_STATUSES }, nextAttemptAt: { lte: start } },
			orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
			take: batchSize,
			select: { id: true, status: true, nextAttemptAt: true, attempts: true }
		});
		if (due.length === 0) return null;

		// The claim: only rows still due when it runs (another worker's claim moved their lease
		// into the future). The id list is this batch, at most batchSize long.
		const token = randomUUID();
		const claimed = await db.mail.updateMany({
			where: {
				id: { in: due.map((m) => m.id) },
				status: { in: DUE_STATUSES },
				nextAttemptAt: { lte: start }
			},
			data: {
				status: 'sending',
				claimedBy: token,
				nextAttemptAt: new Date(now().getTime() + leaseMs),
				attempts: { increment: 1 }
			}
		});
		if (claimed.count === 0) return null;
		const stopHeartbeat = startHeartbeat(token);
		try {
			const order = new Map(due.map((m, i) => [m.id, i]));
			const rows = (
				await db.mail.findMany({
					where: { claimedBy: token, status: 'sending' },
					select: CLAIMED_SELECT
				})
			).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
			return {
				token,
				before: new Map(due.map((m) => [m.id, m])),
				rows: rows.map((mail) => {
					// Composed now, while the batch before is still on its way; a failure to compose
					// is this message's failure, met when its turn comes (sendOne).
					const message = messageOf(mail);
					message.catch(() => {});
					return { id: mail.id, attempts: mail.attempts, toAddresses: mail.toAddresses, message };
				}),
				full: due.length === batchSize,
				stopHeartbeat
			};
		} catch (error) {
			// The rows stay claimed; their lease runs out as if this worker had died.
			await stopHeartbeat();
			throw error;
		}
	}

	// The heartbeat: while a batch is claimed, its lease is pushed forward. Only this claim's rows
	// still sending are renewed, never a row another worker has taken over since.
	function startHeartbeat(token: string): () => Promise<void> {
		let renewing: Promise<unknown> = Promise.resolve();
		const heartbeat = setInterval(() => {
			renewing = renewing
				.then(() =>
					db.mail.updateMany({
						where: { claimedBy: token, status: 'sending' },
						data: { nextAttemptAt: new Date(now().getTime() + leaseMs) }
					})
				)
				.catch((error: unknown) => options.log?.('renewing a mail lease failed', error));
		}, heartbeatMs);
		heartbeat.unref();
		return async () => {
			clearInterval(heartbeat);
			// A renewal still under way must not land after the rows' final update.
			await renewing;
		};
	}

	/** Sends one row; true when the server took it for every address (recorded with its batch). */
	async function sendOne(mail: Claim['rows'][number], attempted: Set<string>): Promise<boolean> {
		attempted.add(mail.id);
		try {
			const message = await mail.message;
			const sent = await transport.send({
				from: options.from,
				replyTo: message.replyTo ?? undefined,
				to: mail.toAddresses
					.split(',')
					.map((a) => a.trim())
					.filter(Boolean),
				subject: message.subject,
				text: message.text,
				html: message.html,
				messageId: mailMessageId(mail.id)
			});
			mailsSent.inc();
			// What the outcome says about the addresses: a refusal marks them, a success clears
			// marks — for the whole batch at once (clearMarksOfClaim), unless refused here.
			if (sent.rejected.length > 0) {
				await noteDeliveryOutcome(db, mail.toAddresses, sent);
				// Accepted for the other addresses; the refused ones are worth an admin's look.
				// No longer `sending`: the batch's statement for accepted messages leaves it alone.
				await db.mail.update({
					where: { id: mail.id },
					data: {
						status: 'sent',
						sentAt: now(),
						messageId: sent.messageId,
						lastError: `refused: ${sent.rejected.join(', ')}`
					}
				});
			}
			result.sent++;
			return sent.rejected.length === 0;
		} catch (error) {
			const failure = error instanceof MailSendError ? error : new MailSendError(error);
			// An unreachable server says nothing about this message: an outage, however long,
			// never uses up a mail's attempts (it stays retrying, at most hourly, until it goes out).
			const giveUp = failure.permanent || (!failure.transportLevel && mail.attempts >= maxAttempts);
			const at = now();
			await db.mail.update({
				where: { id: mail.id },
				data: {
					status: giveUp ? 'failed' : 'retrying',
					lastError: failure.message.slice(0, 2000),
					nextAttemptAt: giveUp ? at : new Date(at.getTime() + retryDelayMs(mail.attempts))
				}
			});
			if (giveUp) result.failed++;
			else result.retrying++;
			mailsFailed.inc({ outcome: giveUp ? 'failed' : 'retrying' });
			await noteDeliveryOutcome(db, mail.toAddresses, failure);
			// The server (or the outbox directory) is unavailable: the next rows would fail the
			// same way. They are not attempted and go out on a later drain.
			if (failure.transportLevel) result.interrupted = true;
			return false;
		}
	}

	/** Rows never attempted (the drain stopped at an outage) go back exactly as they were. */
	async function release(batch: Claim, attempted: Set<string>) {
		for (const mail of batch.rows) {
			if (attempted.has(mail.id)) continue;
			const was = batch.before.get(mail.id)!;
			await db.mail.updateMany({
				where: { id: mail.id, claimedBy: batch.token, status: 'sending' },
				data: {
					status: was.status,
					attempts: was.attempts,
					nextAttemptAt: was.nextAttemptAt,
					claimedBy: null
				}
			});
		}
	}

	async function send(batch: Claim) {
		const attempted = new Set<string>();
		let next = 0;
		let accepted = 0;
		try {
			// With a pool (concurrency > 1), twice as many messages on their way as it has
			// connections: a connection that finishes one finds the next already waiting in the
			// pool's queue instead of idling while its lane starts the next. One at a time stays one.
			const width = concurrency > 1 ? 2 * concurrency : 1;
			const lanes = Array.from({ length: Math.min(width, batch.rows.length) }, async () => {
				while (!result.interrupted && next < batch.rows.length)
					if (await sendOne(batch.rows[next++], attempted)) accepted++;
			});
			// Every lane is done before the batch is recorded (or a failure thrown).
			const settled = await Promise.allSettled(lanes);
			const failed = settled.find((s) => s.status === 'rejected');
			if (failed) throw failed.reason;
		} finally {
			await batch.stopHeartbeat();
		}
		// Unattempted rows first: what is left `sending` under this claim is what the server took.
		await release(batch, attempted);
		if (accepted > 0) {
			await faultPoint('outbox.accepted');
			// Every message of the claim the server accepted, in one statement: failures and
			// partial refusals were written on their own above and are no longer `sending`.
			await db.$executeRaw`UPDATE "Mail" SET "status" = 'sent',
				"sentAt" = ${now()}, "messageId" = '<' || "id" || '@kairan>', "lastError" = NULL
				WHERE "claimedBy" = ${batch.token} AND "status" = 'sending'`;
			await clearMarksOfClaim(db, batch.token);
		}
	}

	let batch = await claim();
	while (batch) {
		// The next batch is claimed and composed while this one is on its way: one ahead at most.
		const ahead = batch.full && !options.signal?.aborted ? claim() : Promise.resolve(null);
		// Its failure is met below, once this batch is done; until then it must not count as
		// unhandled (which would end the process).
		ahead.catch(() => {});
		try {
			await send(batch);
		} catch (error) {
			// This worker gives up; a batch claimed ahead is left to its lease, as if it had died.
			await ahead.then((b) => b?.stopHeartbeat()).catch(() => {});
			throw error;
		}
		const following = await ahead;
		if (following && (result.interrupted || options.signal?.aborted)) {
			await following.stopHeartbeat();
			await release(following, new Set());
			break;
		}
		batch = following;
	}
	return result;
}

/**
 * Puts a failed message back in the queue: attempts 0, due now. lastError is kept (it says why
 * the last attempt failed) until the next attempt replaces or clears it. Returns false when the
 * row is not `failed` (a sent message is never sent again this way) or has no address at all
 * (a department without a registered address: sending again cannot help).
 */
export async function resendMail(
	db: Db,
	mailId: string,
	options: { now?: Date } = {}
): Promise<boolean> {
	const r = await db.mail.updateMany({
		where: { id: mailId, status: 'failed', toAddresses: { not: '' } },
		data: { status: 'queued', attempts: 0, nextAttemptAt: options.now ?? new Date() }
	});
	return r.count === 1;
}

/**
 * resendMail for every failed message of one notice; returns how many were re-queued. One
 * statement with the notice's recipients as a subquery, whatever their number (Prisma would
 * read their ids first and name them all in an IN list).
 */
export async function resendFailed(
	db: Db,
	filter: { noticeId: string },
	options: { now?: Date } = {}
): Promise<number> {
	return db.$executeRaw`UPDATE "Mail" SET "status" = 'queued', "attempts" = 0,
		"nextAttemptAt" = ${options.now ?? new Date()}
		WHERE "status" = 'failed' AND "toAddresses" <> ''
		AND "recipientId" IN (SELECT r."id" FROM "Recipient" r WHERE r."noticeId" = ${filter.noticeId})`;
}

export type OutboxWorkerOptions = Omit<DrainOptions, 'from'> & {
	db: Db;
	transport: MailTransport;
	from: string;
	/** Pause between drains (default 5 s). */
	intervalMs?: number;
	log?: (message: string, error?: unknown) => void;
};

export type OutboxWorker = {
	/** Drain as soon as possible (e.g. right after publishing) instead of at the next tick. */
	kick(): void;
	/** No more drains; resolves when the running one (if any) has finished. */
	stop(): Promise<void>;
};

/**
 * Drains the outbox every `intervalMs`, one drain at a time. The timer does not keep the process
 * alive. Errors (e.g. the database being unreachable) are logged and the loop goes on.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
	const { db, transport, intervalMs = 5000, ...drainOptions } = options;
	const log =
		options.log ?? ((message: string, error?: unknown) => logger.error({ err: error }, message));
	let stopped = false;
	// A drain goes on while batches come full; stopping ends it after the batch on its way.
	const stopping = new AbortController();
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running: Promise<void> | null = null;
	let kicked = false;
	let interrupted = false;

	function schedule(delay: number) {
		if (stopped) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(tick, delay);
		timer.unref();
	}

	async function drainUntilDone() {
		do {
			kicked = false;
			try {
				const r = await drainOutbox(db, transport, {
					...drainOptions,
					log,
					signal: stopping.signal
				});
				// The drain went on while batches came full: what is due now came in meanwhile (a kick).
				// Said once when delivery starts failing and once when it works again, not every tick.
				if (r.interrupted && !interrupted) log('mail delivery interrupted; retrying later');
				if (!r.interrupted && interrupted && r.sent) log('mail delivery resumed');
				if (r.interrupted || r.sent) interrupted = r.interrupted;
			} catch (error) {
				log('mail outbox drain failed', error);
				return;
			}
		} while (kicked && !stopped);
	}

	function tick() {
		timer = null;
		if (running || stopped) return;
		running = drainUntilDone().finally(() => {
			running = null;
			schedule(intervalMs);
		});
	}

	schedule(0);
	return {
		kick() {
			if (stopped) return;
			if (running) kicked = true;
			else schedule(0);
		},
		async stop() {
			stopped = true;
			stopping.abort();
			if (timer) clearTimeout(timer);
			timer = null;
			await running;
		}
	};
}
