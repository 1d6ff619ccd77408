// Notice vocabulary shared by server and browser (DESIGN.md glossary).
import { z } from 'zod';
import { itemNumberingStyle, type ItemNumberingStyle } from './item-numbering.ts';
import { normalizeDigitDashes } from './paste.ts';
import { normalizePhone } from './phone.ts';

export const NOTICE_TYPES = ['notification', 'administrative_liaison', 'request'] as const;
export type NoticeType = (typeof NOTICE_TYPES)[number];
export const NOTICE_TYPE_LABELS: Record<NoticeType, { ja: string; en: string }> = {
	notification: { ja: '通知', en: 'Notification' },
	administrative_liaison: { ja: '事務連絡', en: 'Administrative liaison' },
	request: { ja: '依頼', en: 'Request' }
};

export const NOTICE_STATUSES = ['draft', 'published', 'closed', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

export const RESPONSE_ITEM_KINDS = [
	'status_checklist',
	'medical_institutions',
	'coordination_record',
	'grant_report',
	'free_text',
	'yes_no'
] as const;
export type ResponseItemKind = (typeof RESPONSE_ITEM_KINDS)[number];

/** A 記 item of the notice text. */
export const noticeItemSchema = z.object({
	number: z.number().int().positive(),
	heading: z.string().min(1),
	text: z.string()
});
export type NoticeItem = z.infer<typeof noticeItemSchema>;

/** 照会先 */
export const contactSchema = z.object({
	office: z.string().min(1),
	names: z.string(),
	extension: z.string(),
	phone: z.string()
});
export type Contact = z.infer<typeof contactSchema>;

export const referenceSchema = z.object({
	noticeId: z.string().optional(),
	citation: z.string().min(1)
});
export type Reference = z.infer<typeof referenceSchema>;

/** The file name a person sees for 別添N: its label and title, with the stored extension. */
export function attachmentDisplayName(label: string, title: string, fileName: string): string {
	const ext = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.')) : '';
	// Characters that no file system accepts are replaced; the title stays readable.
	return `${label}_${title}`.replace(/[\\/:*?"<>|\r\n]+/g, '_').slice(0, 120) + ext;
}

/** The content of a notice version as an issuer writes it (everything but attachments). */
export type NoticeContent = {
	noticeType: NoticeType;
	title: string;
	documentNumber: string | null;
	issuedOn: string;
	deadline: string | null;
	addresseeLines: string[];
	preamble: string;
	items: NoticeItem[];
	/** How the 記 numbers print (１．／（１）／ア). */
	itemNumbering: ItemNumberingStyle;
	contacts: Contact[];
	references: Reference[];
};

/**
 * Search normalization: NFKC folds full-width/half-width forms (ﾜﾝｽﾄｯﾌﾟ → ワンストップ,
 * Ａ → A), lower-casing makes Latin letters case-insensitive, and every dash between digits
 * becomes a hyphen (03‐5253‐2111 copied from a PDF finds 03-5253-2111), identically on every
 * database.
 */
export function normalizeForSearch(text: string): string {
	return normalizeDigitDashes(text.normalize('NFKC')).toLowerCase();
}

/** Every text a person may search a version by, normalized, one field per line. */
export function noticeSearchText(content: NoticeContent, attachmentTitles: string[] = []): string {
	return normalizeForSearch(
		[
			content.title,
			content.documentNumber ?? '',
			...content.addresseeLines,
			content.preamble,
			...content.items.flatMap((i) => [i.heading, i.text]),
			...content.contacts.flatMap((c) => [
				c.office,
				c.names,
				c.extension,
				normalizePhone(c.phone),
				// Digits only too, so 0352532111 finds 03-5253-2111（代表）.
				c.phone.normalize('NFKC').replace(/\D/g, '')
			]),
			...content.references.map((r) => r.citation),
			...attachmentTitles
		].join('\n')
	);
}

/** A stored version row (JSON columns untyped) read as NoticeContent. */
export function versionContent(v: {
	noticeType: string;
	title: string;
	documentNumber: string | null;
	issuedOn: string;
	deadline: string | null;
	addresseeLines: unknown;
	preamble: string;
	items: unknown;
	itemNumbering?: string;
	contacts: unknown;
	references: unknown;
}): NoticeContent {
	return {
		noticeType: v.noticeType as NoticeType,
		title: v.title,
		documentNumber: v.documentNumber,
		issuedOn: v.issuedOn,
		deadline: v.deadline,
		addresseeLines: v.addresseeLines as string[],
		preamble: v.preamble,
		items: v.items as NoticeContent['items'],
		itemNumbering: itemNumberingStyle(v.itemNumbering),
		contacts: v.contacts as NoticeContent['contacts'],
		references: v.references as NoticeContent['references']
	};
}
