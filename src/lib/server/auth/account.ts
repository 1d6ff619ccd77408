// What a signed-in person does to their own account (change the password, sign out everywhere),
// and disabling an account, which ends all of its sessions at once.
import type { Db } from '../db/client.ts';
import { record } from '../audit/index.ts';
import { AUTH_ACTIONS } from '../audit/actions.ts';
import {
	dummyHash,
	hashPassword,
	isUsableHash,
	verifyPassword,
	type PasswordVerifier
} from './password.ts';
import { checkNewPassword, type PasswordProblem } from './password-policy.ts';
import { reserveSignInAttempt, settleSignInSuccess } from './throttle.ts';

export type ChangePasswordResult =
	| { ok: true }
	| {
			ok: false;
			problem: PasswordProblem | 'wrong_password' | 'throttled';
			retryAfterSeconds?: number;
	  };

/**
 * Changes the password after checking the current one (under the sign-in throttle: a stolen
 * session must not become a way to guess it). Every other session of the user ends.
 */
export async function changePassword(
	db: Db,
	input: { userId: string; sessionId: string | null; current: string; next: string; ip: string },
	options: { verify?: PasswordVerifier; now?: Date } = {}
): Promise<ChangePasswordResult> {
	const now = options.now ?? new Date();
	const verify = options.verify ?? verifyPassword;
	const user = await db.user.findUniqueOrThrow({
		where: { id: input.userId },
		select: { email: true, passwordHash: true }
	});
	const decision = await reserveSignInAttempt(db, user.email, input.ip, now);
	if (!decision.allowed)
		return { ok: false, problem: 'throttled', retryAfterSeconds: decision.retryAfterSeconds };
	const usable = isUsableHash(user.passwordHash);
	const valid = await verify(usable ? user.passwordHash : await dummyHash(), input.current);
	if (!usable || !valid) {
		await record(db, {
			actorId: input.userId,
			action: AUTH_ACTIONS.passwordChangeFailed,
			objectType: 'user',
			objectId: input.userId,
			ip: input.ip
		});
		return { ok: false, problem: 'wrong_password' };
	}
	await settleSignInSuccess(db, user.email, input.ip, { complete: false }, now);
	const problem = checkNewPassword(input.next, [user.email]);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.next);
	await db.$transaction(async (tx) => {
		await tx.user.update({ where: { id: input.userId }, data: { passwordHash } });
		await tx.session.deleteMany({
			where: {
				userId: input.userId,
				...(input.sessionId ? { id: { not: input.sessionId } } : {})
			}
		});
		await tx.passwordResetToken.updateMany({
			where: { userId: input.userId, usedAt: null },
			data: { usedAt: now }
		});
		await record(tx, {
			actorId: input.userId,
			action: AUTH_ACTIONS.passwordChange,
			objectType: 'user',
			objectId: input.userId,
			ip: input.ip
		});
	});
	return { ok: true };
}

/** Ends one session (signing out), recorded for the user it belonged to. */
export async function signOut(db: Db, sessionId: string, userId: string | null, ip: string | null) {
	await db.$transaction(async (tx) => {
		const { count } = await tx.session.deleteMany({ where: { id: sessionId } });
		if (count === 1 && userId)
			await record(tx, {
				actorId: userId,
				action: AUTH_ACTIONS.signOut,
				objectType: 'user',
				objectId: userId,
				ip
			});
	});
}

/** Ends every session of the user, this one included. */
export async function signOutEverywhere(db: Db, userId: string, ip: string | null) {
	await db.$transaction(async (tx) => {
		const { count } = await tx.session.deleteMany({ where: { userId } });
		await tx.signInChallenge.deleteMany({ where: { userId } });
		await record(tx, {
			actorId: userId,
			action: AUTH_ACTIONS.signOutEverywhere,
			objectType: 'user',
			objectId: userId,
			ip,
			after: { sessionsEnded: count }
		});
	});
}

/**
 * Disables an account: from this moment no session of it is accepted (validateSessionToken
 * also refuses a disabled user's session) and all of them are deleted, with pending sign-ins
 * and reset links.
 */
export async function disableUser(
	db: Db,
	userId: string,
	context: { actorId: string | null; ip: string | null; now?: Date }
) {
	const now = context.now ?? new Date();
	await db.$transaction(async (tx) => {
		await tx.user.update({ where: { id: userId }, data: { disabledAt: now } });
		const { count } = await tx.session.deleteMany({ where: { userId } });
		await tx.signInChallenge.deleteMany({ where: { userId } });
		await tx.passwordResetToken.updateMany({
			where: { userId, usedAt: null },
			data: { usedAt: now }
		});
		await record(tx, {
			actorId: context.actorId,
			action: AUTH_ACTIONS.userDisable,
			objectType: 'user',
			objectId: userId,
			ip: context.ip,
			after: { sessionsEnded: count }
		});
	});
}
