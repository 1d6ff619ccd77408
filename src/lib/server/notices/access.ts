// Who may see which notice, decided from the signed-in user alone. Used as a Prisma `where`
// fragment so the database never returns a row the user may not see; a notice outside it is
// answered with 404, never 403, so its existence does not leak.
//
// - respondent: published (or later) notices addressed to their own department;
// - issuer: every notice, drafts included, issued by an office of their own ministry;
// - viewer, admin: every notice past draft.
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';

const PAST_DRAFT = { in: ['published', 'closed', 'withdrawn'] };

export function visibleNotices(user: SessionUser): Prisma.NoticeWhereInput {
	switch (user.role) {
		case 'respondent':
			if (!user.departmentId) return { id: { in: [] } };
			return { status: PAST_DRAFT, recipients: { some: { departmentId: user.departmentId } } };
		case 'issuer':
			if (!user.organizationId) return { id: { in: [] } };
			return { issuers: { some: { department: { organizationId: user.organizationId } } } };
		case 'viewer':
		case 'admin':
			return { status: PAST_DRAFT };
	}
}

/**
 * Notices this user may author, correct, withdraw or close: an issuer's, when an office of
 * their own ministry is among the notice's issuers (a joint notice is managed by either).
 */
export function managedNotices(user: SessionUser): Prisma.NoticeWhereInput {
	if (user.role !== 'issuer' || !user.organizationId) return { id: { in: [] } };
	return { issuers: { some: { department: { organizationId: user.organizationId } } } };
}

/**
 * managedNotices' rule over a notice already read with its issuers' ministries: the same
 * decision without a statement of its own (the notice page asks it on every view).
 */
export function managesIssuedBy(user: SessionUser, issuerOrganizationIds: string[]): boolean {
	return (
		user.role === 'issuer' &&
		user.organizationId !== null &&
		issuerOrganizationIds.includes(user.organizationId)
	);
}
