// The external organization's side of forwarding (issue 13): no account, only its signed link.
// The token decides everything — which row, until when — and nothing the request says beyond it
// is trusted. A link that is not ours reads as unknown (404), one past its time as expired
// (410); neither is ever an error of the server.
import type { Db } from '../db/client.ts';
import { record } from '../audit/index.ts';
import { UserError } from '../errors.ts';
import { ISSUERS_IN_ORDER, issuerNames } from '../notices/issuers.ts';
import { itemNumberingStyle } from '../../domain/item-numbering.ts';
import type { Contact, NoticeItem, NoticeType, Reference } from '../../domain/notices.ts';
import { LINK_TOKEN_SHAPE, linkKey, readLinkToken } from './external-links.ts';
import { EXTERNAL_ACTIONS, externalStatus } from './external.ts';

/** A short answer: plain text, this many characters at most. */
export const MAX_ANSWER_LENGTH = 1000;

export type LinkProblem = 'invalid' | 'expired';

/** The external recipient a token stands for, or why it stands for none. */
export async function resolveLink(
	db: Db,
	token: string,
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; problem: LinkProblem }> {
	// The shape first: a token that cannot be one of ours needs no key (nor makes one).
	if (!LINK_TOKEN_SHAPE.test(token)) return { ok: false, problem: 'invalid' };
	const check = readLinkToken(await linkKey(db), token, now);
	if (!check.ok) return check;
	const row = await db.externalRecipient.findUnique({
		where: { id: check.externalRecipientId },
		select: { id: true, expiresAt: true }
	});
	if (!row) return { ok: false, problem: 'invalid' };
	// The row's own time decides too: a link may be cut short after it was sent.
	if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
	return { ok: true, id: row.id };
}

/** A link that stands for no row: the route answers 404 (invalid) or 410 (expired). */
export class LinkError extends Error {
	constructor(readonly problem: LinkProblem) {
		super(problem);
	}
}

async function idOf(db: Db, token: string, now: Date): Promise<string> {
	const link = await resolveLink(db, token, now);
	if (!link.ok) throw new LinkError(link.problem);
	return link.id;
}

/** What the page shows: the notice's current version, the cover note, the row's state. */
export async function externalView(db: Db, token: string, now = new Date()) {
	const id = await idOf(db, token, now);
	// First view: recorded once, by the first request that finds it unset.
	await db.externalRecipient.updateMany({
		where: { id, firstViewedAt: null },
		data: { firstViewedAt: now }
	});
	const row = await db.externalRecipient.findUniqueOrThrow({
		where: { id },
		select: {
			name: true,
			expiresAt: true,
			acknowledgedAt: true,
			answer: true,
			answeredAt: true,
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
			},
			notice: {
				select: {
					id: true,
					status: true,
					currentVersionNumber: true,
					externalQuestion: true,
					withdrawalReason: true,
					issuers: ISSUERS_IN_ORDER
				}
			}
		}
	});
	const n = row.notice;
	const v = await db.noticeVersion.findUniqueOrThrow({
		where: { noticeId_number: { noticeId: n.id, number: n.currentVersionNumber } },
		include: { attachments: { orderBy: { position: 'asc' } } }
	});
	const forwarder = row.forwarding.recipient.department;
	return {
		name: row.name,
		expiresAt: row.expiresAt,
		acknowledgedAt: row.acknowledgedAt,
		answer: row.answer,
		answeredAt: row.answeredAt,
		status: externalStatus(row),
		question: n.externalQuestion,
		noticeStatus: n.status,
		withdrawalReason: n.status === 'withdrawn' ? n.withdrawalReason : null,
		/** Answers may be written and changed while the notice is open. */
		mayAnswer: n.externalQuestion !== null && n.status === 'published',
		mayAcknowledge: n.status === 'published' || n.status === 'closed',
		forwarding: {
			by: `${forwarder.organization.name} ${forwarder.name}`,
			prefecture: forwarder.organization.name,
			documentNumber: row.forwarding.documentNumber,
			issuedOn: row.forwarding.issuedOn,
			coverNote: row.forwarding.coverNote
		},
		issuers: issuerNames(n.issuers),
		version: {
			number: v.number,
			noticeType: v.noticeType as NoticeType,
			title: v.title,
			documentNumber: v.documentNumber,
			issuedOn: v.issuedOn,
			addresseeLines: v.addresseeLines as string[],
			preamble: v.preamble,
			items: v.items as NoticeItem[],
			itemNumbering: itemNumberingStyle(v.itemNumbering),
			contacts: v.contacts as Contact[],
			references: v.references as Reference[],
			attachments: v.attachments.map((a) => ({
				position: a.position,
				label: a.label,
				title: a.title,
				fileName: a.fileName,
				contentType: a.contentType,
				size: a.size
			}))
		}
	};
}

/** Attachment n of the notice's current version, through the link (null: no such file). */
export async function externalAttachment(
	db: Db,
	token: string,
	position: number,
	now = new Date()
) {
	const id = await idOf(db, token, now);
	const row = await db.externalRecipient.findUniqueOrThrow({
		where: { id },
		select: { notice: { select: { id: true, status: true, currentVersionNumber: true } } }
	});
	if (row.notice.status === 'withdrawn') return null;
	return db.attachment.findFirst({
		where: {
			position,
			version: { noticeId: row.notice.id, number: row.notice.currentVersionNumber }
		}
	});
}

/** 受領確認: recorded once; a second press changes nothing. */
export async function acknowledgeExternal(db: Db, token: string, now = new Date()) {
	const id = await idOf(db, token, now);
	const notice = await db.externalRecipient.findUniqueOrThrow({
		where: { id },
		select: { notice: { select: { status: true } } }
	});
	if (notice.notice.status === 'withdrawn')
		throw new UserError(409, 'この通知は取り下げられました。 / This notice was withdrawn.');
	await db.$transaction(async (tx) => {
		const marked = await tx.externalRecipient.updateMany({
			where: { id, acknowledgedAt: null },
			data: { acknowledgedAt: now }
		});
		if (marked.count === 1)
			await record(tx, {
				actorId: null,
				departmentId: null,
				action: EXTERNAL_ACTIONS.acknowledge,
				objectType: 'external_recipient',
				objectId: id,
				at: now
			});
	});
}

/**
 * The short answer, plain text: line breaks kept, other control characters dropped, at most
 * MAX_ANSWER_LENGTH characters. Changeable while the notice is published; answering also
 * confirms receipt.
 */
export async function answerExternal(db: Db, token: string, text: string, now = new Date()) {
	const id = await idOf(db, token, now);
	const answer = text
		.replace(/\r\n?/g, '\n')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
		.trim();
	if (answer.length === 0)
		throw new UserError(400, '回答を入力してください。 / Enter an answer.', 'answer');
	if ([...answer].length > MAX_ANSWER_LENGTH)
		throw new UserError(
			400,
			`回答は${MAX_ANSWER_LENGTH}文字以内で入力してください。 / At most ${MAX_ANSWER_LENGTH} characters.`,
			'answer'
		);
	const row = await db.externalRecipient.findUniqueOrThrow({
		where: { id },
		select: { acknowledgedAt: true, notice: { select: { status: true, externalQuestion: true } } }
	});
	if (row.notice.externalQuestion === null)
		throw new UserError(400, 'この通知には回答欄がありません。 / This notice asks no question.');
	if (row.notice.status !== 'published')
		throw new UserError(
			409,
			'この通知は締め切られたため、回答できません。 / The notice is closed; answers cannot be changed.'
		);
	await db.$transaction(async (tx) => {
		await tx.externalRecipient.update({
			where: { id },
			data: { answer, answeredAt: now, acknowledgedAt: row.acknowledgedAt ?? now }
		});
		// The answer's text stays out of the trail (it is the organization's), only its size.
		await record(tx, {
			actorId: null,
			departmentId: null,
			action: EXTERNAL_ACTIONS.answer,
			objectType: 'external_recipient',
			objectId: id,
			after: { length: [...answer].length },
			at: now
		});
	});
}
