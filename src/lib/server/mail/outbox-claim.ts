// Claiming and leasing outbox rows (the outbox's life cycle: mail/outbox.ts). Separate from the
// sending (outbox-drain.ts) because it is the one part that keeps two workers from sending the
// same row: a batch is claimed by a conditional update, held by a lease its heartbeat renews, and
// what is never attempted is put back exactly as it was.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { COMPOSE_SELECT, type noticeMailComposer } from './notice-mails.ts';

export const DEFAULT_LEASE_MS = 15_000;

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
export type Claim = {
	token: string;
	/** Each row as it was before the claim, to put back if it is never attempted. */
	before: Map<string, { status: string; attempts: number; nextAttemptAt: Date }>;
	rows: { id: string; attempts: number; toAddresses: string; message: Promise<Message> }[];
	/** The batch took every row it could (batchSize): more may be due after it. */
	full: boolean;
	/** Stops renewing the lease; resolves once no renewal is under way. */
	stopHeartbeat(): Promise<void>;
};

/** What claiming needs of the drain that claims: its settings, clock and composer. */
export type Claimer = {
	db: Db;
	now: () => Date;
	batchSize: number;
	leaseMs: number;
	heartbeatMs: number;
	/** One composer for the whole drain: a notice is read once however many batches it spans. */
	compose: ReturnType<typeof noticeMailComposer> | null;
	/** Told when renewing a lease fails (the send goes on; at worst it is sent twice). */
	log?: (message: string, error?: unknown) => void;
};

async function messageOf(
	claimer: Claimer,
	mail: Prisma.MailGetPayload<{ select: typeof CLAIMED_SELECT }>
) {
	if (mail.subject !== null && mail.text !== null && mail.html !== null)
		return { subject: mail.subject, text: mail.text, html: mail.html, replyTo: mail.replyTo };
	if (!claimer.compose) throw new Error('notice mail without compose options (publicUrl)');
	return claimer.compose(mail, claimer.now());
}

/**
 * Claims the next batch of due rows (queued, retrying whose time has come, sending whose lease ran
 * out) and starts composing their messages; null when none is due or another worker took them all.
 */
export async function claimBatch(claimer: Claimer): Promise<Claim | null> {
	const { db, now, batchSize, leaseMs } = claimer;
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
	const stopHeartbeat = startHeartbeat(claimer, token);
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
				const message = messageOf(claimer, mail);
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
function startHeartbeat(claimer: Claimer, token: string): () => Promise<void> {
	const { db, now, leaseMs, heartbeatMs } = claimer;
	let renewing: Promise<unknown> = Promise.resolve();
	const heartbeat = setInterval(() => {
		renewing = renewing
			.then(() =>
				db.mail.updateMany({
					where: { claimedBy: token, status: 'sending' },
					data: { nextAttemptAt: new Date(now().getTime() + leaseMs) }
				})
			)
			.catch((error: unknown) => claimer.log?.('renewing a mail lease failed', error));
	}, heartbeatMs);
	heartbeat.unref();
	return async () => {
		clearInterval(heartbeat);
		// A renewal still under way must not land after the rows' final update.
		await renewing;
	};
}

/** Rows never attempted (the drain stopped at an outage) go back exactly as they were. */
export async function releaseUnattempted(db: Db, batch: Claim, attempted: Set<string>) {
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
