// Notice mails composed when they are sent: the outbox row says what (kind, recipient, version,
// details); this module reads the notice once per drain and writes each message. The Reply-To
// header and the footer that names it are chosen here together (chooseReplyTo), so they agree.
import type { Db } from '../db/client.ts';
import { ISSUERS_IN_ORDER, issuerLine, issuerNames } from '../notices/issuers.ts';
import { chooseReplyTo, composeNoticeMail, type ComposedMail, type MailKind } from './compose.ts';
import type { NoticeMailDetails } from './queue.ts';
import { composeExternalMail } from './external-mail.ts';
import type { NoticeContent, NoticeType } from '../../domain/notices.ts';
import { todayInJapan } from '../../domain/dates.ts';

export type ComposeOptions = {
	/** Base of the link in each mail, e.g. https://kairan.example.go.jp */
	publicUrl: string;
	/** The operator's MAIL_REPLY_TO, for notices whose issuing offices have no address. */
	operatorReplyTo?: string;
};

/** What a claimed row brings for composing (the select below). */
export const COMPOSE_SELECT = {
	kind: true,
	versionNumber: true,
	details: true,
	recipient: {
		select: {
			noticeId: true,
			department: { select: { name: true, organization: { select: { name: true } } } },
			// A second-level recipient: who forwarded the notice to it, and the cover note.
			forwarding: {
				select: {
					documentNumber: true,
					issuedOn: true,
					coverNote: true,
					recipient: {
						select: {
							department: { select: { name: true, organization: { select: { name: true } } } }
						}
					}
				}
			}
		}
	}
} as const;

type DepartmentName = { name: string; organization: { name: string } };

export type ComposableRow = {
	kind: string;
	versionNumber: number | null;
	details: unknown;
	recipient: {
		noticeId: string;
		department: DepartmentName;
		forwarding?: {
			documentNumber: string | null;
			issuedOn: string | null;
			coverNote: string;
			recipient: { department: DepartmentName };
		} | null;
	} | null;
};

async function loadContext(db: Db, noticeId: string, versionNumber: number) {
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: {
			withdrawalReason: true,
			issuers: {
				...ISSUERS_IN_ORDER,
				select: {
					...ISSUERS_IN_ORDER.select,
					department: {
						select: {
							name: true,
							organization: { select: { name: true } },
							emails: { select: { address: true }, orderBy: { address: 'asc' } }
						}
					}
				}
			},
			versions: {
				where: { number: versionNumber },
				include: { attachments: { orderBy: { position: 'asc' } } }
			}
		}
	});
	const v = notice.versions[0];
	if (!v) throw new Error(`notice ${noticeId} has no version ${versionNumber}`);
	const names = issuerNames(notice.issuers);
	const issuers = notice.issuers.map((i, n) => ({
		name: issuerLine(names[n]),
		emails: i.department.emails.map((e) => e.address)
	}));
	return { notice, v, issuers };
}

/**
 * Composes notice mails for rows of one drain; the notice and version behind them are read once
 * per (notice, version) for the composer's lifetime.
 */
export function noticeMailComposer(db: Db, options: ComposeOptions) {
	const contexts = new Map<string, ReturnType<typeof loadContext>>();
	return async function compose(
		row: ComposableRow,
		now: Date
	): Promise<ComposedMail & { replyTo: string | null }> {
		// An organization outside government has no Recipient row (forwarding/external.ts).
		if (row.kind === 'external') return composeExternalMail(db, row.details, options);
		if (!row.recipient || row.versionNumber === null)
			throw new Error('a notice mail without its recipient or version cannot be composed');
		const { noticeId } = row.recipient;
		const key = `${noticeId}:${row.versionNumber}`;
		let context = contexts.get(key);
		if (!context) {
			context = loadContext(db, noticeId, row.versionNumber);
			contexts.set(key, context);
			context.catch(() => contexts.delete(key));
		}
		const { notice, v, issuers } = await context;
		const replyTo = chooseReplyTo(issuers, options.operatorReplyTo);
		const details = (row.details ?? {}) as NoticeMailDetails;
		const department = row.recipient.department;
		const mail = composeNoticeMail({
			kind: row.kind as MailKind,
			noticeUrl: `${options.publicUrl}/notices/${noticeId}`,
			noticeType: v.noticeType as NoticeType,
			title: v.title,
			documentNumber: v.documentNumber,
			issuedOn: v.issuedOn,
			versionNumber: row.versionNumber,
			correctionReason: v.correctionReason,
			withdrawalReason: row.kind === 'withdrawal' ? notice.withdrawalReason : null,
			deadline: v.deadline,
			issuers: issuers.map((i) => i.name),
			department: `${department.organization.name} ${department.name}`,
			attachments: v.attachments.map((a) => ({ label: a.label, title: a.title, size: a.size })),
			contacts: (v.contacts as NoticeContent['contacts']) ?? [],
			replyTo,
			today: todayInJapan(now),
			missingItems: details.missingItems,
			reopenedItems: details.reopenedItems,
			forwarding: forwardingNote(row.recipient.forwarding, details)
		});
		return { ...mail, replyTo: replyTo?.header ?? null };
	};
}

function forwardingNote(
	forwarding: NonNullable<ComposableRow['recipient']>['forwarding'],
	details: NoticeMailDetails
) {
	if (!forwarding) return undefined;
	const by = forwarding.recipient.department;
	return {
		by: `${by.organization.name} ${by.name}`,
		documentNumber: forwarding.documentNumber,
		issuedOn: forwarding.issuedOn,
		coverNote: forwarding.coverNote,
		invitationLink: details.invitationLink
	};
}

/**
 * The message an outbox row stands for, as the worker would send it now: its stored body (a
 * password reset), or the notice mail composed. For screens and tests that show a mail.
 */
export async function messageOfRow(
	db: Db,
	mailId: string,
	options: ComposeOptions,
	now = new Date()
): Promise<ComposedMail & { replyTo: string | null }> {
	const row = await db.mail.findUniqueOrThrow({
		where: { id: mailId },
		select: { subject: true, text: true, html: true, replyTo: true, ...COMPOSE_SELECT }
	});
	if (row.subject !== null && row.text !== null && row.html !== null)
		return { subject: row.subject, text: row.text, html: row.html, replyTo: row.replyTo };
	return noticeMailComposer(db, options)(row, now);
}
