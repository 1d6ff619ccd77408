// Append-only audit trail: who did what, when, from where, before and after.
import type { Db } from '../db/client.ts';

export type AuditInput = {
	actorId: string | null;
	action: string;
	objectType: string;
	objectId?: string | null;
	ip?: string | null;
	before?: unknown;
	after?: unknown;
};

type Tx = Pick<Db, 'auditEvent'>;

export async function record(db: Tx, event: AuditInput) {
	await db.auditEvent.create({
		data: {
			actorId: event.actorId,
			action: event.action,
			objectType: event.objectType,
			objectId: event.objectId ?? null,
			ip: event.ip ?? null,
			before: event.before === undefined ? undefined : (event.before as object),
			after: event.after === undefined ? undefined : (event.after as object)
		}
	});
}
