// Who may forward a notice (issue 13), in one place: a user of the department of a FIRST-LEVEL
// recipient whose body is a prefecture, on a notice that is published and forwardable. The
// screen, the action and the notice page's button all ask here. Anyone else is answered 404
// (the forward screen of a notice does not exist for them), as notices/access.ts does.
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { noticeForwardable, recipientMayForward } from '../../domain/forwarding.ts';

export type Forwarder = {
	noticeId: string;
	currentVersionNumber: number;
	/** The forwarding department's own (first-level) recipient row. */
	recipientId: string;
	departmentId: string;
	function: string;
	prefectureCode: string;
	/** e.g. 神奈川県 衛生主管部（局） */
	departmentLabel: string;
};

/** A prefecture department's standing on a notice, whether or not the notice may be forwarded
 * now: what the forwarding pages show it (what it forwarded, to whom) outlives publication. */
export type ForwardingDepartment = Forwarder & {
	/** e.g. 神奈川県 */
	prefectureName: string;
	/** The notice is published and the issuer asked for forwarding (noticeForwardable). */
	mayForward: boolean;
};

/**
 * The user's department as a forwarder of this notice: a first-level recipient whose body is a
 * prefecture (recipientMayForward), or null. Whether it may forward now is `mayForward`.
 */
export async function forwardingDepartment(
	db: Db | Tx,
	user: SessionUser,
	noticeId: string
): Promise<ForwardingDepartment | null> {
	// Respondents are the people of recipient departments; issuers, viewers and admins never
	// act for one.
	if (user.role !== 'respondent' || !user.departmentId) return null;
	const recipient = await db.recipient.findUnique({
		where: { noticeId_departmentId: { noticeId, departmentId: user.departmentId } },
		select: {
			id: true,
			forwardingId: true,
			notice: { select: { status: true, forwardable: true, currentVersionNumber: true } },
			department: {
				select: {
					name: true,
					function: true,
					retiredAt: true,
					organization: { select: { kind: true, prefectureCode: true, name: true } }
				}
			}
		}
	});
	if (!recipient || recipient.department.retiredAt) return null;
	const organization = recipient.department.organization;
	if (
		!recipientMayForward({
			forwardingId: recipient.forwardingId,
			organizationKind: organization.kind,
			prefectureCode: organization.prefectureCode
		})
	)
		return null;
	return {
		noticeId,
		currentVersionNumber: recipient.notice.currentVersionNumber,
		recipientId: recipient.id,
		departmentId: user.departmentId,
		function: recipient.department.function,
		prefectureCode: organization.prefectureCode!,
		prefectureName: organization.name,
		departmentLabel: `${organization.name} ${recipient.department.name}`,
		mayForward: noticeForwardable(recipient.notice)
	};
}

/** The forwarding context of this user for this notice, or null when it may not forward it now. */
export async function forwarder(
	db: Db | Tx,
	user: SessionUser,
	noticeId: string
): Promise<Forwarder | null> {
	const department = await forwardingDepartment(db, user, noticeId);
	return department?.mayForward ? department : null;
}
