// Password reset by mail. The link carries `<id>.<secret>`; only the SHA-256 of the secret is
// stored, the link expires after 30 minutes and works once. Asking for a reset answers the same
// for known and unknown addresses: the route does not wait for this module (the work happens
// after the answer has gone), so neither the text nor the time of the answer says which.
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Db } from '../db/client.ts';
import { record } from '../audit/index.ts';
import { AUTH_ACTIONS } from '../audit/actions.ts';
import { escapeHtml } from '../mail/compose.ts';
import { outboxRow } from '../mail/outbox.ts';
import { hashPassword } from './password.ts';
import { checkNewPassword, type PasswordProblem } from './password-policy.ts';
import { hashSecret, randomSecret } from './sessions.ts';
import { normalizeEmail } from './sign-in.ts';
import { formatGregorianDateTime } from '../../domain/dates.ts';

export const RESET_TTL_MS = 30 * 60_000;
/** Links per account and hour: enough for a lost mail, too few to flood a mailbox. */
export const RESET_MAX_PER_HOUR = 3;

/** Creates a reset token and queues its mail, when the address is an active account's. */
export async function requestPasswordReset(
	db: Db,
	email: string,
	context: { publicUrl: string; ip: string | null; now?: Date }
): Promise<boolean> {
	const now = context.now ?? new Date();
	const user = await db.user.findUnique({
		where: { email: normalizeEmail(email) },
		select: { id: true, email: true, name: true, disabledAt: true }
	});
	if (!user || user.disabledAt) return false;
	const recent = await db.passwordResetToken.count({
		where: { userId: user.id, createdAt: { gt: new Date(now.getTime() - 60 * 60_000) } }
	});
	if (recent >= RESET_MAX_PER_HOUR) return false;

	const id = randomSecret();
	const secret = randomSecret();
	const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
	const link = `${context.publicUrl.replace(/\/+$/, '')}/login/reset/${id}.${secret}`;
	const mail = composeResetMail(user.name, link, expiresAt);
	await db.$transaction(async (tx) => {
		await tx.passwordResetToken.create({
			data: { id, secretHash: hashSecret(secret), userId: user.id, createdAt: now, expiresAt }
		});
		await tx.mail.create({
			data: {
				...outboxRow(
					{
						dedupeKey: `password_reset:${id}`,
						recipientId: null,
						// Not a notice mail: MailKind names those; the column is free text.
						kind: 'password_reset' as never,
						versionNumber: null,
						to: [user.email],
						...mail
					},
					now
				)
			}
		});
		await record(tx, {
			actorId: null,
			action: AUTH_ACTIONS.passwordResetRequest,
			objectType: 'user',
			objectId: user.id,
			ip: context.ip
		});
	});
	return true;
}

export function composeResetMail(name: string, link: string, expiresAt: Date) {
	const until = formatGregorianDateTime(expiresAt);
	const text = [
		`${name} 様`,
		'',
		'Kairan のパスワード再設定が依頼されました。次のリンクから新しいパスワードを設定してください。',
		`リンクの有効期限は ${until}（30分間）で、一度だけ使えます。`,
		'',
		link,
		'',
		'心当たりがない場合は、このメールを破棄してください。パスワードは変更されません。',
		'',
		'---',
		'A password reset was requested for your Kairan account. Open the link above to choose a new',
		'password. It works once, for 30 minutes. If you did not ask for this, ignore this mail.',
		''
	].join('\n');
	const html = `<p>${escapeHtml(name)} 様</p>
<p>Kairan のパスワード再設定が依頼されました。次のリンクから新しいパスワードを設定してください。<br>リンクの有効期限は ${escapeHtml(until)}（30分間）で、一度だけ使えます。</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p>心当たりがない場合は、このメールを破棄してください。パスワードは変更されません。</p>
<hr>
<p lang="en">A password reset was requested for your Kairan account. Open the link above to choose a new password. It works once, for 30 minutes. If you did not ask for this, ignore this mail.</p>`;
	return { subject: '【Kairan】パスワードの再設定 / Password reset', text, html };
}

/** The open token a link names, or null (unknown, wrong secret, used or expired). */
export async function findResetToken(db: Db, token: string, now = new Date()) {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
	const row = await db.passwordResetToken.findUnique({
		where: { id },
		include: { user: { select: { email: true, disabledAt: true } } }
	});
	if (!row || !constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	if (row.usedAt || row.expiresAt <= now || row.user.disabledAt) return null;
	return row;
}

export type ResetResult =
	{ ok: true; userId: string } | { ok: false; problem: PasswordProblem | 'invalid_link' };

/**
 * Sets the new password with the token, once: the token is spent by a conditional update, every
 * other link of the account stops working, and every session and pending sign-in is ended.
 */
export async function resetPassword(
	db: Db,
	token: string,
	password: string,
	context: { ip: string | null; now?: Date }
): Promise<ResetResult> {
	const now = context.now ?? new Date();
	const row = await findResetToken(db, token, now);
	if (!row) return { ok: false, problem: 'invalid_link' };
	const problem = checkNewPassword(password, [row.user.email]);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(password);
	const spent = await db.$transaction(async (tx) => {
		const { count } = await tx.passwordResetToken.updateMany({
			where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
			data: { usedAt: now }
		});
		if (count !== 1) return false;
		await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
		await tx.passwordResetToken.updateMany({
			where: { userId: row.userId, usedAt: null },
			data: { usedAt: now }
		});
		await tx.session.deleteMany({ where: { userId: row.userId } });
		await tx.signInChallenge.deleteMany({ where: { userId: row.userId } });
		await record(tx, {
			actorId: row.userId,
			action: AUTH_ACTIONS.passwordReset,
			objectType: 'user',
			objectId: row.userId,
			ip: context.ip
		});
		return true;
	});
	return spent ? { ok: true, userId: row.userId } : { ok: false, problem: 'invalid_link' };
}
