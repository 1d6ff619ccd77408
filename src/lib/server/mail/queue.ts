// Writing notice mails into the outbox at any number of recipients.
//
// A notice mail row names what to send — kind, recipient, version, and for a reminder or a
// correction a little `details` — never the message itself: the worker composes it when it
// sends (mail/notice-mails.ts). Rows are written as one set-based INSERT … SELECT over the
// notice's recipients (or, for a reminder's audience computed in Node, in chunks), *outside*
// the transaction that makes the change they announce, with status `held`: the worker never
// sends a held row. That transaction then releases the occasion's rows (held → queued) in one
// statement, so the mails go out exactly when the change is committed, and a crash before it
// leaves only held rows that a retry reuses (the dedupe key makes every write idempotent).
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb, type Db, type Provider, type Tx } from '../db/client.ts';
import type { MailKind, MissingItem } from './compose.ts';

// A notice mail's keys share one shape, `<kind>:<id>:v<version>[:<round>]`: the dedupe key
// names the recipient (one message per recipient, purpose and version; queueing it again is a
// no-op), the occasion names the notice (the rows one publication, reminder… wrote). A purpose
// that may repeat for one version (a second reminder) passes a `round` that tells them apart:
// `reminder:cm1abc:v1:2024-10-08`. The SQL below builds the dedupe key as `<kind>:` || id ||
// versionSuffix.
const versionSuffix = (versionNumber: number, round?: string) =>
	`:v${versionNumber}${round ? `:${round}` : ''}`;

export function occasionKey(
	kind: MailKind,
	noticeId: string,
	versionNumber: number,
	round?: string
): string {
	return `${kind}:${noticeId}${versionSuffix(versionNumber, round)}`;
}

export function mailDedupeKey(
	kind: MailKind,
	recipientId: string,
	versionNumber: number,
	round?: string
): string {
	return `${kind}:${recipientId}${versionSuffix(versionNumber, round)}`;
}

export type NoticeMailDetails = {
	/** A reminder: what this department has not submitted. */
	missingItems?: MissingItem[];
	/** A correction: the items whose answers were re-opened. */
	reopenedItems?: { number: number; title: string }[];
	/** A forwarding to a department nobody can sign in to yet: its invitation link. */
	invitationLink?: string;
};

const NO_ADDRESS = '宛先部局のメールアドレスが登録されていません。 / No mail address.';

/** A new row id, made by the database (cuid-like: `c` + 24 hex digits). */
export function newId(provider: Provider) {
	return provider === 'postgresql'
		? Prisma.sql`'c' || substr(md5(random()::text || clock_timestamp()::text), 1, 24)`
		: Prisma.sql`'c' || lower(hex(randomblob(12)))`;
}

/** The department's addresses, comma-separated in address order ('' when it has none). */
export function addressesOf(provider: Provider, departmentId: Prisma.Sql) {
	return provider === 'postgresql'
		? Prisma.sql`COALESCE((SELECT string_agg(e."address", ',' ORDER BY e."address") FROM "DepartmentEmail" e WHERE e."departmentId" = ${departmentId}), '')`
		: Prisma.sql`COALESCE((SELECT group_concat("address", ',') FROM (SELECT e."address" FROM "DepartmentEmail" e WHERE e."departmentId" = ${departmentId} ORDER BY e."address")), '')`;
}

/**
 * Status and lastError of a new row. Held rows are all alike until released; a row queued at
 * once to a department without an address is `failed` at once with the reason.
 */
function statusColumns(status: 'held' | 'queued') {
	return status === 'held'
		? Prisma.sql`'held', NULL`
		: Prisma.sql`CASE WHEN a."to" = '' THEN 'failed' ELSE 'queued' END,
			CASE WHEN a."to" = '' THEN ${NO_ADDRESS} ELSE NULL END`;
}

export type NoticeMailsInput = {
	noticeId: string;
	kind: MailKind;
	versionNumber: number;
	round?: string;
	/** The same for every row (a correction's re-opened items). */
	details?: NoticeMailDetails;
	now: Date;
	/** `held` until the occasion commits (releaseOccasion); `queued` to send at once. */
	status: 'held' | 'queued';
};

/**
 * One mail of this kind to every recipient of the notice, in one INSERT … SELECT (no list of
 * ids travels to or from the database). Rows whose dedupe key exists are left alone. Returns
 * how many rows were written now.
 */
export async function writeNoticeMails(db: Tx, input: NoticeMailsInput): Promise<number> {
	const provider = providerOfDb(db);
	const suffix = versionSuffix(input.versionNumber, input.round);
	const addresses = addressesOf(provider, Prisma.sql`r."departmentId"`);
	const details =
		input.details === undefined
			? Prisma.sql`NULL`
			: provider === 'postgresql'
				? Prisma.sql`${JSON.stringify(input.details)}::jsonb`
				: Prisma.sql`${JSON.stringify(input.details)}`;
	return db.$executeRaw`
		INSERT INTO "Mail" ("id", "dedupeKey", "recipientId", "kind", "versionNumber", "toAddresses",
			"details", "occasion", "status", "lastError", "attempts", "nextAttemptAt", "createdAt")
		SELECT ${newId(provider)}, ${`${input.kind}:`} || a."id" || ${suffix}, a."id", ${input.kind},
			${input.versionNumber}, a."to", ${details},
			${occasionKey(input.kind, input.noticeId, input.versionNumber, input.round)},
			${statusColumns(input.status)}, 0, ${input.now}, ${input.now}
		FROM (SELECT r."id", ${addresses} AS "to" FROM "Recipient" r WHERE r."noticeId" = ${input.noticeId}) a
		WHERE true
		ON CONFLICT ("dedupeKey") DO NOTHING`;
}

/** Rows per statement when the recipients come from Node (a reminder's audience). */
export const MAIL_CHUNK = 500;

/**
 * One mail of this kind to each of `to` (recipients of the notice, each with its own details),
 * written `MAIL_CHUNK` rows per statement; existing dedupe keys are left alone. Returns how many
 * rows were written now.
 */
export async function writeMailsTo(
	db: Tx,
	input: NoticeMailsInput,
	to: { recipientId: string; details?: NoticeMailDetails }[]
): Promise<number> {
	const provider = providerOfDb(db);
	const suffix = versionSuffix(input.versionNumber, input.round);
	const occasion = occasionKey(input.kind, input.noticeId, input.versionNumber, input.round);
	let written = 0;
	for (let i = 0; i < to.length; i += MAIL_CHUNK) {
		const rows = to.slice(i, i + MAIL_CHUNK).map((r) => {
			const details = r.details === undefined ? null : JSON.stringify(r.details);
			return provider === 'postgresql'
				? Prisma.sql`(${r.recipientId}::text, ${details}::text)`
				: Prisma.sql`(${r.recipientId}, ${details})`;
		});
		const details =
			provider === 'postgresql' ? Prisma.sql`a."details"::jsonb` : Prisma.sql`a."details"`;
		written += await db.$executeRaw`
			WITH v ("recipientId", "details") AS (VALUES ${Prisma.join(rows)})
			INSERT INTO "Mail" ("id", "dedupeKey", "recipientId", "kind", "versionNumber", "toAddresses",
				"details", "occasion", "status", "lastError", "attempts", "nextAttemptAt", "createdAt")
			SELECT ${newId(provider)}, ${`${input.kind}:`} || a."id" || ${suffix}, a."id", ${input.kind},
				${input.versionNumber}, a."to", ${details}, ${occasion},
				${statusColumns(input.status)}, 0, ${input.now}, ${input.now}
			FROM (SELECT r."id", v."details", ${addressesOf(provider, Prisma.sql`r."departmentId"`)} AS "to"
				FROM v JOIN "Recipient" r ON r."id" = v."recipientId" AND r."noticeId" = ${input.noticeId}) a
			WHERE true
			ON CONFLICT ("dedupeKey") DO NOTHING`;
	}
	return written;
}

/**
 * Releases an occasion's held rows, in the caller's transaction, in two statements whatever
 * their number: held → queued, or → failed at once (with the reason) for a department without
 * any address, so the issuer sees it; the notice still reaches it in the app.
 */
export async function releaseOccasion(
	tx: Tx,
	occasion: string,
	/** Set on every released row (a correction's re-opened items, known only at its commit). */
	details?: NoticeMailDetails
): Promise<{ queued: number; unaddressed: number }> {
	const set = details ? { details } : {};
	const unaddressed = await tx.mail.updateMany({
		where: { occasion, status: 'held', toAddresses: '' },
		data: { status: 'failed', lastError: NO_ADDRESS, ...set }
	});
	const queued = await tx.mail.updateMany({
		where: { occasion, status: 'held' },
		data: { status: 'queued', ...set }
	});
	return { queued: queued.count, unaddressed: unaddressed.count };
}

/** Whether an occasion has been released (any of its rows past held): it is not repeated. */
export async function occasionReleased(tx: Tx, occasion: string): Promise<boolean> {
	const row = await tx.mail.findFirst({
		where: { occasion, status: { not: 'held' } },
		select: { id: true }
	});
	return row !== null;
}

/** Rows of an occasion by status, e.g. to tell a repeated reminder from a new one. */
export async function occasionCounts(tx: Tx, occasion: string) {
	const rows = await tx.mail.groupBy({
		by: ['status'],
		where: { occasion },
		_count: { _all: true }
	});
	const counts: Record<string, number> = {};
	for (const r of rows) counts[r.status] = r._count._all;
	return counts;
}

/** Drops an occasion's rows that were never released (an abandoned correction's). */
export async function discardHeld(db: Tx | Db, occasion: string): Promise<number> {
	const r = await db.mail.deleteMany({ where: { occasion, status: 'held' } });
	return r.count;
}
