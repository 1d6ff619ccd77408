// Forwarding to organizations outside government (issue 13): a prefecture's department passes
// the notice on to hospitals of the registry in its own prefecture. They have no accounts; each
// gets one ExternalRecipient row and a mail with a signed, expiring link (external-links.ts)
// that shows the notice and records receipt (and a short answer where the issuer asks one;
// external-public.ts is that side). The rows are written set-based — INSERT … SELECT from the
// registry and from the new rows into the outbox — so a send costs the same few statements
// whatever the number of institutions chosen.
import { z } from 'zod';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb, type Db, type Provider } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { managedNotices } from '../notices/access.ts';
import { forwardingDepartment } from './access.ts';
import { keysetArgs, keysetPage, type SortKey } from '../db/keyset.ts';
import type { PageRequest } from '../../domain/paging.ts';

export const EXTERNAL_ACTIONS = {
	forward: 'notice.forward_external',
	acknowledge: 'external_recipient.acknowledge',
	answer: 'external_recipient.answer'
} as const;

/** Institutions one send may name (a page of the picker is 50; a few pages' worth at once). */
export const MAX_INSTITUTIONS_PER_SEND = 500;
export const DEFAULT_EXPIRY_DAYS = 30;
export const MAX_EXPIRY_DAYS = 180;

/**
 * Whose external recipients the user may list (with their answers): the forwarding prefecture
 * department's, its own prefecture's; an issuer managing the notice, every prefecture's.
 */
export async function externalReaderScope(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<{ prefectureCode: string | null } | null> {
	const forwarder = await forwardingDepartment(db, user, noticeId);
	if (forwarder) return { prefectureCode: forwarder.prefectureCode };
	const manages = await db.notice.count({
		where: { AND: [{ id: noticeId }, managedNotices(user)] }
	});
	return manages === 1 ? { prefectureCode: null } : null;
}

const dateText = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, '日付は YYYY-MM-DD で入力してください。 / Date as YYYY-MM-DD.');

export const forwardExternalInput = z.object({
	institutionIds: z
		.array(z.string().regex(/^[a-z0-9]{1,64}$/))
		.min(1, '送付先の医療機関を選んでください。 / Choose at least one institution.')
		.max(MAX_INSTITUTIONS_PER_SEND),
	documentNumber: z.string().trim().max(100).nullable(),
	issuedOn: dateText.nullable(),
	coverNote: z.string().max(4000),
	expiresInDays: z.number().int().min(1).max(MAX_EXPIRY_DAYS)
});
export type ForwardExternalInput = z.infer<typeof forwardExternalInput>;

/** A new row id made by the database (cuid-like: `c` + 24 hex digits), as mail/queue.ts does. */
function newId(provider: Provider) {
	return provider === 'postgresql'
		? Prisma.sql`'c' || substr(md5(random()::text || clock_timestamp()::text), 1, 24)`
		: Prisma.sql`'c' || lower(hex(randomblob(12)))`;
}

/**
 * Forwards the notice to registry institutions of the forwarder's prefecture: one Forwarding,
 * one ExternalRecipient and one queued mail (kind `external`, composed when sent) per
 * institution. Institutions of another prefecture, without an address, or already reached
 * for this notice are refused, never silently dropped: the request is rejected as a whole.
 */
export async function forwardToExternal(
	db: Db,
	user: SessionUser,
	noticeId: string,
	raw: ForwardExternalInput,
	now = new Date()
): Promise<{ forwardingId: string; count: number }> {
	const parsed = forwardExternalInput.safeParse(raw);
	if (!parsed.success)
		throw new UserError(400, parsed.error.issues[0]?.message ?? 'Invalid input.');
	const input = parsed.data;
	const forwarder = await forwardingDepartment(db, user, noticeId);
	if (!forwarder) throw notFound();
	if (!forwarder.mayForward)
		throw new UserError(
			409,
			'この通知は現在、管外の機関へ転送できません。 / This notice cannot be forwarded now.'
		);
	const ids = [...new Set(input.institutionIds)];
	// The ids come from the request (bounded above), never from a result set.
	const eligible = await db.medicalInstitution.count({
		where: { id: { in: ids }, prefectureCode: forwarder.prefectureCode, email: { not: null } }
	});
	if (eligible !== ids.length)
		throw new UserError(
			400,
			'選んだ医療機関に、管内の名簿にない機関またはメールアドレスのない機関が含まれています。 / ' +
				'Some chosen institutions are not in your prefecture’s registry or have no mail address.'
		);
	const reached = await db.externalRecipient.findMany({
		where: { noticeId, medicalInstitutionId: { in: ids } },
		select: { name: true },
		take: 5
	});
	if (reached.length > 0)
		throw new UserError(
			409,
			`既にこの通知を送付済みの機関が含まれています：${reached.map((r) => r.name).join('、')} / ` +
				'Some chosen institutions have already been sent this notice.'
		);

	const provider = providerOfDb(db);
	const expiresAt = new Date(now.getTime() + input.expiresInDays * 86_400_000);
	const result = await db.$transaction(async (tx) => {
		const forwarding = await tx.forwarding.create({
			data: {
				noticeId,
				recipientId: forwarder.recipientId,
				prefectureCode: forwarder.prefectureCode,
				documentNumber: input.documentNumber || null,
				issuedOn: input.issuedOn,
				coverNote: input.coverNote.trim(),
				createdById: user.id,
				createdAt: now
			},
			select: { id: true }
		});
		// The same conditions as the checks above, in the statement itself: a concurrent send to
		// the same institution is stopped by the unique (noticeId, medicalInstitutionId).
		const count = await tx.$executeRaw`
			INSERT INTO "ExternalRecipient" ("id", "forwardingId", "noticeId", "medicalInstitutionId",
				"name", "email", "expiresAt", "createdAt")
			SELECT ${newId(provider)}, ${forwarding.id}, ${noticeId}, m."id", m."name", m."email",
				${expiresAt}, ${now}
			FROM "MedicalInstitution" m
			WHERE m."id" IN (${Prisma.join(ids)}) AND m."prefectureCode" = ${forwarder.prefectureCode}
				AND m."email" IS NOT NULL
			ON CONFLICT ("noticeId", "medicalInstitutionId") DO NOTHING`;
		if (count !== ids.length)
			throw new UserError(
				409,
				'他の操作と重なりました。もう一度お試しください。 / Another change got there first; try again.'
			);
		const details =
			provider === 'postgresql'
				? Prisma.sql`json_build_object('externalRecipientId', e."id")::jsonb`
				: Prisma.sql`json_object('externalRecipientId', e."id")`;
		await tx.$executeRaw`
			INSERT INTO "Mail" ("id", "dedupeKey", "recipientId", "kind", "versionNumber", "toAddresses",
				"details", "occasion", "status", "attempts", "nextAttemptAt", "createdAt")
			SELECT ${newId(provider)}, 'external:' || e."id", NULL, 'external',
				${forwarder.currentVersionNumber}, e."email", ${details}, ${`external:${forwarding.id}`},
				'queued', 0, ${now}, ${now}
			FROM "ExternalRecipient" e WHERE e."forwardingId" = ${forwarding.id}
			ON CONFLICT ("dedupeKey") DO NOTHING`;
		await record(tx, {
			...actor(user),
			action: EXTERNAL_ACTIONS.forward,
			objectType: 'notice',
			objectId: noticeId,
			after: { forwardingId: forwarding.id, externalRecipients: count, expiresAt },
			at: now
		});
		return { forwardingId: forwarding.id, count };
	});
	return result;
}

// ---------------------------------------------------------------------------------------------
// The prefecture's screen: its registry institutions to choose from, and whom it reached.

export type InstitutionFilter = { q?: string };

const INSTITUTION_ORDER: SortKey[] = [
	{ path: ['municipality'], dir: 'asc', type: 'string' },
	{ path: ['name'], dir: 'asc', type: 'string' },
	{ path: ['id'], dir: 'asc', type: 'string' }
];

/** One page of the prefecture's registry institutions that have an address, reached ones marked. */
export async function institutionPage(
	db: Db,
	prefectureCode: string,
	noticeId: string,
	filter: InstitutionFilter,
	request: PageRequest
) {
	const q = filter.q?.trim();
	const where: Prisma.MedicalInstitutionWhereInput = {
		prefectureCode,
		email: { not: null },
		...(q ? { OR: [{ name: { contains: q } }, { municipality: { contains: q } }] } : {})
	};
	const args = keysetArgs(INSTITUTION_ORDER, request);
	const [fetched, total] = await Promise.all([
		db.medicalInstitution.findMany({
			where: { AND: [where, args.where as Prisma.MedicalInstitutionWhereInput] },
			orderBy: args.orderBy as Prisma.MedicalInstitutionOrderByWithRelationInput[],
			take: args.take,
			select: {
				id: true,
				name: true,
				municipality: true,
				email: true,
				externalRecipients: { where: { noticeId }, select: { id: true } }
			}
		}),
		db.medicalInstitution.count({ where })
	]);
	const { rows, page } = keysetPage(INSTITUTION_ORDER, request, args, fetched, total);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			name: r.name,
			municipality: r.municipality,
			email: r.email ?? '',
			reached: r.externalRecipients.length > 0
		})),
		page
	};
}

export type ExternalStatus = 'unconfirmed' | 'acknowledged' | 'answered';

/** 未確認 / 受領済み / 回答済み, from the row's times. */
export function externalStatus(row: {
	acknowledgedAt: Date | null;
	answeredAt: Date | null;
}): ExternalStatus {
	if (row.answeredAt) return 'answered';
	if (row.acknowledgedAt) return 'acknowledged';
	return 'unconfirmed';
}

const RECIPIENT_ORDER: SortKey[] = [
	{ path: ['name'], dir: 'asc', type: 'string' },
	{ path: ['id'], dir: 'asc', type: 'string' }
];

/** One page of the external recipients in scope, with their status and answers, and counts. */
export async function externalRecipientPage(
	db: Db,
	noticeId: string,
	scope: { prefectureCode: string | null },
	request: PageRequest,
	now = new Date()
) {
	const where: Prisma.ExternalRecipientWhereInput = {
		noticeId,
		...(scope.prefectureCode ? { forwarding: { prefectureCode: scope.prefectureCode } } : {})
	};
	const args = keysetArgs(RECIPIENT_ORDER, request);
	const [fetched, total, acknowledged, answered] = await Promise.all([
		db.externalRecipient.findMany({
			where: { AND: [where, args.where as Prisma.ExternalRecipientWhereInput] },
			orderBy: args.orderBy as Prisma.ExternalRecipientOrderByWithRelationInput[],
			take: args.take,
			select: {
				id: true,
				name: true,
				email: true,
				createdAt: true,
				expiresAt: true,
				firstViewedAt: true,
				acknowledgedAt: true,
				answer: true,
				answeredAt: true,
				forwarding: { select: { prefectureCode: true } }
			}
		}),
		db.externalRecipient.count({ where }),
		db.externalRecipient.count({ where: { ...where, acknowledgedAt: { not: null } } }),
		db.externalRecipient.count({ where: { ...where, answeredAt: { not: null } } })
	]);
	const { rows, page } = keysetPage(RECIPIENT_ORDER, request, args, fetched, total);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			name: r.name,
			email: r.email,
			prefectureCode: r.forwarding.prefectureCode,
			sentAt: r.createdAt,
			expiresAt: r.expiresAt,
			expired: r.expiresAt.getTime() <= now.getTime(),
			firstViewedAt: r.firstViewedAt,
			acknowledgedAt: r.acknowledgedAt,
			answer: r.answer,
			answeredAt: r.answeredAt,
			status: externalStatus(r)
		})),
		page,
		counts: { total, acknowledged, answered }
	};
}
