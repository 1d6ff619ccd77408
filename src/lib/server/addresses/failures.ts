// Addresses that fail. The outbox (mail/outbox-drain.ts) reports every message's outcome here with one
// call: a permanent refusal (SMTP 5xx) marks the refused addresses on every department that has
// them (DepartmentEmail.failedAt + the server's reply); a later successful send to an address
// clears its mark. Temporary failures (4xx, an unreachable server) say nothing about the address.
import { providerOfClient, type Db } from '../db/client.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { MailSendError, type SendResult } from '../mail/transport.ts';

const split = (to: string) =>
	to
		.split(',')
		.map((a) => a.trim().toLowerCase())
		.filter(Boolean);

/**
 * Records what one message's delivery says about its addresses: the transport's result, or the
 * error it failed with. `toAddresses` is the outbox row's comma-separated list (a handful of
 * addresses: never a list built from a result set).
 */
export async function noteDeliveryOutcome(
	db: Pick<Db, 'departmentEmail'>,
	toAddresses: string,
	outcome: SendResult | MailSendError,
	now = new Date()
) {
	const to = split(toAddresses);
	if (to.length === 0) return;
	let failed: string[] = [];
	let worked: string[] = [];
	let reason: string;
	if (outcome instanceof MailSendError) {
		if (!outcome.permanent) return;
		// nodemailer names the refused recipients when it refused them all at RCPT TO; otherwise
		// the server refused the message itself, for every address of it.
		const named = (outcome.cause as { rejected?: unknown } | undefined)?.rejected;
		const rejected = Array.isArray(named) ? named.map((a) => String(a).trim().toLowerCase()) : [];
		failed = rejected.length ? rejected : to;
		reason = outcome.message;
	} else {
		failed = outcome.rejected.map((a) => a.trim().toLowerCase());
		worked = to.filter((a) => !failed.includes(a));
		reason = `refused: ${outcome.response}`;
	}
	if (failed.length)
		await db.departmentEmail.updateMany({
			where: { address: { in: failed } },
			data: { failedAt: now, failure: reason.slice(0, 500) }
		});
	if (worked.length)
		await db.departmentEmail.updateMany({
			where: { address: { in: worked }, failedAt: { not: null } },
			data: { failedAt: null, failure: null }
		});
}

/**
 * noteDeliveryOutcome for every message of one outbox claim (`claimedBy`) that the server
 * accepted for all of its addresses (sent, no refusal noted): their addresses' marks are
 * cleared in one statement instead of one per message — usually nothing is marked, and the
 * drain no longer writes once per mail for nothing. Matched by position in the row's list,
 * never with LIKE (an `_` in an address would match any character).
 */
export async function clearMarksOfClaim(db: Pick<Db, '$executeRaw'>, claimedBy: string) {
	const within = providerOfClient(db) === 'postgresql' ? Prisma.sql`strpos` : Prisma.sql`instr`;
	await db.$executeRaw`UPDATE "DepartmentEmail" SET "failedAt" = NULL, "failure" = NULL
		WHERE "failedAt" IS NOT NULL AND EXISTS (
			SELECT 1 FROM "Mail" m
			WHERE m."claimedBy" = ${claimedBy} AND m."status" = 'sent' AND m."lastError" IS NULL
				AND ${within}(',' || lower(m."toAddresses") || ',',
					',' || "DepartmentEmail"."address" || ',') > 0)`;
}
