// Draining the outbox: sending the claimed batches and recording each message's outcome (the
// life cycle: mail/outbox.ts). Separate from the claiming (outbox-claim.ts), which decides which
// worker owns a row, and from the worker loop (outbox-worker.ts), which decides when to drain.
import type { Db } from '../db/client.ts';
import { faultPoint } from '../db/fault-points.ts';
import { noticeMailComposer, type ComposeOptions } from './notice-mails.ts';
import { MailSendError, type MailTransport } from './transport.ts';
import { clearMarksOfClaim, noteDeliveryOutcome } from '../addresses/failures.ts';
import { mailsFailed, mailsSent } from '../metrics/index.ts';
import { mailMessageId } from './outbox.ts';
import {
	claimBatch,
	DEFAULT_LEASE_MS,
	releaseUnattempted,
	type Claim,
	type Claimer
} from './outbox-claim.ts';

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

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min, … after the 1st, 2nd, 3rd failed attempt; at most 1 hour. */
export function retryDelayMs(attempts: number): number {
	return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

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

	const claimer: Claimer = {
		db,
		now,
		batchSize,
		leaseMs,
		heartbeatMs,
		compose,
		log: options.log
	};

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
		await releaseUnattempted(db, batch, attempted);
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

	let batch = await claimBatch(claimer);
	while (batch) {
		// The next batch is claimed and composed while this one is on its way: one ahead at most.
		const ahead =
			batch.full && !options.signal?.aborted ? claimBatch(claimer) : Promise.resolve(null);
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
			await releaseUnattempted(db, following, new Set());
			break;
		}
		batch = following;
	}
	return result;
}
