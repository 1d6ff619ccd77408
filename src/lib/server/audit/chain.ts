// The audit trail's tamper evidence: every event carries the SHA-256 of the event before it in
// its stream, ordered by `seq` (1, 2, 3, …) within the stream.
//
// One stream per department (the acting user's department when the event happened), and one
// 'global' stream for events with no department (system work, unknown sign-ins) and for every
// event written before streams were per department. Why not one global chain, as before: a
// writer holds its stream's head from its event to its COMMIT, so one chain made every save in
// the country queue behind every other (the deadline rush's p95 was 22 s at national scale on
// PostgreSQL, bench/RESULTS.md round 3). Per department, only one department's own writers
// queue, and a department's trail is one line an auditor can check on its own. The trail is
// read in one order by time (list.ts), not by `seq`.
//
// The stream is not part of the hashed form: moving a row to another stream would need a
// predecessor there whose hash is its prevHash at the same seq, so it breaks both chains.
//
// Canonical form (what is hashed), version 1 — keep it stable, `npm run audit:verify` and any
// outside verifier recompute it:
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';

export const GENESIS = '0'.repeat(64);
export const GLOBAL_STREAM = 'global';

/** The stream an event joins: its department's, or the global one when it has none. */
export const streamOf = (departmentId: string | null): string => departmentId ?? GLOBAL_STREAM;

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
 * Takes the next place in a stream. Must run inside the transaction that writes the event:
 * the head row stays locked (PostgreSQL: the row lock of the UPDATE; SQLite: the database's
 * write lock) until that transaction ends, so a concurrent writer of the same stream waits and
 * then reads this event's hash — two events can never share a predecessor.
 */
export async function claimNext(
	tx: ChainTx,
	stream: string
): Promise<{ seq: number; prevHash: string }> {
	const { firstSeq, prevHash } = await claimMany(tx, stream, 1);
	return { seq: firstSeq, prevHash };
}

/**
 * claimNext for `count` events of one stream written together by one transaction: one
 * statement takes their places (the last is the head's new seq), instead of one claim per event.
 */
export async function claimMany(
	tx: ChainTx,
	stream: string,
	count: number
): Promise<{ firstSeq: number; prevHash: string }> {
	const head = await tx.auditChainHead.upsert({
		where: { stream },
		create: { stream, seq: count, hash: GENESIS },
		update: { seq: { increment: count } }
	});
	return { firstSeq: head.seq - count + 1, prevHash: head.hash };
}

export async function advanceHead(tx: ChainTx, stream: string, hash: string) {
	await tx.auditChainHead.update({ where: { stream }, data: { hash } });
}

export type Break = {
	stream: string | null;
	seq: number | null;
	id: string | null;
	reason: string;
};
export type VerifyResult =
	{ ok: true; events: number; streams: number } | { ok: false; events: number; break: Break };

type VerifyDb = Pick<Db, 'auditEvent' | 'auditChainHead'>;
type Row = Awaited<ReturnType<Db['auditEvent']['findFirstOrThrow']>>;

const fieldsOfRow = (row: Row): ChainedFields => ({
	seq: row.seq!,
	prevHash: row.prevHash!,
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

/**
 * Walks every stream's chain in order (keyset pages over (stream, seq), so memory stays flat
 * but for the set of stream names) and returns the first broken link: a row whose content no
 * longer matches its hash, whose prevHash is not its predecessor's hash, a missing position,
 * rows outside any chain, or a head that disagrees with its stream's last row (rows deleted
 * from the end, or a whole stream's rows deleted).
 */
export async function verifyChain(db: VerifyDb, pageSize = 1000): Promise<VerifyResult> {
	let events = 0;
	const seen = new Set<string>();
	let stream: string | null = null;
	let expectedSeq = 1;
	let prevHash = GENESIS;

	/** A stream's last row against its head; null when they agree. */
	const endOf = async (name: string): Promise<Break | null> => {
		const last = expectedSeq - 1;
		const head = await db.auditChainHead.findUnique({ where: { stream: name } });
		if (head?.seq === last && head.hash === prevHash) return null;
		return {
			stream: name,
			seq: last + 1,
			id: null,
			reason: `the chain head says ${head?.seq ?? 0} events, the stream ends at ${last} (rows deleted from the end?)`
		};
	};

	for (;;) {
		const rows: Row[] = await db.auditEvent.findMany({
			where:
				stream === null
					? { seq: { not: null } }
					: {
							OR: [{ stream: { gt: stream } }, { stream, seq: { gte: expectedSeq } }],
							seq: { not: null }
						},
			orderBy: [{ stream: 'asc' }, { seq: 'asc' }],
			take: pageSize
		});
		for (const row of rows) {
			if (row.stream !== stream) {
				if (stream !== null) {
					const broken = await endOf(stream);
					if (broken) return { ok: false, events, break: broken };
				}
				stream = row.stream;
				seen.add(stream);
				expectedSeq = 1;
				prevHash = GENESIS;
			}
			events++;
			const fail = (reason: string): VerifyResult => ({
				ok: false,
				events,
				break: { stream: row.stream, seq: row.seq, id: row.id, reason }
			});
			if (row.seq !== expectedSeq)
				return fail(`event ${expectedSeq} is missing (the next one is ${row.seq})`);
			if (row.prevHash !== prevHash)
				return fail(`its prevHash is not the hash of event ${expectedSeq - 1}`);
			if (eventHash(fieldsOfRow(row)) !== row.hash)
				return fail('its content does not match its stored hash (edited after it was written)');
			prevHash = row.hash;
			expectedSeq++;
		}
		if (rows.length < pageSize) break;
	}
	if (stream !== null) {
		const broken = await endOf(stream);
		if (broken) return { ok: false, events, break: broken };
	}

	const outside = await db.auditEvent.findFirst({
		where: { seq: null },
		orderBy: [{ at: 'asc' }, { id: 'asc' }],
		select: { id: true, stream: true }
	});
	if (outside)
		return {
			ok: false,
			events,
			break: {
				stream: outside.stream,
				seq: null,
				id: outside.id,
				reason: 'a row outside the chain (no seq)'
			}
		};

	// A head whose stream has no rows at all: every row of that stream was deleted.
	let after: string | undefined;
	for (;;) {
		const heads = await db.auditChainHead.findMany({
			where: after === undefined ? {} : { stream: { gt: after } },
			orderBy: { stream: 'asc' },
			take: pageSize
		});
		for (const head of heads)
			if (!seen.has(head.stream) && head.seq > 0)
				return {
					ok: false,
					events,
					break: {
						stream: head.stream,
						seq: 1,
						id: null,
						reason: `the chain head says ${head.seq} events, the stream has none (rows deleted?)`
					}
				};
		if (heads.length < pageSize) break;
		after = heads[heads.length - 1].stream;
	}
	return { ok: true, events, streams: seen.size };
}

/**
 * Events written before the chain existed (seq null) are chained at start, oldest first, into
 * their own stream, in batches of their own transactions. Only their chain fields are written:
 * on PostgreSQL the append-only trigger allows exactly this update and no other.
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
				const { seq, prevHash } = await claimNext(tx, row.stream);
				const hash = eventHash({ ...fieldsOfRow(row), seq, prevHash });
				await tx.auditEvent.update({ where: { id: row.id }, data: { seq, prevHash, hash } });
				await advanceHead(tx, row.stream, hash);
			}
			return rows.length;
		});
		sealed += n;
		if (n < batch) return sealed;
	}
}
