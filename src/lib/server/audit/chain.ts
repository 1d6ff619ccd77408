// The audit trail's tamper evidence: every event carries the SHA-256 of the event before it,
// in one global chain ordered by `seq` (1, 2, 3, …).
//
// One stream rather than one per department or object: the trail is small next to the data it
// describes (a row per state change), one total order is what an auditor reads, and a gap or a
// reordering anywhere is then visible to a single pass. The cost is that writers queue on the
// chain head for the short time between their event and their commit.
//
// Canonical form (what is hashed), version 1 — keep it stable, `npm run audit:verify` and any
// outside verifier recompute it:
//
//   hash = lowercase hex SHA-256 of the UTF-8 bytes of
//          canonicalJson(["kairan-audit-v1", seq, prevHash, at, actorId, departmentId, action,
//                         objectType, objectId, ip, before, after])
//
// - `at` is the ISO-8601 UTC string with milliseconds (`2026-12-02T15:04:05.123Z`);
// - absent values are JSON null; `before`/`after` are the stored JSON values;
// - canonicalJson is RFC 8785 (JCS) for the values we store: no whitespace, object keys
//   sorted by UTF-16 code units, strings and numbers as ECMAScript's JSON.stringify writes
//   them;
// - the first event's prevHash is GENESIS (64 zeros).
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';

export const GENESIS = '0'.repeat(64);
export const STREAM = 'global';

export type ChainedFields = {
	seq: number;
	prevHash: string;
	at: Date;
	actorId: string | null;
	departmentId: string | null;
	action: string;
	objectType: string;
	objectId: string | null;
	ip: string | null;
	before: unknown;
	after: unknown;
};

export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	switch (typeof value) {
		case 'boolean':
			return value ? 'true' : 'false';
		case 'number':
			if (!Number.isFinite(value)) throw new Error('canonicalJson: not a finite number');
			return JSON.stringify(value);
		case 'string':
			return JSON.stringify(value);
		case 'object': {
			if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
			const entries = Object.entries(value as Record<string, unknown>)
				.filter(([, v]) => v !== undefined)
				// Default sort compares UTF-16 code units, as RFC 8785 asks.
				.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
			return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
		}
		default:
			throw new Error(`canonicalJson: cannot serialize a ${typeof value}`);
	}
}

export function eventHash(e: ChainedFields): string {
	const canonical = canonicalJson([
		'kairan-audit-v1',
		e.seq,
		e.prevHash,
		e.at.toISOString(),
		e.actorId,
		e.departmentId,
		e.action,
		e.objectType,
		e.objectId,
		e.ip,
		e.before ?? null,
		e.after ?? null
	]);
	return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

type ChainTx = Pick<Db, 'auditChainHead'>;

/**
 * Takes the next place in the chain. Must run inside the transaction that writes the event:
 * the head row stays locked (PostgreSQL: the row lock of the UPDATE; SQLite: the database's
 * write lock) until that transaction ends, so a concurrent writer waits and then reads this
 * event's hash — two events can never share a predecessor.
 */
export async function claimNext(tx: ChainTx): Promise<{ seq: number; prevHash: string }> {
	const head = await tx.auditChainHead.upsert({
		where: { stream: STREAM },
		create: { stream: STREAM, seq: 1, hash: GENESIS },
		update: { seq: { increment: 1 } }
	});
	return { seq: head.seq, prevHash: head.hash };
}

/**
 * claimNext for `count` events written together by one transaction: one statement takes their
 * places (the last is the head's new seq), instead of one claim per event.
 */
export async function claimMany(
	tx: ChainTx,
	count: number
): Promise<{ firstSeq: number; prevHash: string }> {
	const head = await tx.auditChainHead.upsert({
		where: { stream: STREAM },
		create: { stream: STREAM, seq: count, hash: GENESIS },
		update: { seq: { increment: count } }
	});
	return { firstSeq: head.seq - count + 1, prevHash: head.hash };
}

export async function advanceHead(tx: ChainTx, hash: string) {
	await tx.auditChainHead.update({ where: { stream: STREAM }, data: { hash } });
}

export type Break = { seq: number | null; id: string | null; reason: string };
export type VerifyResult =
	{ ok: true; events: number } | { ok: false; events: number; break: Break };

/**
 * Walks the chain in order (keyset pages, so memory stays flat) and returns the first broken
 * link: a row whose content no longer matches its hash, whose prevHash is not its
 * predecessor's hash, a missing position, rows outside the chain, or a head that disagrees
 * with the last row (rows deleted from the end).
 */
export async function verifyChain(
	db: Pick<Db, 'auditEvent' | 'auditChainHead'>,
	pageSize = 1000
): Promise<VerifyResult> {
	let expectedSeq = 1;
	let prevHash = GENESIS;
	let events = 0;
	for (;;) {
		const rows = await db.auditEvent.findMany({
			where: { seq: { gte: expectedSeq } },
			orderBy: { seq: 'asc' },
			take: pageSize
		});
		for (const row of rows) {
			events++;
			const fail = (reason: string): VerifyResult => ({
				ok: false,
				events,
				break: { seq: row.seq, id: row.id, reason }
			});
			if (row.seq !== expectedSeq)
				return fail(`event ${expectedSeq} is missing (the next one is ${row.seq})`);
			if (row.prevHash !== prevHash)
				return fail(`its prevHash is not the hash of event ${expectedSeq - 1}`);
			const computed = eventHash({
				seq: row.seq,
				prevHash: row.prevHash,
				at: row.at,
				actorId: row.actorId,
				departmentId: row.departmentId,
				action: row.action,
				objectType: row.objectType,
				objectId: row.objectId,
				ip: row.ip,
				before: row.before,
				after: row.after
			});
			if (computed !== row.hash)
				return fail('its content does not match its stored hash (edited after it was written)');
			prevHash = row.hash;
			expectedSeq++;
		}
		if (rows.length < pageSize) break;
	}
	const last = expectedSeq - 1;
	const outside = await db.auditEvent.findFirst({
		where: { seq: null },
		orderBy: [{ at: 'asc' }, { id: 'asc' }],
		select: { id: true }
	});
	if (outside)
		return {
			ok: false,
			events,
			break: { seq: null, id: outside.id, reason: 'a row outside the chain (no seq)' }
		};
	const head = await db.auditChainHead.findUnique({ where: { stream: STREAM } });
	const headSeq = head?.seq ?? 0;
	const headHash = head?.hash ?? GENESIS;
	if (headSeq !== last || headHash !== prevHash)
		return {
			ok: false,
			events,
			break: {
				seq: last + 1,
				id: null,
				reason: `the chain head says ${headSeq} events, the table ends at ${last} (rows deleted from the end?)`
			}
		};
	return { ok: true, events };
}

/**
 * Events written before the chain existed (seq null) are chained at start, oldest first, in
 * batches of their own transactions. Only their chain fields are written: on PostgreSQL the
 * append-only trigger allows exactly this update and no other.
 */
export async function sealUnchained(db: Db, batch = 500): Promise<number> {
	let sealed = 0;
	for (;;) {
		const n = await db.$transaction(async (tx) => {
			const rows = await tx.auditEvent.findMany({
				where: { seq: null },
				orderBy: [{ at: 'asc' }, { id: 'asc' }],
				take: batch
			});
			for (const row of rows) {
				const { seq, prevHash } = await claimNext(tx);
				const at = new Date(row.at.getTime());
				const hash = eventHash({ ...row, at, seq, prevHash });
				await tx.auditEvent.update({ where: { id: row.id }, data: { seq, prevHash, hash } });
				await advanceHead(tx, hash);
			}
			return rows.length;
		});
		sealed += n;
		if (n < batch) return sealed;
	}
}
