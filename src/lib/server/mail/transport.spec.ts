import { describe, expect, test } from 'vitest';
import { createMailTransport, MailSendError } from './transport.ts';

describe('MailSendError classifies what the server said', () => {
	const smtp = (responseCode: number, response: string, code = 'EENVELOPE') =>
		new MailSendError(
			Object.assign(new Error(`failed: ${response}`), { code, responseCode, response })
		);

	test('5xx is permanent and keeps the reply', () => {
		const e = smtp(550, '550 5.1.1 mailbox unknown');
		expect(e).toMatchObject({ permanent: true, transportLevel: false, responseCode: 550 });
		expect(e.message).toBe('550 5.1.1 mailbox unknown');
	});

	test('4xx is temporary for this message', () => {
		expect(smtp(452, '452 4.2.2 mailbox full', 'EMESSAGE')).toMatchObject({
			permanent: false,
			transportLevel: false
		});
	});

	test('503 is a session problem, not a refusal of the message', () => {
		expect(smtp(503, '503 bad sequence').permanent).toBe(false);
	});

	test('421, connection and authentication failures stop the batch and are not permanent', () => {
		expect(smtp(421, '421 4.3.2 shutting down', 'EMESSAGE')).toMatchObject({
			permanent: false,
			transportLevel: true
		});
		expect(smtp(535, '535 5.7.8 bad credentials', 'EAUTH')).toMatchObject({
			permanent: false,
			transportLevel: true
		});
		const refused = new MailSendError(
			Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), {
				code: 'ESOCKET',
				originalCode: 'ECONNREFUSED'
			})
		);
		expect(refused).toMatchObject({ permanent: false, transportLevel: true });
		expect(refused.message).toContain('ECONNREFUSED');
		expect(refused.responseCode).toBeUndefined();
	});

	test('a file system error is transport-level', () => {
		const e = new MailSendError(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
		expect(e).toMatchObject({ permanent: false, transportLevel: true });
	});
});

describe('createMailTransport', () => {
	test('only smtp:// and smtps:// URLs', () => {
		expect(() => createMailTransport({ smtpUrl: 'http://mail', outboxDir: '/tmp' })).toThrow(
			/smtp:\/\/ or smtps:\/\//
		);
		expect(() => createMailTransport({ smtpUrl: 'not a url', outboxDir: '/tmp' })).toThrow(
			/not a valid URL/
		);
		expect(
			createMailTransport({ smtpUrl: 'smtps://u:p@mail.example.jp:465', outboxDir: '/tmp' }).kind
		).toBe('smtp');
		expect(createMailTransport({ outboxDir: '/tmp' }).kind).toBe('file');
	});
});
