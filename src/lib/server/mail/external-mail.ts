// The mail an organization outside government receives when a prefecture forwards a notice to
// it (kind `external`, issue 13). Composed when sent, like every notice mail: the outbox row
// names the ExternalRecipient in `details`; the signed link is made here from the row's expiry,
// so no credential is ever stored in the outbox. Replies go to the forwarding prefecture's
// department (it chose the recipients), else the operator's address.
import type { Db } from '../db/client.ts';
import { ISSUERS_IN_ORDER, issuerLine, issuerNames } from '../notices/issuers.ts';
import { linkKey, signLinkToken } from '../forwarding/external-links.ts';
import { chooseReplyTo, escapeHtml, formatFileSize, type ComposedMail } from './compose.ts';
import { formatEraDate, formatGregorianDate } from '../../domain/dates.ts';
import { NOTICE_TYPE_LABELS, type NoticeType } from '../../domain/notices.ts';
import { quoteTitle } from '../../domain/quote-title.ts';

const SP = '\u3000';
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const bothCalendars = (date: string) => `${formatEraDate(date)}（${formatGregorianDate(date)}）`;

/** The public address of one external recipient's page. */
export function externalLinkUrl(publicUrl: string, token: string): string {
	return `${publicUrl}/external/${token}`;
}

export async function composeExternalMail(
	db: Db,
	details: unknown,
	options: { publicUrl: string; operatorReplyTo?: string }
): Promise<ComposedMail & { replyTo: string | null }> {
	const id = (details as { externalRecipientId?: unknown } | null)?.externalRecipientId;
	if (typeof id !== 'string') throw new Error('an external mail without its recipient');
	const row = await db.externalRecipient.findUniqueOrThrow({
		where: { id },
		select: {
			name: true,
			expiresAt: true,
			forwarding: {
				select: {
					documentNumber: true,
					issuedOn: true,
					coverNote: true,
					recipient: {
						select: {
							department: {
								select: {
									name: true,
									organization: { select: { name: true } },
									emails: { select: { address: true }, orderBy: { address: 'asc' } }
								}
							}
						}
					}
				}
			},
			notice: {
				select: {
					currentVersionNumber: true,
					externalQuestion: true,
					issuers: ISSUERS_IN_ORDER,
					versions: {
						orderBy: { number: 'desc' },
						where: { publishedAt: { not: null } },
						take: 1,
						include: { attachments: { orderBy: { position: 'asc' } } }
					}
				}
			}
		}
	});
	const v = row.notice.versions[0];
	if (!v) throw new Error(`external recipient ${id}: the notice has no published version`);
	const department = row.forwarding.recipient.department;
	const prefecture = department.organization.name;
	const forwarder = `${prefecture} ${department.name}`;
	const replyTo = chooseReplyTo(
		[{ name: forwarder, emails: department.emails.map((e) => e.address) }],
		options.operatorReplyTo
	);
	const url = externalLinkUrl(
		options.publicUrl,
		signLinkToken(await linkKey(db), id, row.expiresAt)
	);
	const type = NOTICE_TYPE_LABELS[v.noticeType as NoticeType].ja;
	const title = oneLine(v.title);
	const subject = `【${prefecture}より転送】${type}${quoteTitle(title)}の周知について`;
	const fields: [string, string[]][] = [['表題', [title]]];
	if (v.documentNumber) fields.push(['文書番号', [v.documentNumber]]);
	fields.push(['発出元', issuerNames(row.notice.issuers).map(issuerLine)]);
	fields.push(['発出日', [bothCalendars(v.issuedOn)]]);
	fields.push(['転送元', [forwarder]]);
	if (row.forwarding.documentNumber) fields.push(['転送文書番号', [row.forwarding.documentNumber]]);
	if (row.forwarding.issuedOn) fields.push(['転送日', [bothCalendars(row.forwarding.issuedOn)]]);
	fields.push(['リンクの有効期限', [formatEraDate(row.expiresAt.toISOString().slice(0, 10))]]);
	const lead = [
		`${forwarder}から、次の${type}を転送します。`,
		row.notice.externalQuestion
			? '次のリンクから本文と添付資料をご確認のうえ、「受領を確認しました」を押し、回答欄にご回答ください。'
			: '次のリンクから本文と添付資料をご確認のうえ、「受領を確認しました」を押してください。',
		'ログインは不要です。このリンクは貴機関あての専用のものですので、転送しないでください。'
	];
	const cover = row.forwarding.coverNote.trim()
		? row.forwarding.coverNote.trim().split(/\r?\n/)
		: [];
	const attachments = v.attachments.map(
		(a) => `${a.label}${SP}${oneLine(a.title)}（${formatFileSize(a.size)}）`
	);
	const footer = [
		'このメールは Kairan（通知・事務連絡の配信システム）から自動送信しています。',
		replyTo
			? `このメールに返信すると、${replyTo.owner === 'issuer' ? forwarder : 'Kairan の運用窓口'}（${replyTo.header}）に届きます。`
			: 'このメールに返信しても、転送元には届きません。'
	];
	const text = [
		`${oneLine(row.name)}${SP}御中`,
		'',
		...lead,
		'',
		...fields.flatMap(([label, lines]) =>
			lines.map((line, i) => (i ? SP.repeat(label.length + 1) : `${label}：`) + line)
		),
		'',
		...(cover.length ? ['転送元からの連絡', ...cover.map((l) => SP + l), ''] : []),
		...(attachments.length
			? [`添付資料（${attachments.length}件）`, ...attachments.map((l) => SP + l), '']
			: []),
		url,
		'',
		'――',
		...footer,
		''
	].join('\n');
	const e = escapeHtml;
	const html = [
		'<!DOCTYPE html>',
		'<html lang="ja">',
		`<head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
		'<body style="font-family: sans-serif; line-height: 1.6; color: #1a1a1a;">',
		`<p>${e(oneLine(row.name))}${SP}御中</p>`,
		`<p>${lead.map(e).join('<br>')}</p>`,
		'<table style="border-collapse: collapse;">',
		...fields.map(
			([label, lines]) =>
				`<tr><th style="text-align: left; vertical-align: top; padding: 2px 1em 2px 0; white-space: nowrap;">${e(label)}</th><td style="padding: 2px 0;">${lines.map(e).join('<br>')}</td></tr>`
		),
		'</table>',
		...(cover.length ? [`<p>転送元からの連絡<br>${cover.map(e).join('<br>')}</p>`] : []),
		...(attachments.length
			? [
					`<p>添付資料（${attachments.length}件）</p><ul>`,
					...attachments.map((l) => `<li>${e(l)}</li>`),
					'</ul>'
				]
			: []),
		`<p><a href="${e(url)}">${e(url)}</a></p>`,
		`<hr><p style="font-size: 0.9em; color: #555;">${footer.map(e).join('<br>')}</p>`,
		'</body>',
		'</html>',
		''
	].join('\n');
	return { subject, text, html, replyTo: replyTo?.header ?? null };
}
