// Email + password sign-in, then the second factor for enrolled users.
//
// Every failure has one message and one cost, whether the email is unknown, the account
// password-less or disabled, or the password wrong: exactly one argon2 verification (against a
// dummy hash where there is no usable one), so neither the answer nor its timing tells which.
// Every attempt goes through the throttle first (throttle.ts); a throttled attempt costs no
// verification and says when to try again.
import type { Db } from '../db/client.ts';
import { record } from '../audit/index.ts';
import { AUTH_ACTIONS } from '../audit/actions.ts';
import { signInFailures, signInThrottled } from '../metrics/index.ts';
import { dummyHash, isUsableHash, verifyPassword, type PasswordVerifier } from './password.ts';
import { createSession, hashSecret, randomSecret } from './sessions.ts';
import {
	countRefusal,
	reserveSignInAttempt,
	settleSignInSuccess,
	shouldAuditRefusal,
	type ThrottleRefusal,
	type ThrottleScope
} from './throttle.ts';
import { verifySecondFactor, type SecondFactor } from './totp.ts';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

/** The second factor must follow the password within five minutes, in five tries. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;

export type SignInOptions = { verify?: PasswordVerifier; now?: Date };

export type SignInResult =
	| { status: 'signed_in'; userId: string; token: string; expiresAt: Date }
	| { status: 'second_factor'; userId: string; challenge: string; expiresAt: Date }
	| { status: 'failed' }
	| { status: 'throttled'; scope: ThrottleScope; retryAfterSeconds: number };

/**
 * A refused (throttled) attempt: counted exactly, recorded in the audit trail only as the first
 * refusal of its throttle window (then the 10th, 100th, …, with the count so far), one event per
 * refusing counter — the account × address pair, the address, or the account — per window.
 */
async function noteRefusal(
	db: Db,
	refused: ThrottleRefusal,
	context: { userId: string | null; ip: string; now: Date; step?: 'code' }
) {
	signInThrottled.inc({ scope: refused.scope });
	const refusals = await countRefusal(db, refused, context.now);
	if (!shouldAuditRefusal(refusals)) return;
	await record(db, {
		actorId: null,
		action: AUTH_ACTIONS.signInThrottled,
		objectType: 'user',
		objectId: context.userId,
		ip: context.ip,
		after: {
			scope: refused.scope,
			retryAfterSeconds: refused.retryAfterSeconds,
			until: refused.until,
			refusals,
			...(context.step ? { step: context.step } : {})
		}
	});
}

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function signIn(
	db: Db,
	input: { email: string; password: string; ip: string },
	options: SignInOptions = {}
): Promise<SignInResult> {
	const now = options.now ?? new Date();
	const verify = options.verify ?? verifyPassword;
	const email = normalizeEmail(input.email);
	const user = await db.user.findUnique({
		where: { email },
		select: { id: true, passwordHash: true, disabledAt: true, totpKey: true }
	});

	const decision = await reserveSignInAttempt(db, email, input.ip, now);
	if (!decision.allowed) {
		await noteRefusal(db, decision, { userId: user?.id ?? null, ip: input.ip, now });
		return {
			status: 'throttled',
			scope: decision.scope,
			retryAfterSeconds: decision.retryAfterSeconds
		};
	}

	const usable = user && !user.disabledAt && isUsableHash(user.passwordHash);
	const valid = await verify(usable ? user.passwordHash : await dummyHash(), input.password);
	if (!usable || !valid) {
		signInFailures.inc({ step: 'password' });
		await record(db, {
			actorId: null,
			action: AUTH_ACTIONS.signInFailed,
			objectType: 'user',
			// Known accounts only: an unknown address typed may be anything, even a password.
			objectId: user?.id ?? null,
			ip: input.ip
		});
		return { status: 'failed' };
	}

	if (user.totpKey) {
		// The password was right: give its count back, but the pair stays counted as in progress
		// until the second factor is right too (codes are guessed under the same throttle).
		await settleSignInSuccess(db, email, input.ip, { complete: false }, now);
		const id = randomSecret();
		const secret = randomSecret();
		const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
		await db.signInChallenge.deleteMany({ where: { userId: user.id, expiresAt: { lte: now } } });
		await db.signInChallenge.create({
			data: { id, secretHash: hashSecret(secret), userId: user.id, ip: input.ip, expiresAt }
		});
		return { status: 'second_factor', userId: user.id, challenge: `${id}.${secret}`, expiresAt };
	}

	await settleSignInSuccess(db, email, input.ip, { complete: true }, now);
	const session = await createSession(db, user.id, now);
	await record(db, {
		actorId: user.id,
		action: AUTH_ACTIONS.signIn,
		objectType: 'user',
		objectId: user.id,
		ip: input.ip
	});
	return { status: 'signed_in', userId: user.id, ...session };
}

export type SecondFactorResult =
	| { status: 'signed_in'; userId: string; token: string; expiresAt: Date; factor: SecondFactor }
	/** Wrong code; `attemptsLeft` 0 means the password must be entered again. */
	| { status: 'failed'; attemptsLeft: number }
	/** No such challenge, expired or used up: start again from the password. */
	| { status: 'expired' }
	| { status: 'throttled'; scope: ThrottleScope; retryAfterSeconds: number };

/** The challenge a cookie names, if it is still open. */
async function openChallenge(db: Db, token: string, now: Date) {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
	const row = await db.signInChallenge.findUnique({
		where: { id },
		include: { user: { select: { email: true, disabledAt: true } } }
	});
	if (!row || !constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	if (row.expiresAt <= now || row.attempts >= CHALLENGE_MAX_ATTEMPTS || row.user.disabledAt) {
		await db.signInChallenge.deleteMany({ where: { id } });
		return null;
	}
	return row;
}

export async function completeSecondFactor(
	db: Db,
	input: { challenge: string; code: string; ip: string },
	options: { now?: Date } = {}
): Promise<SecondFactorResult> {
	const now = options.now ?? new Date();
	const challenge = await openChallenge(db, input.challenge, now);
	if (!challenge) return { status: 'expired' };
	const email = challenge.user.email;

	const decision = await reserveSignInAttempt(db, email, input.ip, now);
	if (!decision.allowed) {
		await noteRefusal(db, decision, { userId: challenge.userId, ip: input.ip, now, step: 'code' });
		return {
			status: 'throttled',
			scope: decision.scope,
			retryAfterSeconds: decision.retryAfterSeconds
		};
	}
	// Counted before checking, conditionally: parallel guesses cannot exceed the limit either.
	const { count } = await db.signInChallenge.updateMany({
		where: { id: challenge.id, attempts: { lt: CHALLENGE_MAX_ATTEMPTS }, expiresAt: { gt: now } },
		data: { attempts: { increment: 1 } }
	});
	if (count !== 1) return { status: 'expired' };

	const factor = await verifySecondFactor(db, challenge.userId, input.code, { ip: input.ip, now });
	if (!factor) {
		signInFailures.inc({ step: 'code' });
		await record(db, {
			actorId: null,
			action: AUTH_ACTIONS.signInFailed,
			objectType: 'user',
			objectId: challenge.userId,
			ip: input.ip,
			after: { step: 'code' }
		});
		const attemptsLeft = CHALLENGE_MAX_ATTEMPTS - challenge.attempts - 1;
		if (attemptsLeft <= 0) await db.signInChallenge.deleteMany({ where: { id: challenge.id } });
		return { status: 'failed', attemptsLeft: Math.max(0, attemptsLeft) };
	}

	// Single use: whoever deletes the challenge signs in.
	const { count: taken } = await db.signInChallenge.deleteMany({ where: { id: challenge.id } });
	if (taken !== 1) return { status: 'expired' };
	await settleSignInSuccess(db, email, input.ip, { complete: true }, now);
	const session = await createSession(db, challenge.userId, now);
	await record(db, {
		actorId: challenge.userId,
		action: AUTH_ACTIONS.signIn,
		objectType: 'user',
		objectId: challenge.userId,
		ip: input.ip,
		after: { secondFactor: factor }
	});
	return { status: 'signed_in', userId: challenge.userId, factor, ...session };
}
