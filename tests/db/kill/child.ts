// The server side of the crash tests, in a process of its own: the real server modules on the
// real database the test prepared, doing what a request (or the mail worker) does. The test
// kills it with SIGKILL at a fault point (KAIRAN_TEST_FAULT_POINT, see
// src/lib/server/db/fault-points.ts) and then starts it again.
//
//   node --experimental-transform-types child.ts <command> <json arguments>
//
// Database: KAIRAN_TEST_CHILD_TARGET (a DbTarget as JSON). Prints `DONE <json>` when finished.
import { openDb, type DbTarget } from '../../../src/lib/server/db/client.ts';
import { publishNotice } from '../../../src/lib/server/notices/publishing.ts';
import { saveResponse } from '../../../src/lib/server/responses/own.ts';
import { startOutboxWorker } from '../../../src/lib/server/mail/outbox-worker.ts';
import { createMailTransport } from '../../../src/lib/server/mail/transport.ts';
import { sessionUserFor } from '../users.ts';

const [command, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');
const target = JSON.parse(process.env.KAIRAN_TEST_CHILD_TARGET!) as DbTarget;
const db = openDb(target);

const done = (result: unknown) => process.stdout.write(`DONE ${JSON.stringify(result)}\n`);

switch (command) {
	case 'publish': {
		const user = await sessionUserFor(db, args.email);
		done(await publishNotice(db, user, args.noticeId, { publicUrl: 'https://kairan.test' }));
		break;
	}
	case 'save': {
		const user = await sessionUserFor(db, args.email);
		done(await saveResponse(db, user, args.noticeId, args.input));
		break;
	}
	case 'mail': {
		// The app's mail worker (mail/app.ts): pooled, composing as it sends, with a short lease and interval so the test is quick.
		const transport = createMailTransport({ smtpUrl: args.smtpUrl, outboxDir: '' });
		const worker = startOutboxWorker({
			db,
			transport,
			from: 'Kairan <no-reply@kairan.example.jp>',
			compose: { publicUrl: 'https://kairan.test' },
			concurrency: transport.concurrency,
			intervalMs: 50,
			leaseMs: args.leaseMs
		});
		// Runs until killed, as a server does.
		setInterval(() => worker.kick(), 1000);
		process.stdout.write('DONE started\n');
		break;
	}
	default:
		throw new Error(`unknown command ${command}`);
}
if (command !== 'mail') await db.$disconnect();
