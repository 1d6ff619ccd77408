// The notification mail a recipient department receives when a notice is published, corrected,
// withdrawn, or when it is reminded of a deadline. Pure: same input, same message.
//
// The mail never carries the documents themselves: attachments can be large and who may read
// them is controlled by Kairan, so the mail lists them and links to the notice page, where a
// signed-in person downloads them.
import { formatEraDate, formatGregorianDate } from '../../domain/dates.ts';
import { NOTICE_TYPE_LABELS, type Contact, type NoticeType } from '../../domain/notices.ts';
import { quoteTitle } from '../../domain/quote-title.ts';

export const MAIL_KINDS = [
	'publication',
	'correction',
	'reminder',
	'withdrawal',
	'forwarding'
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export type NoticeMailInput = {
	kind: MailKind;
	/** Absolute link to the notice, for this department. */
	noticeUrl: string;
	noticeType: NoticeType;
	title: string;
	documentNumber: string | null;
	/** YYYY-MM-DD */
	issuedOn: string;
	versionNumber: number;
	correctionReason?: string | null;
	withdrawalReason?: string | null;
	/** YYYY-MM-DD, or null when the notice sets none. */
	deadline: string | null;
	/** In signing order, e.g. '厚生労働省 医政局総務課'. */
	issuers: string[];
	/** The addressee, e.g. '世田谷区 衛生主管部（局）'. */
	department: string;
	attachments: { label: string; title: string; size: number }[];
	/** 照会先 of the version, as the notice prints them: who to ask about it. */
	contacts: Contact[];
	/** Where a reply goes (chooseReplyTo); the footer says exactly this. Null: no Reply-To. */
	replyTo: ReplyTo | null;
	/** YYYY-MM-DD in Japan: the day the mail is written, to tell a reminder it is overdue. */
	today: string;
	/**
	 * Reminder only: the items this department has not submitted, each with the deadline that
	 * applies to it (its own, else the notice's).
	 */
	missingItems?: MissingItem[];
	/** A correction's items whose answers go back to draft: they must be submitted again. */
	reopenedItems?: { number: number; title: string }[];
	/** A forwarding (issue 13): who passed the notice on, with its cover note. */
	forwarding?: ForwardingNote;
};

export type ForwardingNote = {
	/** The forwarding department, e.g. '神奈川県 衛生主管部（局）'. */
	by: string;
	documentNumber: string | null;
	/** YYYY-MM-DD, or null. */
	issuedOn: string | null;
	coverNote: string;
	/** Set when the department has no account yet: where to create one. */
	invitationLink?: string;
};

export type MissingItem = { number: number; title: string; deadline: string | null };

/**
 * The Reply-To header of a mail and whose it is. `issuer`: an issuing office's own address on
 * record, so a reply reaches the people who wrote the notice. `operator`: the MAIL_REPLY_TO
 * of the Kairan installation (its help desk), used only when no issuing office has an address.
 */
export type ReplyTo =
	{ header: string; owner: 'issuer'; office: string } | { header: string; owner: 'operator' };

/**
 * Precedence: the first issuing office, in signing order, with an address on record (all of its
 * addresses); else the operator's MAIL_REPLY_TO; else none. Joint issuers are not all put in
 * Reply-To: the first one signs for the notice, and a reply to several offices at once would
 * leave each unsure who answers.
 */
export function chooseReplyTo(
	issuers: { name: string; emails: string[] }[],
	operatorReplyTo?: string | null
): ReplyTo | null {
	for (const issuer of issuers) {
		const emails = issuer.emails.map((e) => e.trim()).filter(Boolean);
		if (emails.length) return { header: emails.join(', '), owner: 'issuer', office: issuer.name };
	}
	const operator = operatorReplyTo?.trim();
	return operator ? { header: oneLine(operator), owner: 'operator' } : null;
}

export type ComposedMail = { subject: string; text: string; html: string };

/** 1.2 MB / 350 KB, as the notice page shows sizes. */
export function formatFileSize(bytes: number): string {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(1)} MB`
		: `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('ja-JP')} KB`;
}

/** 令和6年10月8日（2024年10月8日） */
function bothCalendars(date: string): string {
	return `${formatEraDate(date)}（${formatGregorianDate(date)}）`;
}

/** （文書番号、令和8年12月3日付け） of a forwarding's cover note, or '' without either. */
function forwardingRef(note: ForwardingNote | undefined): string {
	if (!note) return '';
	const parts = [
		note.documentNumber ? oneLine(note.documentNumber) : '',
		note.issuedOn ? `${formatEraDate(note.issuedOn)}付け` : ''
	].filter(Boolean);
	return parts.length ? `、${parts.join(' ')}` : '';
}

/** A header-safe single line: no line breaks, runs of white space collapsed. */
function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** The full-width space of Japanese documents (御中 is set off by one). */
const SP = '\u3000';

/** One labelled fact about the notice, shown as a line of text and a table row. */
type Field = { label: string; lines: string[] };

/** A 照会先 as the notice prints it: the office, then who and how to call, one line each. */
function contactLines(c: Contact): string[] {
	const who = [
		c.names.trim() ? `担当：${oneLine(c.names)}` : '',
		c.extension.trim() ? `内線：${oneLine(c.extension)}` : ''
	].filter(Boolean);
	return [
		oneLine(c.office),
		...(who.length ? [SP + who.join(SP)] : []),
		...(c.phone.trim() ? [`${SP}電話：${oneLine(c.phone)}`] : [])
	];
}

/** The footer's last sentence: what replying to this mail does, as the headers make it so. */
function replyLine(replyTo: ReplyTo | null, hasContacts: boolean): string[] {
	const ask = hasContacts
		? '本件のお問い合わせは、上記の照会先にお願いします。'
		: '本件のお問い合わせは、発出元にお願いします。';
	if (!replyTo) return ['このメールに返信しても、発出元には届きません。', ask];
	if (replyTo.owner === 'issuer')
		return [`このメールに返信すると、発出元の${replyTo.office}（${replyTo.header}）に届きます。`];
	return [
		`このメールに返信すると、Kairan の運用窓口（${replyTo.header}）に届きます（発出元には届きません）。`,
		ask
	];
}

export function composeNoticeMail(input: NoticeMailInput): ComposedMail {
	if (!/^https?:\/\//.test(input.noticeUrl)) {
		throw new Error(`noticeUrl must be an absolute http(s) URL, got ${input.noticeUrl}`);
	}
	const type = NOTICE_TYPE_LABELS[input.noticeType].ja;
	const title = oneLine(input.title);
	const named = `${type}${quoteTitle(title)}`;
	const version = `第${input.versionNumber}版`;
	const missing = input.kind === 'reminder' ? (input.missingItems ?? []) : [];
	// A reminder is about what is still missing: the deadline that applies is the nearest one of
	// those items (an item may have its own), and it may already have passed.
	const applies =
		missing.length > 0
			? missing
					.map((i) => i.deadline)
					.reduce<string | null>((a, b) => (a && (!b || a < b) ? a : b), null)
			: input.deadline;
	const deadlineDate = input.kind === 'reminder' ? applies : input.deadline;
	const deadline = deadlineDate ? bothCalendars(deadlineDate) : null;
	/** The day itself still counts as in time. */
	const overdue = input.kind === 'reminder' && deadlineDate !== null && deadlineDate < input.today;

	const subject = {
		publication: `【Kairan】${named}の送付`,
		correction: `【Kairan】【訂正】${named}（${version}）の送付`,
		reminder: `【Kairan】【督促】${named}のご確認について${
			deadlineDate ? `（${overdue ? '期限超過' : '期限'}：${formatEraDate(deadlineDate)}）` : ''
		}`,
		withdrawal: `【Kairan】【取消】${named}の取消`,
		forwarding: `【Kairan】【転送】${named}の送付（${oneLine(input.forwarding?.by ?? '')}から${forwardingRef(input.forwarding)}）`
	}[input.kind];

	const lead = {
		publication: [`次の${type}が発出されましたので、お知らせします。`],
		correction: [
			`次の${type}が訂正されましたので、お知らせします（${version}）。`,
			'訂正後の内容をご確認ください。'
		],
		reminder: [
			overdue
				? `次の${type}の期限（${deadline}）を過ぎていますが、${missing.length ? '下記の回答項目が' : 'ご回答が'}まだ提出されていません。至急ご対応をお願いします。`
				: deadline
					? `次の${type}について、期限（${deadline}）までに${missing.length ? '下記の回答項目の' : ''}ご回答をお願いします。`
					: `次の${type}について、${missing.length ? '下記の回答項目の' : ''}ご回答をお願いします。`,
			'すでにご対応いただいている場合は、行き違いですのでご容赦ください。'
		],
		withdrawal: [
			`次の${type}は取り消されましたので、お知らせします。`,
			'この文書に基づく対応は不要です。'
		],
		forwarding: [
			`次の${type}が、${oneLine(input.forwarding?.by ?? '')}から転送されましたので、お知らせします。`
		]
	}[input.kind];

	const fields: Field[] = [{ label: '表題', lines: [title] }];
	if (input.documentNumber) fields.push({ label: '文書番号', lines: [input.documentNumber] });
	fields.push({ label: '発出元', lines: input.issuers });
	fields.push({ label: '発出日', lines: [bothCalendars(input.issuedOn)] });
	if (input.kind === 'correction') {
		fields.push({ label: '版', lines: [version] });
		if (input.correctionReason) {
			fields.push({ label: '訂正理由', lines: input.correctionReason.split(/\r?\n/) });
		}
		if (input.reopenedItems?.length)
			fields.push({
				label: '再提出が必要な回答項目',
				lines: [
					...input.reopenedItems.map((i) => `記${i.number}${SP}${oneLine(i.title)}`),
					'（回答済みの場合も、訂正後の内容で改めて提出してください）'
				]
			});
	}
	const note = input.kind === 'forwarding' ? input.forwarding : undefined;
	if (note) {
		fields.push({ label: '転送元', lines: [oneLine(note.by)] });
		if (note.documentNumber)
			fields.push({ label: '転送文書番号', lines: [oneLine(note.documentNumber)] });
		if (note.issuedOn) fields.push({ label: '転送日', lines: [bothCalendars(note.issuedOn)] });
		if (note.coverNote.trim())
			fields.push({ label: '送付文', lines: note.coverNote.split(/\r?\n/) });
	}
	if (input.kind === 'withdrawal' && input.withdrawalReason) {
		fields.push({ label: '取消理由', lines: input.withdrawalReason.split(/\r?\n/) });
	}
	if (deadline && input.kind !== 'withdrawal')
		fields.push({
			label: '期限',
			lines: [overdue ? `${deadline}${SP}期限を過ぎています` : deadline]
		});
	if (missing.length) {
		fields.push({
			label: '未提出',
			lines: missing.map(
				(i) =>
					`記${i.number}${SP}${oneLine(i.title)}` +
					// Only an item whose deadline differs from the one above names its own.
					(i.deadline && i.deadline !== deadlineDate
						? `（期限：${formatEraDate(i.deadline)}${i.deadline < input.today ? '・超過' : ''}）`
						: '')
			)
		});
	}

	// A withdrawn notice's documents are no longer in force: the mail does not advertise them.
	const attachments = input.kind === 'withdrawal' ? [] : input.attachments;
	const attachmentLines = attachments.map(
		(a) => `${a.label}${SP}${oneLine(a.title)}（${formatFileSize(a.size)}）`
	);
	const linkLine =
		input.kind === 'withdrawal'
			? '取消の内容は次のリンクからご覧いただけます。'
			: `${attachments.length ? '本文と添付資料' : '本文'}は次のリンクからご覧ください（Kairan へのログインが必要です）。`;
	const downloadNote = attachments.length
		? [
				'添付資料は、このメールには添付していません。',
				'ファイルが大きい場合があり、また閲覧できる方を管理しているため、上記のリンクからダウンロードしてください。'
			]
		: [];
	// A department nobody can sign in to yet: the link to create its first account.
	const claim = note?.invitationLink
		? [
				'貴部局には Kairan のアカウントがまだありません。次のリンクからアカウントを作成してください（7日間有効）。',
				note.invitationLink
			]
		: [];
	const contacts = input.contacts.map(contactLines);
	const contactHeading = '本件の照会先';
	const footer = [
		'このメールは Kairan（通知・事務連絡の配信システム）から自動送信しています。',
		...replyLine(input.replyTo, contacts.length > 0)
	];

	const text = [
		`${input.department}${SP}御中`,
		'',
		...lead,
		'',
		...fields.flatMap((f) =>
			f.lines.map((line, i) => (i ? SP.repeat(f.label.length + 1) : `${f.label}：`) + line)
		),
		'',
		...(attachmentLines.length
			? [`添付資料（${attachmentLines.length}件）`, ...attachmentLines.map((l) => SP + l), '']
			: []),
		linkLine,
		input.noticeUrl,
		'',
		...(claim.length ? [...claim, ''] : []),
		...(downloadNote.length ? [...downloadNote, ''] : []),
		...(contacts.length ? [contactHeading, ...contacts.flat().map((l) => SP + l), ''] : []),
		'――',
		...footer,
		''
	].join('\n');

	const e = escapeHtml;
	const html = [
		'<!DOCTYPE html>',
		'<html lang="ja">',
		'<head><meta charset="utf-8"><title>' + e(subject) + '</title></head>',
		'<body style="font-family: sans-serif; line-height: 1.6; color: #1a1a1a;">',
		`<p>${e(input.department)}${SP}御中</p>`,
		`<p>${lead.map(e).join('<br>')}</p>`,
		'<table style="border-collapse: collapse;">',
		...fields.map(
			(f) =>
				`<tr><th style="text-align: left; vertical-align: top; padding: 2px 1em 2px 0; white-space: nowrap;">${e(f.label)}</th><td style="padding: 2px 0;">${f.lines.map(e).join('<br>')}</td></tr>`
		),
		'</table>',
		...(attachmentLines.length
			? [
					`<p>添付資料（${attachmentLines.length}件）</p>`,
					'<ul>',
					...attachmentLines.map((l) => `<li>${e(l)}</li>`),
					'</ul>'
				]
			: []),
		`<p>${e(linkLine)}<br><a href="${e(input.noticeUrl)}">${e(input.noticeUrl)}</a></p>`,
		...(claim.length
			? [`<p>${e(claim[0])}<br><a href="${e(claim[1])}">${e(claim[1])}</a></p>`]
			: []),
		...(downloadNote.length ? [`<p>${downloadNote.map(e).join('<br>')}</p>`] : []),
		...(contacts.length
			? [
					`<p>${contactHeading}</p>`,
					'<ul>',
					...contacts.map((lines) => `<li>${lines.map((l) => e(l.trim())).join('<br>')}</li>`),
					'</ul>'
				]
			: []),
		`<hr><p style="font-size: 0.9em; color: #555;">${footer.map(e).join('<br>')}</p>`,
		'</body>',
		'</html>',
		''
	].join('\n');

	return { subject, text, html };
}
