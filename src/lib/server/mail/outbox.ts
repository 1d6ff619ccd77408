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
//
// This module holds what goes into the outbox (rows, Message-IDs, re-queueing; notice mails'
// keys are mail/queue.ts's); the way out is split by concern: claiming and leasing rows
// (outbox-claim.ts), sending a drain's batches (outbox-drain.ts), and the worker that drains on
// a timer (outbox-worker.ts).
import type { Db } from '../db/client.ts';
import type { MailKind } from './compose.ts';

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
