// Reading the audit trail (admins): filters, keyset pages newest first (db/keyset.ts, the
// paging every list uses), and the CSV export, which walks the same keyset in pages so that
// neither side ever holds the whole history.
//
// Newest first means by (at, id), descending: the chains are per department (chain.ts), so a
// `seq` orders events within one stream only.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { UserError } from '../errors.ts';
import { keysetArgs, keysetPage, keysetWalk, type SortKey } from '../db/keyset.ts';
import { parseDateInput } from '../../domain/dates.ts';
import type { PageRequest } from '../../domain/paging.ts';
import { tableToCsv } from '../reports/table-files.ts';
import { currentAction, legacyNamesUnder, storedNamesOf } from './actions.ts';

const EXPORT_PAGE = 1000;

/** Newest first, the id breaking ties within a millisecond. */
const NEWEST: readonly SortKey[] = [
	{ path: ['at'], dir: 'desc', type: 'date' },
	{ path: ['id'], dir: 'desc', type: 'string' }
];

const text = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.transform((v) => (v === '' ? undefined : v))
		.optional();
const day = z
	.string()
	.trim()
	.max(40)
	.optional()
	.transform((v, ctx) => {
		if (!v) return undefined;
		const iso = parseDateInput(v);
		if (!iso) {
			ctx.addIssue({ code: 'custom', message: `日付として読めません: ${v}` });
			return z.NEVER;
		}
		return iso;
	});

const filterSchema = z.object({
	/** `notice.publish`, or a prefix ending in a dot: `notice.` */
	action: text(100),
	objectType: text(60),
	/** The actor's email address. */
	actor: text(254),
	/** Japan-time calendar days, both included. */
	from: day,
	to: day
});

export type AuditFilter = z.infer<typeof filterSchema>;

/** The filter as the URL carries it; a malformed one is a 400 with the reason. */
export function auditFilter(url: URL): AuditFilter {
	const raw = Object.create(null) as Record<string, string>;
	for (const key of ['action', 'objectType', 'actor', 'from', 'to'])
		raw[key] = url.searchParams.get(key) ?? '';
	const parsed = filterSchema.safeParse(raw);
	if (!parsed.success) throw new UserError(400, parsed.error.issues[0].message);
	return parsed.data;
}

export function requireAuditReader(user: SessionUser | null) {
	// Others learn nothing, not even that the page exists.
	if (user?.role !== 'admin') throw new UserError(404, 'ページが見つかりません。 / Not found.');
}

const startOfJapanDay = (iso: string) => new Date(`${iso}T00:00:00+09:00`);

async function whereOf(db: Db, f: AuditFilter): Promise<Prisma.AuditEventWhereInput | null> {
	const and: Prisma.AuditEventWhereInput[] = [];
	// Old names of account events (actions.ts) are found under their new names, and the reverse.
	if (f.action)
		and.push(
			f.action.endsWith('.')
				? {
						OR: [
							{ action: { startsWith: f.action } },
							{ action: { in: legacyNamesUnder(f.action) } }
						]
					}
				: { action: { in: storedNamesOf(f.action) } }
		);
	if (f.objectType) and.push({ objectType: f.objectType });
	if (f.actor) {
		const user = await db.user.findUnique({
			where: { email: f.actor.toLowerCase() },
			select: { id: true }
		});
		if (!user) return null;
		and.push({ actorId: user.id });
	}
	if (f.from) and.push({ at: { gte: startOfJapanDay(f.from) } });
	if (f.to) {
		const next = startOfJapanDay(f.to);
		next.setUTCDate(next.getUTCDate() + 1);
		and.push({ at: { lt: next } });
	}
	return { AND: and };
}

type EventRow = Awaited<ReturnType<Db['auditEvent']['findFirstOrThrow']>>;

/** A page of events with the names of their actors and departments. */
async function named(db: Db, rows: EventRow[]) {
	// Names for this page's actors and departments: at most `take` ids, never the whole trail.
	const userIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
	const departmentIds = [...new Set(rows.flatMap((r) => (r.departmentId ? [r.departmentId] : [])))];
	const [users, departments] = await Promise.all([
		userIds.length
			? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })
			: [],
		departmentIds.length
			? db.department.findMany({
					where: { id: { in: departmentIds } },
					select: { id: true, name: true, organization: { select: { name: true } } }
				})
			: []
	]);
	const email = new Map(users.map((u) => [u.id, u.email]));
	const department = new Map(departments.map((d) => [d.id, `${d.organization.name} ${d.name}`]));
	return rows.map((r) => ({
		id: r.id,
		stream: r.stream,
		/** Its place in its stream's chain; null until a row written before the chain is sealed. */
		seq: r.seq,
		at: r.at,
		actorId: r.actorId,
		actor: r.actorId ? (email.get(r.actorId) ?? r.actorId) : null,
		department: r.departmentId ? (department.get(r.departmentId) ?? r.departmentId) : null,
		action: r.action,
		objectType: r.objectType,
		objectId: r.objectId,
		ip: r.ip,
		before: r.before,
		after: r.after,
		hash: r.hash
	}));
}

export type AuditRow = Awaited<ReturnType<typeof named>>[number];

/** One page, newest first, as every list pages (domain/paging.ts: the cursor in the URL). */
export async function listAuditEvents(
	db: Db,
	user: SessionUser | null,
	filter: AuditFilter,
	request: PageRequest
) {
	requireAuditReader(user);
	const where = await whereOf(db, filter);
	const args = keysetArgs(NEWEST, request);
	const fetched = where
		? await db.auditEvent.findMany({
				where: { AND: [where, args.where] },
				orderBy: args.orderBy,
				take: args.take
			})
		: [];
	const { rows, page } = keysetPage(NEWEST, request, args, fetched);
	return { rows: await named(db, rows), page };
}

/** The distinct actions and object types, for the filter's suggestions. */
export async function auditVocabulary(db: Db) {
	const [actions, objectTypes] = await Promise.all([
		db.auditEvent.findMany({
			distinct: ['action'],
			select: { action: true },
			orderBy: { action: 'asc' }
		}),
		db.auditEvent.findMany({
			distinct: ['objectType'],
			select: { objectType: true },
			orderBy: { objectType: 'asc' }
		})
	]);
	return {
		// Current names only: a row recorded under an old name is found by its new one.
		actions: [...new Set(actions.map((a) => currentAction(a.action)))].sort(),
		objectTypes: objectTypes.map((o) => o.objectType)
	};
}

const CSV_COLUMNS = [
	'stream',
	'seq',
	'at',
	'actor',
	'department',
	'action',
	'objectType',
	'objectId',
	'ip',
	'before',
	'after',
	'hash'
];

/** The filtered trail as CSV (UTF-8 with BOM), streamed page by page. */
export function auditCsvStream(
	db: Db,
	user: SessionUser | null,
	filter: AuditFilter,
	pageSize = EXPORT_PAGE
) {
	requireAuditReader(user);
	let rows: AsyncGenerator<AuditRow> | undefined;
	let first = true;
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (rows === undefined) {
				const where = await whereOf(db, filter);
				rows = keysetWalk(
					NEWEST,
					async (args) =>
						where
							? named(
									db,
									await db.auditEvent.findMany({
										where: { AND: [where, args.where] },
										orderBy: args.orderBy,
										take: args.take
									})
								)
							: [],
					pageSize
				);
			}
			const batch: AuditRow[] = [];
			for (let next = await rows.next(); !next.done; next = await rows.next()) {
				batch.push(next.value);
				if (batch.length === pageSize) break;
			}
			const csv = tableToCsv({
				title: '',
				columns: CSV_COLUMNS,
				rows: batch.map((r) => [
					r.stream,
					r.seq,
					r.at.toISOString(),
					r.actor,
					r.department,
					r.action,
					r.objectType,
					r.objectId,
					r.ip,
					r.before === null ? null : JSON.stringify(r.before),
					r.after === null ? null : JSON.stringify(r.after),
					r.hash
				])
			});
			// The header (and BOM) once; later pages are rows only.
			const body = first ? csv : csv.slice(csv.indexOf('\r\n') + 2);
			first = false;
			if (body) controller.enqueue(encoder.encode(body));
			if (batch.length < pageSize) controller.close();
		}
	});
}
