// Forwarding a notice (転送, issue 13): a prefecture's department passes it on to bodies of its
// own prefecture. One forwarding is one short transaction whose size is bounded by the
// prefecture (at most ~200 bodies), never by the notice's recipients: the Forwarding row, the
// second-level Recipient rows (one INSERT … SELECT from the candidate fragment of rules.ts, no
// list of ids travels), the cover note's attachments, an Invitation for each receiving
// department that nobody can sign in to yet, one mail per receiving department (composed when
// sent, kind `forwarding`), the audit event and the rollup's count of the new recipients (reports/forwarding-rollup.ts).
//
// All or nothing: a request naming any body outside the forwarder's prefecture, or one the
// notice has already reached, or one without the receiving department, is refused with the list
// of those bodies and changes nothing — a forwarding is never silently narrowed.
import { z } from 'zod';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb, type Db, type Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { hashSecret, randomSecret } from '../auth/sessions.ts';
import { INVITATION_TTL_MS } from '../people/invitations.ts';
import { writeMailsTo } from '../mail/queue.ts';
import { onForwarded } from '../reports/forwarding-rollup.ts';
import { forwarder } from './access.ts';
import { AVAILABLE, candidatesSql, listCandidates, type Candidate } from './rules.ts';
import { BODY_CODE, MAX_FORWARD_BODIES, type ForwardStatus } from '../../domain/forwarding.ts';
import { parseDateInput } from '../../domain/dates.ts';

export type StoredForwardingAttachment = {
	title: string;
	fileName: string;
	contentType: string;
	size: number;
	sha256: string;
};

/** Most attachments one cover note may carry. */
export const MAX_FORWARDING_ATTACHMENTS = 10;

export const forwardInputSchema = z.object({
	bodies: z.union([
		z.literal('all'),
		z
			.array(
				z
					.string()
					.regex(BODY_CODE, { message: '団体コードの形式が正しくありません。 / Not a body code.' })
			)
			.min(1, { message: '転送先を選んでください。 / Choose where to forward.' })
			.max(MAX_FORWARD_BODIES, { message: '転送先が多すぎます。 / Too many bodies.' })
	]),
	documentNumber: z
		.string()
		.trim()
		.max(100, {
			message: '文書番号は100文字以内にしてください。 / Document number: at most 100 characters.'
		})
		.transform((s) => (s === '' ? null : s))
		.nullable(),
	issuedOn: z
		.string()
		.trim()
		.transform((s, ctx) => {
			if (s === '') return null;
			const date = parseDateInput(s);
			if (!date) {
				ctx.addIssue({
					code: 'custom',
					message:
						'日付の形式が正しくありません（例：2026-12-03）。 / Not a date (e.g. 2026-12-03).'
				});
				return z.NEVER;
			}
			return date;
		})
		.nullable(),
	coverNote: z
		.string()
		.max(10_000, {
			message: '本文は10,000文字以内にしてください。 / Cover note: at most 10,000 characters.'
		})
		.transform((s) => s.replace(/\r\n?/g, '\n').trim()),
	attachments: z
		.array(
			z.object({
				title: z.string().max(200),
				fileName: z.string().min(1).max(255),
				contentType: z.string().min(1).max(200),
				size: z.number().int().nonnegative(),
				sha256: z.string().regex(/^[0-9a-f]{64}$/)
			})
		)
		.max(MAX_FORWARDING_ATTACHMENTS, {
			message: `添付資料は${MAX_FORWARDING_ATTACHMENTS}件までです。 / At most ${MAX_FORWARDING_ATTACHMENTS} attachments.`
		})
});
export type ForwardInput = z.input<typeof forwardInputSchema>;

export type ForwardContext = {
	/** Base of the invitation links (the forwarding mail carries them). */
	publicUrl: string;
	now?: Date;
};

export type ForwardResult = { forwardingId: string; recipients: number; invitations: number };

const STATUS_LABEL: Record<Exclude<ForwardStatus, 'available'>, string> = {
	direct: '既に直接の宛先',
	forwarded: '転送済み',
	no_department: '部局が名簿にありません'
};

/** Longest the forwarding's transaction may take (bounded by one prefecture's bodies). */
const TIMEOUT_MS = 20_000;

function newId(db: Tx) {
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`'c' || substr(md5(random()::text || clock_timestamp()::text), 1, 24)`
		: Prisma.sql`'c' || lower(hex(randomblob(12)))`;
}

/** The chosen bodies, or a UserError naming every one that cannot be chosen. */
function choose(candidates: Candidate[], bodies: 'all' | string[]): Candidate[] {
	if (bodies === 'all') {
		const all = candidates.filter((c) => c.status === 'available');
		if (all.length === 0)
			throw new UserError(
				400,
				'転送できる団体がありません（すべて送付済みか、部局が名簿にありません）。 / No body can be forwarded to.'
			);
		return all;
	}
	const byCode = new Map(candidates.map((c) => [c.code, c]));
	const codes = [...new Set(bodies)];
	const outside = codes.filter((code) => !byCode.has(code));
	if (outside.length > 0)
		throw new UserError(
			400,
			`管内の団体ではないため転送できません：${outside.join('、')} / Not a body of your prefecture: ${outside.join(', ')}`,
			'bodies'
		);
	const refused = codes
		.map((code) => byCode.get(code)!)
		.filter(
			(c): c is Candidate & { status: Exclude<ForwardStatus, 'available'> } =>
				c.status !== 'available'
		);
	if (refused.length > 0)
		throw new UserError(
			409,
			`次の団体には転送できません：${refused.map((c) => `${c.name}（${STATUS_LABEL[c.status]}）`).join('、')} / These bodies cannot be forwarded to: ${refused.map((c) => `${c.code} (${c.status})`).join(', ')}`,
			'bodies'
		);
	return codes.map((code) => byCode.get(code)!);
}

/**
 * Forwards the notice as `user`'s department. Returns the new forwarding, how many recipients it
 * made and how many invitations it created. Throws 404 when the user may not forward the notice.
 */
export async function forward(
	db: Db,
	user: SessionUser,
	noticeId: string,
	raw: ForwardInput,
	context: ForwardContext
): Promise<ForwardResult> {
	const parsed = forwardInputSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new UserError(400, issue.message, String(issue.path[0] ?? ''));
	}
	const input = parsed.data;
	const now = context.now ?? new Date();
	const publicUrl = context.publicUrl.replace(/\/+$/, '');
	return db.$transaction(
		async (tx) => {
			const who = await forwarder(tx, user, noticeId);
			if (!who) throw notFound();
			const scope = { noticeId, prefectureCode: who.prefectureCode, function: who.function };
			const chosen = choose(await listCandidates(tx, scope), input.bodies);

			const forwarding = await tx.forwarding.create({
				data: {
					noticeId,
					recipientId: who.recipientId,
					prefectureCode: who.prefectureCode,
					documentNumber: input.documentNumber,
					issuedOn: input.issuedOn,
					coverNote: input.coverNote,
					createdById: user.id,
					createdAt: now,
					attachments: {
						create: input.attachments.map((a, i) => ({
							position: i + 1,
							title: a.title.trim() || a.fileName.replace(/\.[^.]+$/, ''),
							fileName: a.fileName,
							contentType: a.contentType,
							size: a.size,
							sha256: a.sha256
						}))
					}
				},
				select: { id: true }
			});
			const only =
				input.bodies === 'all'
					? Prisma.empty
					: Prisma.sql`AND c."code" IN (${Prisma.join(chosen.map((c) => c.code))})`;
			const inserted = await tx.$executeRaw`
				INSERT INTO "Recipient" ("id", "noticeId", "departmentId", "forwardingId")
				SELECT ${newId(tx)}, ${noticeId}, c."departmentId", ${forwarding.id}
				FROM (${candidatesSql(scope)}) c
				WHERE ${AVAILABLE} ${only}
				ON CONFLICT ("noticeId", "departmentId") DO NOTHING`;
			// Another forwarding (or a correction of the addressees) reached one of them meanwhile.
			if (inserted !== chosen.length)
				throw new UserError(
					409,
					'転送の途中で宛先の状況が変わりました。もう一度お試しください。 / The bodies changed meanwhile; try again.'
				);

			const invitations = await inviteUnstaffed(tx, user, forwarding.id, now, publicUrl);
			const targets = await tx.recipient.findMany({
				where: { forwardingId: forwarding.id },
				select: { id: true }
			});
			await writeMailsTo(
				tx,
				{
					noticeId,
					kind: 'forwarding',
					versionNumber: who.currentVersionNumber,
					round: forwarding.id,
					now,
					status: 'queued'
				},
				targets.map((t) => ({
					recipientId: t.id,
					details: invitations.has(t.id) ? { invitationLink: invitations.get(t.id) } : undefined
				}))
			);
			await record(tx, {
				...actor(user),
				action: 'notice.forward',
				objectType: 'notice',
				objectId: noticeId,
				after: {
					forwardingId: forwarding.id,
					prefectureCode: who.prefectureCode,
					bodies: chosen.length,
					all: input.bodies === 'all',
					documentNumber: input.documentNumber,
					issuedOn: input.issuedOn,
					attachments: input.attachments.length,
					invitations: invitations.size
				}
			});
			// The dashboards' rollup, after the audit event (whose chain head orders writers): this
			// forwarding's recipients are counted in under the forwarded scope, without recounting
			// the notice's first level.
			await onForwarded(tx, forwarding.id);
			return {
				forwardingId: forwarding.id,
				recipients: chosen.length,
				invitations: invitations.size
			};
		},
		{ timeout: TIMEOUT_MS }
	);
}

/**
 * An invitation (respondent, manager) for each department the forwarding reached that has no
 * active user and has an address to send it to: its forwarding mail carries the link
 * (「アカウントを作成してください」) instead of a separate invitation mail. At most one
 * prefecture's bodies. Returns recipientId → link.
 */
async function inviteUnstaffed(
	tx: Tx,
	user: SessionUser,
	forwardingId: string,
	now: Date,
	publicUrl: string
): Promise<Map<string, string>> {
	const unstaffed = await tx.recipient.findMany({
		where: {
			forwardingId,
			department: { users: { none: { disabledAt: null } } }
		},
		select: {
			id: true,
			departmentId: true,
			department: {
				select: {
					name: true,
					organization: { select: { name: true } },
					emails: { select: { address: true }, orderBy: { address: 'asc' }, take: 1 }
				}
			}
		}
	});
	const links = new Map<string, string>();
	const rows = [];
	const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
	for (const r of unstaffed) {
		const email = r.department.emails[0]?.address;
		if (!email) continue; // no address: the mail fails visibly; the directory must add one
		const id = randomSecret();
		const secret = randomSecret();
		rows.push({
			id,
			secretHash: hashSecret(secret),
			email: email.toLowerCase(),
			name: `${r.department.organization.name} ${r.department.name} ご担当者`,
			role: 'respondent',
			departmentId: r.departmentId,
			manager: true,
			invitedById: user.id,
			createdAt: now,
			sentAt: now,
			expiresAt
		});
		links.set(r.id, `${publicUrl}/invitation/${id}.${secret}`);
	}
	if (rows.length > 0) {
		await tx.invitation.createMany({ data: rows });
		await record(tx, {
			...actor(user),
			action: 'invitation.send',
			objectType: 'forwarding',
			objectId: forwardingId,
			after: { invitations: rows.map((r) => ({ id: r.id, departmentId: r.departmentId })) }
		});
	}
	return links;
}
