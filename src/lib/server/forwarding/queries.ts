// What the notice page shows about forwarding: to a department the notice reached by forwarding,
// who forwarded it and the cover note; to a prefecture department that may forward, its own
// forwardings so far (a department forwards a handful of times at most, so they are read whole).
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { forwarder } from './access.ts';

const COVER_SELECT = {
	id: true,
	documentNumber: true,
	issuedOn: true,
	coverNote: true,
	createdAt: true,
	recipient: {
		select: { department: { select: { name: true, organization: { select: { name: true } } } } }
	},
	attachments: {
		orderBy: { position: 'asc' },
		select: { position: true, title: true, fileName: true, size: true }
	}
} as const;

export type CoverNote = {
	id: string;
	by: string;
	documentNumber: string | null;
	issuedOn: string | null;
	coverNote: string;
	createdAt: Date;
	attachments: { position: number; title: string; fileName: string; size: number }[];
};

function shape(f: {
	id: string;
	documentNumber: string | null;
	issuedOn: string | null;
	coverNote: string;
	createdAt: Date;
	recipient: { department: { name: string; organization: { name: string } } };
	attachments: CoverNote['attachments'];
}): CoverNote {
	const d = f.recipient.department;
	return {
		id: f.id,
		by: `${d.organization.name} ${d.name}`,
		documentNumber: f.documentNumber,
		issuedOn: f.issuedOn,
		coverNote: f.coverNote,
		createdAt: f.createdAt,
		attachments: f.attachments
	};
}

export type NoticeForwarding = {
	/** The cover note of the forwarding that reached the user's department (second level). */
	received: CoverNote | null;
	/** The user's department may forward the notice (the 「管内市町村へ転送」 button). */
	mayForward: boolean;
	/** Forwardings the user's department made: when, and to how many bodies. */
	made: { id: string; createdAt: Date; documentNumber: string | null; recipients: number }[];
};

export async function noticeForwarding(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<NoticeForwarding> {
	const none: NoticeForwarding = { received: null, mayForward: false, made: [] };
	if (user.role !== 'respondent' || !user.departmentId) return none;
	const own = await db.recipient.findUnique({
		where: { noticeId_departmentId: { noticeId, departmentId: user.departmentId } },
		select: {
			forwarding: { select: COVER_SELECT },
			forwardings: {
				orderBy: { createdAt: 'asc' },
				select: {
					id: true,
					createdAt: true,
					documentNumber: true,
					_count: { select: { recipients: true } }
				}
			}
		}
	});
	if (!own) return none;
	return {
		received: own.forwarding ? shape(own.forwarding) : null,
		mayForward: (await forwarder(db, user, noticeId)) !== null,
		made: own.forwardings.map((f) => ({
			id: f.id,
			createdAt: f.createdAt,
			documentNumber: f.documentNumber,
			recipients: f._count.recipients
		}))
	};
}
