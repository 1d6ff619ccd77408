// Which level of the hierarchy a recipient is on: first level (addressed by the issuer) or second
// level (転送先, reached through a prefecture's forwarding, Recipient.forwardingId set). The
// issuer's figures, lists, exports and reminders are about the first level; the second level has
// its own views (reports/forwarding.ts). This is the one home of that rule.
import { Prisma } from '../db/generated/sqlite/client.ts';

/** Prisma where-fragment on Recipient: addressed by the issuer. */
export const FIRST_LEVEL = { forwardingId: null } satisfies Prisma.RecipientWhereInput;

/** Prisma where-fragment on Recipient: reached through a forwarding. */
export const SECOND_LEVEL = { forwardingId: { not: null } } satisfies Prisma.RecipientWhereInput;

/** SQL condition on the "Recipient" aliased `alias`: addressed by the issuer. */
export const firstLevelSql = (alias = 'r') =>
	Prisma.sql`${Prisma.raw(`${alias}."forwardingId"`)} IS NULL`;
