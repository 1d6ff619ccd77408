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

/** The forwarding context of this user for this notice, or null when it may not forward it. */
export async function forwarder(
	db: Db | Tx,
	user: SessionUser,
	noticeId: string
): Promise<Forwarder | null> {
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
	if (!noticeForwardable(recipient.notice)) return null;
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
		departmentLabel: `${organization.name} ${recipient.department.name}`
	};
}
