// The signed, expiring link an organization outside government receives (issue 13): it has no
// account, so the link itself is its credential. token = base64url(`<externalRecipientId>.<expiry
// in unix seconds>`) "." base64url(HMAC-SHA256 over that first part). Nothing is stored per
// link: the signature proves the server made it, the expiry is inside what is signed, and the
// row's own expiresAt still decides (an issuer's later change of heart is one UPDATE away).
//
// The key must be the same in every app instance (several processes on one database): from
// KAIRAN_LINK_SECRET when set, else made once by whichever instance needs it first and kept in
// ServerSecret (an INSERT that a concurrent instance's identical attempt cannot duplicate).
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import {
	decodeBase64,
	decodeBase64urlIgnorePadding,
	encodeBase64,
	encodeBase64urlNoPadding
} from '@oslojs/encoding';
import type { Db } from '../db/client.ts';

const SECRET_NAME = 'external_link';

/** Longest token we read at all (an id of ~25 characters, an expiry and a 32-byte MAC). */
export const MAX_TOKEN_LENGTH = 200;

/** What a token looks like: two base64url parts, bounded. */
export const LINK_TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,120}\.[A-Za-z0-9_-]{43}$/;

const keys = new WeakMap<object, Promise<Uint8Array>>();

async function loadKey(db: Db): Promise<Uint8Array> {
	const fromEnv = process.env.KAIRAN_LINK_SECRET;
	if (fromEnv) return new TextEncoder().encode(fromEnv);
	const existing = await db.serverSecret.findUnique({ where: { name: SECRET_NAME } });
	if (existing) return decodeBase64(existing.value);
	const fresh = crypto.getRandomValues(new Uint8Array(32));
	// Two instances may both get here: the primary key lets only the first insert win,
	// and both read back whichever won.
	await db.serverSecret
		.create({ data: { name: SECRET_NAME, value: encodeBase64(fresh) } })
		.catch(() => undefined);
	const row = await db.serverSecret.findUniqueOrThrow({ where: { name: SECRET_NAME } });
	return decodeBase64(row.value);
}

/** The signing key, read once per database handle (it never changes while the app runs). */
export function linkKey(db: Db): Promise<Uint8Array> {
	let key = keys.get(db);
	if (!key) {
		key = loadKey(db);
		keys.set(db, key);
		key.catch(() => keys.delete(db));
	}
	return key;
}

const encoder = new TextEncoder();

function mac(key: Uint8Array, payload: string): Uint8Array {
	return hmac(SHA256, key, encoder.encode(payload));
}

/** The link token of one external recipient, valid until `expiresAt`. */
export function signLinkToken(key: Uint8Array, externalRecipientId: string, expiresAt: Date) {
	const seconds = Math.floor(expiresAt.getTime() / 1000);
	const payload = encodeBase64urlNoPadding(encoder.encode(`${externalRecipientId}.${seconds}`));
	return `${payload}.${encodeBase64urlNoPadding(mac(key, payload))}`;
}

export type LinkCheck =
	| { ok: true; externalRecipientId: string; expiresAt: Date }
	| { ok: false; problem: 'invalid' | 'expired' };

/**
 * What a token says, if the server signed it: tampered, truncated or foreign tokens are
 * `invalid` (the MAC is compared in constant time), signed ones past their expiry `expired`.
 */
export function readLinkToken(key: Uint8Array, token: string, now = new Date()): LinkCheck {
	const invalid = { ok: false, problem: 'invalid' } as const;
	if (token.length > MAX_TOKEN_LENGTH || !LINK_TOKEN_SHAPE.test(token)) return invalid;
	const [payload, signature] = token.split('.');
	let given: Uint8Array;
	let text: string;
	try {
		given = decodeBase64urlIgnorePadding(signature);
		text = new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64urlIgnorePadding(payload));
	} catch {
		return invalid;
	}
	const expected = mac(key, payload);
	if (given.length !== expected.length || !constantTimeEqual(given, expected)) return invalid;
	const m = /^([a-z0-9]{1,64})\.(\d{1,12})$/.exec(text);
	if (!m) return invalid;
	const expiresAt = new Date(Number(m[2]) * 1000);
	if (expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
	return { ok: true, externalRecipientId: m[1], expiresAt };
}
