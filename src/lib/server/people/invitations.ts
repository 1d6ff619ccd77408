// Invitations: an admin, a prefecture administrator or a department manager invites a person to a
// department; the mailed link `/invitation/<id>.<secret>` works once, for 7 days, and only the
// SHA-256 of the secret is stored (the pattern of password reset links, auth/reset.ts). The
// account is created when the invited person sets a password (the password policy applies);
// a role that needs TOTP enrols at its first sign-in (hooks.server.ts). Sending again makes a new
// link (the earlier one stops working); withdrawing ends it. Every step is audited.
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { escapeHtml } from '../mail/compose.ts';
import { outboxRow } from '../mail/outbox.ts';
import { hashPassword } from '../auth/password.ts';
import { checkNewPassword, type PasswordProblem } from '../auth/password-policy.ts';
import { hashSecret, randomSecret } from '../auth/sessions.ts';
import { normalizeEmail } from '../auth/sign-in.ts';
import { UserError } from '../errors.ts';
import { ROLES } from '../../domain/roles.ts';
import { formatGregorianDateTime } from '../../domain/dates.ts';
import { departmentNotFound, manageableDepartments, mayGrant } from './access.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export const invitationSchema = z.object({
	email: z
		.string()
		.trim()
		.toLowerCase()
		.pipe(z.email({ message: 'メールアドレスの形式ではありません。 / Not an e-mail address.' })),
	name: z.string().trim().min(1, { message: '氏名を入力してください。 / Enter a name.' }).max(100),
	role: z.enum(ROLES),
	departmentId: z.string().max(64).nullable(),
	manager: z.boolean().default(false)
});
export type InvitationInput = z.infer<typeof invitationSchema>;

type Context = { publicUrl: string; now?: Date };

const notFound = () => new UserError(404, '招待が見つかりません。 / Invitation not found.');

/** Invitations the user may act on (those of the departments it manages; admins: all). */
function reachable(user: SessionUser) {
	const scope = manageableDepartments(user);
	if (!scope) return null;
	return user.role === 'admin' ? {} : { department: { is: scope } };
}

async function checkTarget(db: Db, user: SessionUser, input: InvitationInput) {
	if (!mayGrant(user, input))
		throw new UserError(403, 'この役割では招待できません。 / You cannot invite with this role.');
	if (input.departmentId === null) {
		if (user.role !== 'admin') throw departmentNotFound();
		if (input.role !== 'admin')
			throw new UserError(400, '部局を選んでください。 / Choose a department.', 'departmentId');
		return null;
	}
	const scope = manageableDepartments(user);
	const department = scope
		? await db.department.findFirst({
				where: { AND: [{ id: input.departmentId }, scope] },
				select: { id: true, name: true, organization: { select: { name: true } } }
			})
		: null;
	if (!department) throw departmentNotFound();
	return department;
}

/** Creates an invitation and queues its mail. Returns the invitation's id. */
export async function invite(
	db: Db,
	user: SessionUser,
	raw: unknown,
	context: Context
): Promise<string> {
	const parsed = invitationSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new UserError(400, issue.message, String(issue.path[0] ?? ''));
	}
	const input = parsed.data;
	const department = await checkTarget(db, user, input);
	if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } }))
		throw new UserError(
			409,
			'このメールアドレスの利用者は既に登録されています。 / This address already has an account.',
			'email'
		);
	return db.$transaction((tx) => createInvitation(tx as Db, user, input, department, context));
}

/**
 * Writes an invitation, its mail and its audit event on `tx` (the caller's transaction; input
 * validated and authorized). Returns the invitation's id.
 */
export async function createInvitation(
	tx: Db,
	user: SessionUser,
	input: InvitationInput,
	department: { name: string; organization: { name: string } } | null,
	context: Context
): Promise<string> {
	const now = context.now ?? new Date();
	// One open invitation per address: an earlier one is replaced.
	await tx.invitation.updateMany({
		where: { email: input.email, acceptedAt: null, withdrawnAt: null },
		data: { withdrawnAt: now }
	});
	const id = randomSecret();
	const secret = randomSecret();
	const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
	await tx.invitation.create({
		data: {
			id,
			secretHash: hashSecret(secret),
			email: input.email,
			name: input.name,
			role: input.role,
			departmentId: input.departmentId,
			manager: input.manager,
			invitedById: user.id,
			createdAt: now,
			sentAt: now,
			expiresAt
		}
	});
	await queueMail(tx, { id, secret, expiresAt, now, ...input }, department, context);
	await record(tx, {
		...actor(user),
		action: 'invitation.send',
		objectType: 'invitation',
		objectId: id,
		after: {
			email: input.email,
			role: input.role,
			departmentId: input.departmentId,
			manager: input.manager
		}
	});
	return id;
}

async function queueMail(
	tx: Db,
	inv: {
		id: string;
		secret: string;
		expiresAt: Date;
		now: Date;
		email: string;
		name: string;
	},
	department: { name: string; organization: { name: string } } | null,
	context: Context
) {
	const link = `${context.publicUrl.replace(/\/+$/, '')}/invitation/${inv.id}.${inv.secret}`;
	const where = department ? `${department.organization.name} ${department.name}` : 'Kairan';
	await tx.mail.create({
		data: outboxRow(
			{
				dedupeKey: `invitation:${inv.id}:${inv.now.getTime()}`,
				recipientId: null,
				// Not a notice mail: MailKind names those; the column is free text.
				kind: 'invitation' as never,
				versionNumber: null,
				to: [inv.email],
				...composeInvitationMail(inv.name, where, link, inv.expiresAt)
			},
			inv.now
		)
	});
}

export function composeInvitationMail(name: string, where: string, link: string, until: Date) {
	const expires = formatGregorianDateTime(until);
	const text = [
		`${name} 様`,
		'',
		`Kairan（回覧）の「${where}」の利用者として招待されました。`,
		'次のリンクを開き、パスワードを設定してください。',
		`リンクの有効期限は ${expires}（7日間）で、一度だけ使えます。`,
		'',
		link,
		'',
		'心当たりがない場合は、このメールを破棄してください。',
		'',
		'---',
		`You have been invited to Kairan as a user of ${where}. Open the link above to choose`,
		'your password. It works once, for 7 days.',
		''
	].join('\n');
	const html = `<p>${escapeHtml(name)} 様</p>
<p>Kairan（回覧）の「${escapeHtml(where)}」の利用者として招待されました。次のリンクを開き、パスワードを設定してください。<br>リンクの有効期限は ${escapeHtml(expires)}（7日間）で、一度だけ使えます。</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p>心当たりがない場合は、このメールを破棄してください。</p>
<hr>
<p lang="en">You have been invited to Kairan as a user of ${escapeHtml(where)}. Open the link above to choose your password. It works once, for 7 days.</p>`;
	return { subject: '【Kairan】利用者としての招待 / Invitation', text, html };
}

async function openInvitation(db: Db, user: SessionUser, id: string) {
	const where = reachable(user);
	if (!where || typeof id !== 'string' || id.length > 64) throw notFound();
	const row = await db.invitation.findFirst({
		where: { AND: [{ id, acceptedAt: null, withdrawnAt: null }, where] },
		include: { department: { select: { name: true, organization: { select: { name: true } } } } }
	});
	if (!row) throw notFound();
	return row;
}

/** Sends an open invitation again with a new link (the old one stops working), 7 more days. */
export async function resendInvitation(db: Db, user: SessionUser, id: string, context: Context) {
	const row = await openInvitation(db, user, id);
	const now = context.now ?? new Date();
	const secret = randomSecret();
	const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
	await db.$transaction(async (tx) => {
		const { count } = await tx.invitation.updateMany({
			where: { id, acceptedAt: null, withdrawnAt: null },
			data: { secretHash: hashSecret(secret), sentAt: now, expiresAt }
		});
		if (count !== 1) throw notFound();
		await queueMail(tx as Db, { ...row, secret, expiresAt, now }, row.department, context);
		await record(tx, {
			...actor(user),
			action: 'invitation.resend',
			objectType: 'invitation',
			objectId: id,
			after: { expiresAt }
		});
	});
}

export async function withdrawInvitation(db: Db, user: SessionUser, id: string, now = new Date()) {
	await openInvitation(db, user, id);
	await db.$transaction(async (tx) => {
		const { count } = await tx.invitation.updateMany({
			where: { id, acceptedAt: null, withdrawnAt: null },
			data: { withdrawnAt: now }
		});
		if (count !== 1) throw notFound();
		await record(tx, {
			...actor(user),
			action: 'invitation.withdraw',
			objectType: 'invitation',
			objectId: id
		});
	});
}

/** Open invitations of a department (already authorized by the caller), newest first. */
export async function pendingInvitations(
	db: Db,
	departmentId: string | null,
	options: { take?: number; skip?: number; now?: Date } = {}
) {
	const where = { departmentId, acceptedAt: null, withdrawnAt: null };
	const [rows, total] = await Promise.all([
		db.invitation.findMany({
			where,
			orderBy: [{ sentAt: 'desc' }, { id: 'asc' }],
			take: options.take ?? 50,
			skip: options.skip ?? 0,
			select: {
				id: true,
				email: true,
				name: true,
				role: true,
				manager: true,
				sentAt: true,
				expiresAt: true
			}
		}),
		db.invitation.count({ where })
	]);
	const now = options.now ?? new Date();
	return { total, rows: rows.map((r) => ({ ...r, expired: r.expiresAt <= now })) };
}

/** The open invitation a link names, or null (unknown, wrong secret, used, withdrawn, expired). */
export async function findInvitation(db: Db, token: string, now = new Date()) {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
	const row = await db.invitation.findUnique({
		where: { id },
		include: { department: { select: { name: true, organization: { select: { name: true } } } } }
	});
	if (!row || !constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	if (row.acceptedAt || row.withdrawnAt || row.expiresAt <= now) return null;
	return row;
}

export type AcceptResult =
	{ ok: true; userId: string } | { ok: false; problem: PasswordProblem | 'invalid_link' | 'taken' };

/**
 * The invited person sets a password: the account is created, the invitation spent (once, by a
 * conditional update). Signing in is the next step (with TOTP enrolment where required).
 */
export async function acceptInvitation(
	db: Db,
	token: string,
	password: string,
	context: { ip: string | null; now?: Date }
): Promise<AcceptResult> {
	const now = context.now ?? new Date();
	const row = await findInvitation(db, token, now);
	if (!row) return { ok: false, problem: 'invalid_link' };
	const problem = checkNewPassword(password, [row.email, row.name]);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(password);
	return db.$transaction(async (tx) => {
		if (await tx.user.findUnique({ where: { email: row.email }, select: { id: true } }))
			return { ok: false, problem: 'taken' } as const;
		const { count } = await tx.invitation.updateMany({
			where: { id: row.id, acceptedAt: null, withdrawnAt: null, expiresAt: { gt: now } },
			data: { acceptedAt: now }
		});
		if (count !== 1) return { ok: false, problem: 'invalid_link' } as const;
		const created = await tx.user.create({
			data: {
				email: normalizeEmail(row.email),
				name: row.name,
				role: row.role,
				departmentId: row.departmentId,
				manager: row.manager,
				passwordHash,
				createdAt: now
			},
			select: { id: true }
		});
		await record(tx, {
			actorId: created.id,
			departmentId: row.departmentId,
			action: 'invitation.accept',
			objectType: 'invitation',
			objectId: row.id,
			ip: context.ip,
			after: { userId: created.id, role: row.role, departmentId: row.departmentId }
		});
		return { ok: true, userId: created.id } as const;
	});
}
