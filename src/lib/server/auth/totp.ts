// Second factor: TOTP (RFC 6238: 30-second steps, 6 digits, HMAC-SHA-1 — what every
// authenticator app reads from the QR code) and one-time recovery codes.
//
// - A code is accepted once: the step it belongs to is stored (User.totpLastStep) and only a
//   later step is accepted afterwards, by a conditional update, so two requests racing with the
//   same code cannot both win.
// - Codes of the previous and the next step are accepted too (clocks drift, people are slow).
// - Recovery codes carry 80 random bits; only their SHA-256 is stored, and each is spent by a
//   conditional update (usedAt still null), so it works exactly once.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import QRCode from 'qrcode';
import type { Db } from '../db/client.ts';
import { record } from '../audit/index.ts';
import { AUTH_ACTIONS } from '../audit/actions.ts';
import type { Role } from '../../domain/roles.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Kairan';

/** Whether this role must have a second factor before doing anything else. */
export function mustEnrol(role: Role, totpEnrolled: boolean, requiredRoles: readonly Role[]) {
	return !totpEnrolled && requiredRoles.includes(role);
}

/**
 * Pages a user who must enrol may still open: enrolment itself, signing out and the language
 * switch. Everything else (notices, publishing, exports, dashboards) waits for enrolment.
 */
export function allowedBeforeEnrolment(pathname: string): boolean {
	return (
		pathname === '/account/totp' ||
		pathname.startsWith('/account/totp/') ||
		pathname === '/logout' ||
		pathname === '/locale' ||
		pathname === '/healthz'
	);
}

export function timeStep(now: Date): number {
	return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

function randomKey(): Uint8Array<ArrayBuffer> {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return key;
}

/** The secret as people type it into an app: base32 in groups of four. */
export function formatSecret(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 ');
}

/** A QR code as one SVG path of unit squares on a size × size grid (the quiet zone excluded). */
export type QrPath = { size: number; path: string };
export type Enrolment = { secret: string; uri: string; qr: QrPath };

/** The QR code's modules (from `qrcode`) as path data, for the page to draw as SVG: no script. */
export function qrPath(text: string): QrPath {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const parts: string[] = [];
	for (let y = 0; y < modules.size; y++)
		for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) parts.push(`M${x} ${y}h1v1h-1z`);
	return { size: modules.size, path: parts.join('') };
}

/**
 * The secret to enrol with, kept until confirmed (the same one on every visit, so a reload
 * shows the QR code already scanned).
 */
export async function startEnrolment(db: Db, userId: string): Promise<Enrolment> {
	const user = await db.user.findUniqueOrThrow({
		where: { id: userId },
		select: { email: true, totpPendingKey: true }
	});
	let key: Uint8Array<ArrayBuffer>;
	if (user.totpPendingKey) key = new Uint8Array(user.totpPendingKey);
	else {
		key = randomKey();
		await db.user.update({ where: { id: userId }, data: { totpPendingKey: key } });
	}
	const uri = createTOTPKeyURI(ISSUER, user.email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
	return { secret: formatSecret(key), uri, qr: qrPath(uri) };
}

/** The step (previous, current or next) whose code this is, or null. */
function matchingStep(key: Uint8Array, code: string, now: Date): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const current = timeStep(now);
	const given = new TextEncoder().encode(code);
	for (const step of [current, current - 1, current + 1]) {
		const expected = new TextEncoder().encode(generateHOTP(key, BigInt(step), TOTP_DIGITS));
		if (constantTimeEqual(expected, given)) return step;
	}
	return null;
}

/** Digits only: authenticator apps show `123 456`, people type full-width digits. */
export function normalizeCode(input: string): string {
	return input.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

function newRecoveryCode(): string {
	const bytes = new Uint8Array(10); // 80 bits
	crypto.getRandomValues(bytes);
	return encodeBase32UpperCaseNoPadding(bytes).replace(/(.{4})(?=.)/g, '$1-');
}

const hashCode = (normalized: string) =>
	new Uint8Array(sha256(new TextEncoder().encode(normalized)));

/**
 * Confirms enrolment with a code from the app: the pending secret becomes the user's, and ten
 * new recovery codes replace any old ones. Returns the codes to show once, or null for a wrong
 * code.
 */
export async function confirmEnrolment(
	db: Db,
	userId: string,
	input: string,
	context: { ip: string | null; now?: Date }
): Promise<string[] | null> {
	const now = context.now ?? new Date();
	const user = await db.user.findUniqueOrThrow({
		where: { id: userId },
		select: { totpPendingKey: true }
	});
	if (!user.totpPendingKey) return null;
	const key = new Uint8Array(user.totpPendingKey);
	const step = matchingStep(key, normalizeCode(input), now);
	if (step === null) return null;
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
	await db.$transaction(async (tx) => {
		// Conditional on the pending key still being this one: two confirmations cannot both win.
		const { count } = await tx.user.updateMany({
			where: { id: userId, totpPendingKey: { equals: new Uint8Array(key) } },
			data: {
				totpKey: new Uint8Array(key),
				totpPendingKey: null,
				totpLastStep: step,
				totpEnrolledAt: now
			}
		});
		if (count !== 1) throw new Error('enrolment changed meanwhile');
		await tx.recoveryCode.deleteMany({ where: { userId } });
		await tx.recoveryCode.createMany({
			data: codes.map((code) => ({ userId, codeHash: hashCode(normalizeCode(code)) }))
		});
		await record(tx, {
			actorId: userId,
			action: AUTH_ACTIONS.totpEnrol,
			objectType: 'user',
			objectId: userId,
			ip: context.ip
		});
	});
	return codes;
}

export type SecondFactor = 'totp' | 'recovery_code';

/**
 * Checks a code (from the app, or a recovery code) for an enrolled user and spends it.
 * Returns which kind was accepted, or null.
 */
export async function verifySecondFactor(
	db: Db,
	userId: string,
	input: string,
	context: { ip: string | null; now?: Date }
): Promise<SecondFactor | null> {
	const now = context.now ?? new Date();
	const code = normalizeCode(input);
	if (code.length > 64) return null;
	if (/^\d{6}$/.test(code)) {
		const user = await db.user.findUnique({ where: { id: userId }, select: { totpKey: true } });
		if (!user?.totpKey) return null;
		const step = matchingStep(new Uint8Array(user.totpKey), code, now);
		if (step === null) return null;
		const { count } = await db.user.updateMany({
			where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
			data: { totpLastStep: step }
		});
		return count === 1 ? 'totp' : null;
	}
	if (!/^[A-Z2-7]{16}$/.test(code)) return null;
	return db.$transaction(async (tx) => {
		const { count } = await tx.recoveryCode.updateMany({
			where: { userId, codeHash: hashCode(code), usedAt: null },
			data: { usedAt: now }
		});
		if (count !== 1) return null;
		const remaining = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
		await record(tx, {
			actorId: userId,
			action: AUTH_ACTIONS.recoveryCodeUse,
			objectType: 'user',
			objectId: userId,
			ip: context.ip,
			after: { remainingRecoveryCodes: remaining }
		});
		return 'recovery_code' as const;
	});
}

/** How many unused recovery codes the user has left. */
export function remainingRecoveryCodes(db: Db, userId: string): Promise<number> {
	return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
