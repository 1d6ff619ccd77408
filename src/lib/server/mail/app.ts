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
import { startOutboxWorker, type OutboxWorker } from './outbox-worker.ts';
import { logger } from '../log.ts';
import { hourlyRound, instanceId, msUntilNextHour, runOncePerRound } from '../schedule/rounds.ts';

/**
 * What every mail is queued with: the link base, and the operator's Reply-To for notices whose
 * issuing offices have no address on record (an office's own address takes precedence).
 */
export function mailOptions() {
	return { publicUrl: KAIRAN_PUBLIC_URL, operatorReplyTo: MAIL_REPLY_TO };
}

let worker: OutboxWorker | null = null;
let reminderTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Automatic reminders are checked at start and at the top of every hour. Every instance's timer
 * fires, but each hour is one round that only one instance runs (a lease row in the database,
 * schedule/rounds.ts); each reminder goes out once per version round anyway (reminders.ts).
 */
function startReminderSchedule(db: Db) {
	if (reminderTimer) return;
	const holder = instanceId();
	const run = () =>
		runOncePerRound(db, { job: 'reminders.auto', round: hourlyRound(new Date()), holder }, () =>
			queueDueReminders(db, mailOptions())
		)
			.then((r) => r.ran && r.result > 0 && worker?.kick())
			.catch((error) => logger.error({ err: error }, 'automatic reminders failed'));
	const next = () => {
		// A few seconds past the hour, so that clocks a little apart agree on the round.
		reminderTimer = setTimeout(
			() => {
				void run();
				next();
			},
			msUntilNextHour(new Date()) + 5_000
		);
		reminderTimer.unref();
	};
	next();
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
