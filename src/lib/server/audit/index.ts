// Append-only audit trail: who did what, when, from where, before and after — one row per
// state change, written in the same transaction as the change, hash-chained per department
// (chain.ts).
//
// Naming: `action` is `<subject>.<verb>` in snake_case (`notice.publish`,
// `response.save_draft`, `attachment.add`); `objectType` is the snake_case name of the record
// `objectId` points to (`notice`, `response`, `attachment`, `recipient`, `grant_line`, …).
// `before`/`after` are summaries: ids, statuses, counts, versions. Never passwords, tokens or
// the contents of answers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { isDbHandle, type Db } from '../db/client.ts';
import { advanceHead, claimMany, eventHash, streamOf } from './chain.ts';

export type AuditInput = {
	actorId: string | null;
	action: string;
	objectType: string;
	objectId?: string | null;
	ip?: string | null;
	/** The actor's department; defaults to the request's signed-in user's (see withAuditContext). */
	departmentId?: string | null;
	before?: unknown;
	after?: unknown;
	at?: Date;
};

/** What a request knows that server modules do not take as arguments: where it came from. */
export type AuditContext = { ip: string | null; departmentId: string | null };
const context = new AsyncLocalStorage<AuditContext>();

/** hooks.server.ts runs each request inside this, so every event it records has its IP. */
export function withAuditContext<T>(ctx: AuditContext, run: () => T): T {
	return context.run(ctx, run);
}

/** The actor fields of an event done by this user. */
export const actor = (user: { id: string; departmentId: string | null }) => ({
	actorId: user.id,
	departmentId: user.departmentId
});

type Tx = Pick<Db, 'auditEvent' | 'auditChainHead'>;

/** JSON as it will read back from the database (dates become strings, undefined goes). */
function summary(value: unknown): unknown {
	if (value === undefined || value === null) return null;
	return JSON.parse(JSON.stringify(value));
}

/** The chained fields of an event, before its place in the chain is known. */
function fieldsOf(event: AuditInput) {
	const ctx = context.getStore();
	return {
		// Millisecond precision: what both databases store, so the hash survives the round trip.
		at: new Date((event.at ?? new Date()).getTime()),
		actorId: event.actorId,
		departmentId:
			event.departmentId !== undefined ? event.departmentId : (ctx?.departmentId ?? null),
		action: event.action,
		objectType: event.objectType,
		objectId: event.objectId ?? null,
		ip: event.ip ?? ctx?.ip ?? null,
		before: summary(event.before),
		after: summary(event.after)
	};
}

/**
 * Appends events in the order given, each linked to the one before it in its stream: per
 * stream, one claim of their places and one move of the head, and one insert of all of them —
 * so a save that also implies the receipt (two events, one department) costs three statements.
 * Streams are claimed in name order, so two transactions that touch the same streams lock
 * their heads in the same order and cannot deadlock on them.
 */
async function append(tx: Tx, events: AuditInput[]) {
	if (events.length === 0) return;
	const byStream = new Map<string, ReturnType<typeof fieldsOf>[]>();
	for (const event of events) {
		const fields = fieldsOf(event);
		const stream = streamOf(fields.departmentId);
		const list = byStream.get(stream);
		if (list) list.push(fields);
		else byStream.set(stream, [fields]);
	}
	const rows = [];
	for (const stream of [...byStream.keys()].sort()) {
		const pending = byStream.get(stream)!;
		const { firstSeq, prevHash: first } = await claimMany(tx, stream, pending.length);
		let prevHash = first;
		for (const [i, f] of pending.entries()) {
			const fields = { ...f, seq: firstSeq + i, prevHash };
			const hash = eventHash(fields);
			prevHash = hash;
			rows.push({
				...fields,
				stream,
				before: fields.before === null ? undefined : (fields.before as object),
				after: fields.after === null ? undefined : (fields.after as object),
				hash
			});
		}
		await advanceHead(tx, stream, prevHash);
	}
	if (rows.length === 1) await tx.auditEvent.create({ data: rows[0], select: { id: true } });
	else await tx.auditEvent.createMany({ data: rows });
}

/**
 * Records one event. Pass the transaction that makes the change, so the event and the change
 * commit or roll back together; given the database handle itself, the event gets a
 * transaction of its own (its place in the chain must be claimed and used atomically).
 */
export async function record(db: Tx | Db, event: AuditInput) {
	await recordAll(db, [event]);
}

/** record for several events of one change, in this order (one claim of the chain for all). */
export async function recordAll(db: Tx | Db, events: AuditInput[]) {
	if (isDbHandle(db)) {
		await (db as Db).$transaction((tx) => append(tx, events));
	} else {
		await append(db, events);
	}
}
