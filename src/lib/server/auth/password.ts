// Password hashing with argon2id at OWASP's recommended minimum (m=19 MiB, t=2, p=1).
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = {
	// Argon2id (2); the enum is `const` in the package's types and cannot be imported here.
	algorithm: 2,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1,
	outputLen: 32
} as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** Checks a password against a stored hash: one argon2 verification. */
export type PasswordVerifier = (passwordHash: string, password: string) => Promise<boolean>;

export const verifyPassword: PasswordVerifier = async (passwordHash, password) => {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash must read as "wrong password", never as a 500.
		return false;
	}
};

/**
 * Whether a stored value is an argon2 hash one could sign in with. A password-less account
 * (`''`, such as the demo staff accounts) or a malformed value is not: verifying it would fail
 * at once, far faster than a real verification, and tell an observer which accounts those are.
 */
export function isUsableHash(passwordHash: string | null | undefined): passwordHash is string {
	return (
		typeof passwordHash === 'string' &&
		/^\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$/.test(passwordHash)
	);
}

/**
 * A hash of a random password, verified whenever there is no usable hash to verify (unknown
 * email, password-less or disabled account), so every failure costs the same one verification.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(crypto.randomUUID());
	return dummy;
}
