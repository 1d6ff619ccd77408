// The notification mail a recipient department receives when a notice is published, corrected,
// withdrawn, or when it is reminded of a deadline. Pure: same input, same message.
//
// The mail never carries the documents themselves: attachments can be large and who may read
// them is controlled by Kairan, so the mail lists them and links to the notice page, where a
// signed-in person downloads them.
import { formatEraDate, formatGregorianDate } from '../../domain/dates.ts';
import { NOTICE_TYPE_LABELS, type NoticeType } from '../../domain/notices.ts';
import { quoteTitle } from '../../domain/quote-title.ts';

export const MAIL_KINDS = ['publication', 'correction', 'reminder', 'withdrawal'] as const;
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
};

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

export function composeNoticeMail(input: NoticeMailInput): ComposedMail {
	if (!/^https?:\/\//.test(input.noticeUrl)) {
		throw new Error(`noticeUrl must be an absolute http(s) URL, got ${input.noticeUrl}`);
	}
	const type = NOTICE_TYPE_LABELS[input.noticeType].ja;
	const title = oneLine(input.title);
	const named = `${type}${quoteTitle(title)}`;
	const version = `第${input.versionNumber}版`;
	const deadline = input.deadline ? bothCalendars(input.deadline) : null;

	const subject = {
		publication: `【Kairan】${named}の送付`,
		correction: `【Kairan】【訂正】${named}（${version}）の送付`,
		reminder: `【Kairan】【督促】${named}のご確認について${
			input.deadline ? `（期限：${formatEraDate(input.deadline)}）` : ''
		}`,
		withdrawal: `【Kairan】【取消】${named}の取消`
	}[input.kind];

	const lead = {
		publication: [`次の${type}が発出されましたので、お知らせします。`],
		correction: [
			`次の${type}が訂正されましたので、お知らせします（${version}）。`,
			'訂正後の内容をご確認ください。'
		],
		reminder: [
			deadline
				? `次の${type}について、期限（${deadline}）までにご確認・ご対応をお願いします。`
				: `次の${type}について、ご確認・ご対応をお願いします。`,
			'すでにご対応いただいている場合は、行き違いですのでご容赦ください。'
		],
		withdrawal: [
			`次の${type}は取り消されましたので、お知らせします。`,
			'この文書に基づく対応は不要です。'
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
	}
	if (input.kind === 'withdrawal' && input.withdrawalReason) {
		fields.push({ label: '取消理由', lines: input.withdrawalReason.split(/\r?\n/) });
	}
	if (deadline && input.kind !== 'withdrawal') fields.push({ label: '期限', lines: [deadline] });

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
	const footer = [
		'このメールは Kairan（通知・事務連絡の配信システム）から自動送信しています。',
		'このメールに返信すると、返信先（Reply-To）に設定された窓口に届きます。'
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
		...(downloadNote.length ? [...downloadNote, ''] : []),
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
		...(downloadNote.length ? [`<p>${downloadNote.map(e).join('<br>')}</p>`] : []),
		`<hr><p style="font-size: 0.9em; color: #555;">${footer.map(e).join('<br>')}</p>`,
		'</body>',
		'</html>',
		''
	].join('\n');

	return { subject, text, html };
}
