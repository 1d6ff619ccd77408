// Each mail's Reply-To is chosen when it is queued (publishing.ts: the issuing office's address,
// else the operator's MAIL_REPLY_TO, else none) and stored on its outbox row, because the
// footer written into the message at that moment says where a reply goes: the header sent must
// be that one, not whatever the worker is configured with when it sends.
//
// The outbox worker hands each message to its transport with the row's Message-ID
// (`<mail id@kairan>`, mailMessageId); this wrapper reads the row's stored Reply-To by that id
// and sends the message with it. One primary-key read per message, next to an SMTP exchange.
import type { Db } from '../db/client.ts';
import type { MailTransport } from './transport.ts';

/** The outbox row id inside a Message-ID `<id@kairan>`, or null for any other. */
export function mailIdOf(messageId: string): string | null {
	return /^<([^@<>\s]+)@kairan>$/.exec(messageId)?.[1] ?? null;
}

export function withStoredReplyTo(db: Db, transport: MailTransport): MailTransport {
	return {
		kind: transport.kind,
		close: () => transport.close(),
		async send(message) {
			const id = mailIdOf(message.messageId);
			const row = id
				? await db.mail.findUnique({ where: { id }, select: { replyTo: true } })
				: null;
			// A row without one (no office address, no MAIL_REPLY_TO) is sent without Reply-To,
			// as its footer says.
			return transport.send({
				...message,
				replyTo: row ? (row.replyTo ?? undefined) : message.replyTo
			});
		}
	};
}
