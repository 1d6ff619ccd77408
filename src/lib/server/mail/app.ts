// The app's mail: the transport from configuration and the outbox worker, started once the
// database is ready (hooks.server.ts init). Routes call kickOutbox() after queuing mail so it
// goes out at once rather than at the next tick.
import path from 'node:path';
import { KAIRAN_DATA_DIR, MAIL_FROM, MAIL_REPLY_TO, SMTP_URL } from '$app/env/private';
import type { Db } from '../db/client.ts';
import { createMailTransport } from './transport.ts';
import { startOutboxWorker, type OutboxWorker } from './outbox.ts';

let worker: OutboxWorker | null = null;

export function startMailWorker(db: Db) {
	worker ??= startOutboxWorker({
		db,
		transport: createMailTransport({
			smtpUrl: SMTP_URL,
			outboxDir: path.resolve(KAIRAN_DATA_DIR, 'outbox')
		}),
		from: MAIL_FROM,
		replyTo: MAIL_REPLY_TO
	});
	return worker;
}

export function kickOutbox() {
	worker?.kick();
}
