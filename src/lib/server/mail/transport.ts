// How a composed message leaves Kairan: over SMTP when SMTP_URL is configured, otherwise as
// one .eml file per message in the outbox directory (demo and development: open the file in a
// mail client to see exactly what would have been sent).
//
// SMTP URL: smtp://[user:pass@]host[:port] (STARTTLS is used when the server offers it) or
// smtps://… (TLS from the first byte, usually port 465). Options go in the query string and are
// read by nodemailer: `tls.<option>` sets a Node TLS option, any other key a top-level SMTP
// option; the values true/false and numbers are converted. Useful ones:
//   ?tls.rejectUnauthorized=false   accept a self-signed / private-CA certificate
//   ?tls.servername=mail.example.jp  the certificate name when connecting by IP
//   ?tls.minVersion=TLSv1.2
//   ?requireTLS=true                 refuse to send unless STARTTLS succeeds
//   ?ignoreTLS=true                  never STARTTLS (a relay on localhost)
//   ?name=kairan.example.jp          the EHLO host name
//   ?connectionTimeout=10000&greetingTimeout=10000&socketTimeout=60000  (ms)
// Query options cannot override what the URL itself says (scheme, host, port, user, password).
//   ?maxConnections=5&maxMessages=100   the pool: connections kept open, messages per connection
// Percent-encode special characters of the user and password. The SMTP transport is always a
// pool (nodemailer's SMTPPool): connections stay open between messages, up to maxConnections
// (default 5) at once, and the outbox sends that many messages at a time.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';

export type OutgoingMessage = {
	from: string;
	replyTo?: string;
	to: string[];
	subject: string;
	text: string;
	html: string;
	/** With angle brackets: `<id@kairan>`. */
	messageId: string;
};

export type SendResult = {
	messageId: string;
	/** The server's final reply (SMTP), or where the file was written. */
	response: string;
	/** Addresses the server refused while accepting the message for the others. */
	rejected: string[];
};

export type MailTransport = {
	/** 'smtp' or 'file' (the .eml outbox). */
	kind: 'smtp' | 'file';
	/** How many messages it sends at once (the SMTP pool's connections; default 1). */
	concurrency?: number;
	/** Resolves once the server accepted the message; rejects with a MailSendError. */
	send(message: OutgoingMessage): Promise<SendResult>;
	close(): void;
};

/** Nodemailer error codes that mean the transport, not this message, failed. */
const TRANSPORT_LEVEL_CODES = new Set([
	'ECONNECTION',
	'ESOCKET',
	'ETIMEDOUT',
	'EDNS',
	'ETLS',
	'EREQUIRETLS',
	'EPROXY',
	'EPROTOCOL',
	'EAUTH',
	'ENOAUTH',
	'EOAUTH2'
]);

/**
 * A failed send, classified for the outbox:
 * - `permanent`: the server refused this message for good (5xx except 503, RFC 5321); retrying
 *   would get the same answer.
 * - `transportLevel`: the connection, TLS, authentication or the outbox directory failed, or the
 *   server said 421 (closing). Nothing about this message is wrong; other messages would fail the
 *   same way right now, so the sender should stop and try later.
 * - otherwise a temporary refusal of this message (4xx): retry it later.
 */
export class MailSendError extends Error {
	readonly responseCode: number | undefined;
	/** The server's reply line(s), e.g. `550 5.1.1 mailbox unknown`. */
	readonly response: string | undefined;
	readonly code: string | undefined;
	readonly permanent: boolean;
	readonly transportLevel: boolean;

	constructor(cause: unknown) {
		const e = (cause ?? {}) as {
			message?: string;
			code?: string;
			originalCode?: string;
			responseCode?: number;
			response?: string;
		};
		const response = typeof e.response === 'string' ? e.response.trim() : undefined;
		const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
		super(
			response ??
				[e.code, e.originalCode !== e.code ? e.originalCode : undefined, e.message ?? String(cause)]
					.filter(Boolean)
					.join(': '),
			{ cause }
		);
		this.name = 'MailSendError';
		this.response = response;
		this.responseCode = responseCode;
		this.code = e.code;
		this.transportLevel =
			responseCode === 421 ||
			(e.code !== undefined && TRANSPORT_LEVEL_CODES.has(e.code)) ||
			// Anything else without a server reply (a file system error, an unknown failure) is not
			// this message's fault either.
			(responseCode === undefined && e.code !== 'EENVELOPE' && e.code !== 'EMESSAGE');
		this.permanent =
			!this.transportLevel &&
			(responseCode !== undefined
				? responseCode >= 500 && responseCode < 600 && responseCode !== 503
				: // EENVELOPE without a reply: nodemailer refused the addresses itself.
					e.code === 'EENVELOPE');
	}
}

export type MailTransportOptions = {
	/** smtp:// or smtps:// URL; without it messages are written to `outboxDir`. */
	smtpUrl?: string;
	outboxDir: string;
};

export function createMailTransport(options: MailTransportOptions): MailTransport {
	return options.smtpUrl ? smtpTransport(options.smtpUrl) : fileTransport(options.outboxDir);
}

/** Headers every message carries: it is automatic mail (RFC 3834; Exchange's own header). */
const AUTOMATIC_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

function mailOptions(m: OutgoingMessage) {
	if (!m.to.length) throw new MailSendError({ code: 'EENVELOPE', message: 'No recipients' });
	return {
		from: m.from,
		replyTo: m.replyTo,
		to: m.to,
		subject: m.subject,
		text: m.text,
		html: m.html,
		messageId: m.messageId,
		headers: AUTOMATIC_HEADERS
	};
}

/** SMTP connections kept open at once, unless SMTP_URL says `?maxConnections=`. */
export const DEFAULT_MAX_CONNECTIONS = 5;

function smtpTransport(smtpUrl: string): MailTransport {
	let url: URL;
	try {
		url = new URL(smtpUrl);
	} catch {
		throw new Error('SMTP_URL is not a valid URL');
	}
	if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
		throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
	}
	// The class itself, not createTransport(url): a query such as ?sendmail=true must not
	// select another transport. The URL's options win over these defaults.
	const pool = new SMTPPool({
		url: smtpUrl,
		pool: true,
		maxConnections: DEFAULT_MAX_CONNECTIONS,
		// A message whose connection closed is not re-sent by the pool: the outbox decides
		// (it retries later, and counts nothing against the message for a transport failure).
		maxRequeues: 0,
		connectionTimeout: 30_000,
		greetingTimeout: 30_000,
		socketTimeout: 60_000
	});
	const transporter = nodemailer.createTransport(pool);
	const concurrency = Number(pool.options.maxConnections) || DEFAULT_MAX_CONNECTIONS;
	return {
		kind: 'smtp',
		concurrency,
		async send(message) {
			try {
				const info = await transporter.sendMail(mailOptions(message));
				return {
					messageId: info.messageId,
					response: info.response,
					rejected: (info.rejected ?? []).map(String)
				};
			} catch (error) {
				throw error instanceof MailSendError ? error : new MailSendError(error);
			}
		},
		close: () => transporter.close()
	};
}

function fileTransport(outboxDir: string): MailTransport {
	const transporter = nodemailer.createTransport({
		streamTransport: true,
		buffer: true,
		newline: 'windows'
	});
	return {
		kind: 'file',
		concurrency: 1,
		async send(message) {
			let temp: string | null = null;
			try {
				const info = await transporter.sendMail(mailOptions(message));
				await mkdir(outboxDir, { recursive: true });
				const stamp = new Date().toISOString().replace(/[-:.]/g, '');
				const id = message.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9_-]+/g, '_');
				const name = `${stamp}-${id}.eml`;
				// Written under a name no reader looks for, then renamed: the .eml appears complete.
				temp = path.join(outboxDir, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
				const file = await open(temp, 'wx');
				try {
					await file.writeFile(info.message as Buffer);
					await file.sync();
				} finally {
					await file.close();
				}
				const target = path.join(outboxDir, name);
				await rename(temp, target);
				temp = null;
				return { messageId: info.messageId, response: `written to ${target}`, rejected: [] };
			} catch (error) {
				if (temp) await rm(temp, { force: true });
				throw error instanceof MailSendError ? error : new MailSendError(error);
			}
		},
		close: () => transporter.close()
	};
}
