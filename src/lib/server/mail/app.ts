// The app's mail: the transport from configuration and the outbox worker, started once the
// database is ready (hooks.server.ts init). Routes call kickOutbox() after queuing mail so it
// goes out at once rather than at the next tick.
import path from 'node:path';
import {
	KAIRAN_DATA_DIR,
	KAIRAN_PUBLIC_URL,
	MAIL_FROM,
	MAIL_REPLY_TO,
	SMTP_URL
} from '$app/env/private';
import { queueDueReminders } from '../recipients/reminders.ts';
import type { Db } from '../db/client.ts';
import { createMailTransport } from './transport.ts';
import { startOutboxWorker, type OutboxWorker } from './outbox.ts';

/**
 * What every mail is queued with: the link base, and the operator's Reply-To for notices whose
 * issuing offices have no address on record (an office's own address takes precedence).
 */
export function mailOptions() {
	return { publicUrl: KAIRAN_PUBLIC_URL, operatorReplyTo: MAIL_REPLY_TO };
}

let worker: OutboxWorker | null = null;
let reminderTimer: ReturnType<typeof setInterval> | null = null;

/** Automatic reminders are checked hourly; each goes out once per round (see reminders.ts). */
function startReminderSchedule(db: Db) {
	const run = () =>
		queueDueReminders(db, mailOptions())
			.then((queued) => queued > 0 && worker?.kick())
			.catch((error) => console.error('[kairan] automatic reminders failed', error));
	reminderTimer ??= setInterval(run, 60 * 60 * 1000);
	reminderTimer.unref();
	void run();
}

export function startMailWorker(db: Db) {
	if (worker) return worker;
	const transport = createMailTransport({
		smtpUrl: SMTP_URL,
		outboxDir: path.resolve(KAIRAN_DATA_DIR, 'outbox')
	});
	worker = startOutboxWorker({
		db,
		transport,
		// Notice mails are composed as they are sent, each with its own Reply-To (notice-mails.ts).
		compose: mailOptions(),
		// As many messages on their way at once as the SMTP pool has connections.
		concurrency: transport.concurrency,
		batchSize: 500,
		from: MAIL_FROM
	});
	startReminderSchedule(db);
	return worker;
}

export function kickOutbox() {
	worker?.kick();
}
