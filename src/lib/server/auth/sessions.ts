// Sessions as the Lucia guide describes them (lucia-auth.com, "Basic session API"): the
// cookie holds `<id>.<secret>`, the database holds the id and the SHA-256 of the secret, and
// the secret is compared in constant time, so a leaked database cannot be replayed as cookies
// and a timing side channel cannot reveal the secret.
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { keyValue, providerOfClient, readScalar, type Db } from '../db/client.ts';
import { instant } from '../db/raw-values.ts';
import type { Role } from '../../domain/roles.ts';

export const SESSION_COOKIE = 'kairan_session';
/** Signed out after an hour without activity… */
export const IDLE_TIMEOUT_MS = 60 * 60 * 1000;
/** …and after twelve hours in any case: a working day, then sign in again. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/**
 * Extending the idle expiry costs a write; do it at most once a minute per session, so a busy
 * session writes once a minute, not once a request. (Lucia's guide extends only past half the
 * idle timeout, which writes even less but would end a session 31 minutes after its last use
 * and make the sessions list's "last used" accurate to half an hour only.)
 */
const EXTEND_AFTER_MS = 60 * 1000;

export type SessionUser = {
	id: string;
	email: string;
	name: string;
	role: Role;
	locale: string;
	departmentId: string | null;
	organizationId: string | null;
	/** Manages its own department's people and addresses (people/access.ts). */
	manager?: boolean;
	/** The prefecture (JIS code) whose bodies' departments it manages, if any. */
	prefectureAdmin?: string | null;
};

export type ValidSession = {
	id: string;
	expiresAt: Date;
	/**
	 * Whether this validation pushed expiresAt forward. The cookie's expiry is expiresAt, so it
	 * is sent again only then (Lucia v3's `Session.fresh`): between extensions the browser's
	 * cookie already says what a new one would.
	 */
	extended: boolean;
	user: SessionUser;
	/** Whether the user has a TOTP authenticator (hooks.server.ts sends some roles to enrol). */
	totpEnrolled: boolean;
};

/** 160 random bits in base32: session ids and secrets, challenge and reset tokens. */
export function randomSecret(): string {
	const bytes = new Uint8Array(20); // 160 bits
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Uint8Array<ArrayBuffer> {
	return new Uint8Array(sha256(new TextEncoder().encode(secret)));
}

export async function createSession(db: Db, userId: string, now = new Date()) {
	const id = randomSecret();
	const secret = randomSecret();
	const expiresAt = new Date(now.getTime() + IDLE_TIMEOUT_MS);
	await db.session.create({
		data: {
			id,
			secretHash: hashSecret(secret),
			userId,
			createdAt: now,
			expiresAt,
			absoluteExpiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS)
		}
	});
	return { token: `${id}.${secret}`, expiresAt };
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): Promise<ValidSession | null> {
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
	const row = await sessionRow(db, id);
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	if (row.disabledAt || now >= row.expiresAt || now >= row.absoluteExpiresAt) {
		await db.session.deleteMany({ where: { id } });
		return null;
	}
	let expiresAt = row.expiresAt;
	const extended = row.expiresAt.getTime() - now.getTime() < IDLE_TIMEOUT_MS - EXTEND_AFTER_MS;
	if (extended) {
		expiresAt = new Date(
			Math.min(now.getTime() + IDLE_TIMEOUT_MS, row.absoluteExpiresAt.getTime())
		);
		await db.session.update({ where: { id }, data: { expiresAt } });
	}
	return {
		id,
		expiresAt,
		extended,
		totpEnrolled: row.totpEnrolled,
		user: {
			id: row.userId,
			email: row.email,
			name: row.name,
			role: row.role as Role,
			locale: row.locale,
			departmentId: row.departmentId,
			organizationId: row.organizationId,
			manager: row.manager,
			prefectureAdmin: row.prefectureAdmin
		}
	};
}

type SessionRow = {
	secretHash: Uint8Array;
	expiresAt: Date;
	absoluteExpiresAt: Date;
	userId: string;
	email: string;
	name: string;
	role: string;
	locale: string;
	departmentId: string | null;
	organizationId: string | null;
	manager: boolean;
	prefectureAdmin: string | null;
	disabledAt: Date | null;
	/** Whether the user has a TOTP key (the key itself is never read here). */
	totpEnrolled: boolean;
};

/** The statement's JSON: the hash as hex, instants as text, SQLite's booleans as 0/1. */
type SessionJson = Omit<
	SessionRow,
	'secretHash' | 'expiresAt' | 'absoluteExpiresAt' | 'disabledAt' | 'manager' | 'totpEnrolled'
> & {
	secretHash: string;
	expiresAt: string | number;
	absoluteExpiresAt: string | number;
	disabledAt: string | number | null;
	manager: boolean | number;
	totpEnrolled: number;
};

/**
 * The session with its user and the user's organization, in one statement: this runs on every
 * signed-in request, and the ORM's include would make it three (session, user, department),
 * each with the ORM's fixed cost (bench/ssr.ts). One JSON text through the bare driver
 * (db/client.ts's readScalar): `$queryRaw`'s request pipeline and row conversion cost more than
 * the database's work for this one-row read.
 */
async function sessionRow(db: Db, id: string): Promise<SessionRow | null> {
	const text = await readScalar(
		db,
		Prisma.sql`SELECT ${sessionJsonSql(db)}
		FROM "Session" s
		JOIN "User" u ON u."id" = s."userId"
		LEFT JOIN "Department" d ON d."id" = u."departmentId"
		WHERE s."id" = ${keyValue(db, id)}`
	);
	if (text === null) return null;
	const row = JSON.parse(text as string) as SessionJson;
	return {
		...row,
		secretHash: Buffer.from(row.secretHash, 'hex'),
		expiresAt: instant(row.expiresAt),
		absoluteExpiresAt: instant(row.absoluteExpiresAt),
		disabledAt: row.disabledAt === null ? null : instant(row.disabledAt),
		manager: Boolean(row.manager),
		totpEnrolled: row.totpEnrolled === 1
	};
}

function sessionJsonSql(db: Db): Prisma.Sql {
	if (providerOfClient(db) === 'postgresql') {
		// Instants as UTC text with their milliseconds (json_build_object would give no zone).
		const iso = (column: Prisma.Sql) =>
			Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
		return Prisma.sql`json_build_object(
			'secretHash', encode(s."secretHash", 'hex'),
			'expiresAt', ${iso(Prisma.sql`s."expiresAt"`)},
			'absoluteExpiresAt', ${iso(Prisma.sql`s."absoluteExpiresAt"`)},
			'userId', u."id", 'email', u."email", 'name', u."name", 'role', u."role",
			'locale', u."locale", 'departmentId', u."departmentId",
			'organizationId', d."organizationId", 'manager', u."manager",
			'prefectureAdmin', u."prefectureAdmin",
			'disabledAt', ${iso(Prisma.sql`u."disabledAt"`)},
			'totpEnrolled', CASE WHEN u."totpKey" IS NULL THEN 0 ELSE 1 END)::text`;
	}
	return Prisma.sql`json_object(
		'secretHash', hex(s."secretHash"), 'expiresAt', s."expiresAt",
		'absoluteExpiresAt', s."absoluteExpiresAt", 'userId', u."id", 'email', u."email",
		'name', u."name", 'role', u."role", 'locale', u."locale", 'departmentId', u."departmentId",
		'organizationId', d."organizationId", 'manager', u."manager",
		'prefectureAdmin', u."prefectureAdmin", 'disabledAt', u."disabledAt",
		'totpEnrolled', CASE WHEN u."totpKey" IS NULL THEN 0 ELSE 1 END)`;
}

export async function invalidateSession(db: Db, id: string) {
	await db.session.deleteMany({ where: { id } });
}

/** Every session of the user, except `keep` (the one changing its password stays signed in). */
export async function invalidateUserSessions(db: Db, userId: string, keep?: string) {
	await db.session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
}

export type SessionSummary = {
	createdAt: Date;
	/** When it was last used, to the minute (expiry is pushed an idle timeout past each use). */
	lastUsedAt: Date;
	expiresAt: Date;
	current: boolean;
};

/** One's own active sessions, newest first: times only, never a secret. */
export async function listOwnSessions(
	db: Db,
	userId: string,
	currentId: string | null,
	options: { take?: number; skip?: number; now?: Date } = {}
): Promise<{ sessions: SessionSummary[]; total: number }> {
	const now = options.now ?? new Date();
	const where = { userId, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } };
	const [rows, total] = await Promise.all([
		db.session.findMany({
			where,
			orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
			take: options.take ?? 50,
			skip: options.skip ?? 0,
			select: { id: true, createdAt: true, expiresAt: true, absoluteExpiresAt: true }
		}),
		db.session.count({ where })
	]);
	return {
		total,
		sessions: rows.map((r) => ({
			createdAt: r.createdAt,
			lastUsedAt: new Date(
				Math.max(r.createdAt.getTime(), r.expiresAt.getTime() - IDLE_TIMEOUT_MS)
			),
			expiresAt: r.expiresAt,
			// The id is half of the cookie: compared here, never handed out.
			current: r.id === currentId
		}))
	};
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date) {
	// kit makes cookies Secure except on http://localhost, where browsers accept them anyway.
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
}
