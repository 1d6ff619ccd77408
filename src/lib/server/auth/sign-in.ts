// Email + password sign-in. Every failure has one message and one timing, whether the
// email is unknown, the account disabled or the password wrong: no account enumeration.
import type { Db } from '../db/client.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { createSession } from './sessions.ts';

export type SignInResult =
	{ ok: true; userId: string; token: string; expiresAt: Date } | { ok: false };

export async function signIn(db: Db, email: string, password: string): Promise<SignInResult> {
	const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
	if (!user || !valid || user.disabledAt) return { ok: false };
	const session = await createSession(db, user.id);
	return { ok: true, userId: user.id, ...session };
}

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}
