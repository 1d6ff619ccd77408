// The notice editor's form: what an issuer submits, read into a NoticeContent plus issuers
// and addressee rule. Shared by the server (authoritative) and the browser (hints as you type).
//
// Repeated groups (記 items, contacts, references) arrive as parallel lists of fields with the
// same name; a group whose fields are all blank is an unused row and is dropped, so the form
// can always offer one empty row without JavaScript.
import { z } from 'zod';
import { parseDateInput } from './dates.ts';
import { NOTICE_TYPES, type NoticeContent } from './notices.ts';
import { addresseeRuleSchema, type AddresseeRule } from './addressees.ts';
import {
	DEFAULT_ITEM_NUMBERING,
	ITEM_NUMBERING_STYLES,
	type ItemNumberingStyle
} from './item-numbering.ts';
import { isPlausiblePhone } from './phone.ts';

export type NoticeForm = NoticeContent & {
	issuerDepartmentIds: string[];
	rule: AddresseeRule;
	/** A correction's reason as typed so far (saved with the draft, required to publish). */
	correctionReason: string | null;
	/**
	 * 管内市町村への周知: prefectures are asked to forward the notice (issue 13). Left out: the
	 * saved setting stays as it is.
	 */
	forwardable?: boolean;
	/** A short question organizations outside government may answer (null: receipt only). */
	externalQuestion?: string | null;
};

/** Longest 外部機関への簡単な質問. */
export const EXTERNAL_QUESTION_MAX = 500;

/**
 * Problems keyed by the id of the field they concern, so each message is shown beside its
 * field: `title`, `issuedOn`, … and, in repeated rows, `itemHeading-2`, `contactPhone-0`,
 * `addresseeLine-1` (the row's index as posted). A key without a field (`items`, `contacts`)
 * concerns the whole group.
 */
export type FieldErrors = Partial<Record<string, string>>;

/** The id of a repeated row's field, as the editor renders it and errors name it. */
export const rowFieldId = (name: string, index: number) => `${name}-${index}`;

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const all = (form: FormData, name: string) => form.getAll(name).map((v) => String(v).trim());

function dateField(value: string, label: string, required: boolean) {
	if (value === '') return required ? { error: `${label}を入力してください。` } : { date: null };
	const date = parseDateInput(value);
	return date
		? { date }
		: { error: `${label}「${value}」は日付として読めません（例：令和6年10月8日、2024-10-08）。` };
}

/** Limits for the repeated parts: far above any real notice, far below what a post could carry. */
export const NOTICE_LIMITS = {
	items: 50,
	itemHeading: 200,
	itemText: 20_000,
	contacts: 10,
	contactField: 200,
	references: 30,
	citation: 300,
	addresseeLines: 30,
	addresseeLine: 200
} as const;

/** The first message for a list too long or a value too long, or null. */
function overLimit(values: string[], count: number, length: number, label: string): string | null {
	if (values.length > count) return `${label}は${count}件までです。`;
	if (values.some((v) => v.length > length))
		return `${label}は1件${length.toLocaleString('ja-JP')}文字以内にしてください。`;
	return null;
}

/** A notice id as the app makes them; anything else cannot be a link to a notice. */
const NOTICE_ID = /^[a-z0-9]{20,40}$/;

const contentSchema = z.object({
	noticeType: z.enum(NOTICE_TYPES, { error: '種別を選んでください。' }),
	title: z
		.string()
		.min(1, '件名を入力してください。')
		.max(300, '件名は300文字以内にしてください。'),
	documentNumber: z.string().max(100, '文書番号は100文字以内にしてください。'),
	preamble: z.string().max(20_000, '本文は20,000文字以内にしてください。')
});

/**
 * Reads the editor form. Returns the content, or every problem keyed by field name. For a
 * correction, issuers and addressees are fixed since publication and are not read at all.
 */
export function readNoticeForm(
	form: FormData,
	{ correction = false } = {}
): { ok: true; value: NoticeForm } | { ok: false; errors: FieldErrors } {
	const errors: FieldErrors = {};
	const base = contentSchema.safeParse({
		noticeType: text(form, 'noticeType'),
		title: text(form, 'title'),
		documentNumber: text(form, 'documentNumber'),
		preamble: String(form.get('preamble') ?? '')
			.replace(/\r\n/g, '\n')
			.trim()
	});
	if (!base.success) {
		for (const issue of base.error.issues) errors[String(issue.path[0])] ??= issue.message;
	}
	const issuedOn = dateField(text(form, 'issuedOn'), '発出日', true);
	if ('error' in issuedOn) errors.issuedOn = issuedOn.error;
	const deadline = dateField(text(form, 'deadline'), '回答期限', false);
	if ('error' in deadline) errors.deadline = deadline.error;
	if (
		!('error' in issuedOn) &&
		!('error' in deadline) &&
		deadline.date &&
		issuedOn.date &&
		deadline.date < issuedOn.date
	) {
		errors.deadline = '回答期限は発出日より後の日付にしてください。';
	}

	const headings = all(form, 'itemHeading');
	const texts = form.getAll('itemText').map((v) => String(v).replace(/\r\n/g, '\n').trim());
	const itemRows = headings
		.map((heading, index) => ({ index, heading, text: texts[index] ?? '' }))
		.filter((item) => item.heading !== '' || item.text !== '');
	const items = itemRows.map(({ heading, text }, i) => ({ number: i + 1, heading, text }));
	if (items.length > NOTICE_LIMITS.items) errors.items = `記は${NOTICE_LIMITS.items}件までです。`;
	for (const [i, row] of itemRows.entries()) {
		if (row.heading === '')
			errors[rowFieldId('itemHeading', row.index)] = `記${i + 1}の見出しを入力してください。`;
		else if (row.heading.length > NOTICE_LIMITS.itemHeading)
			errors[rowFieldId('itemHeading', row.index)] =
				`記${i + 1}の見出しは${NOTICE_LIMITS.itemHeading}文字以内にしてください。`;
		if (row.text.length > NOTICE_LIMITS.itemText)
			errors[rowFieldId('itemText', row.index)] =
				`記${i + 1}の本文は${NOTICE_LIMITS.itemText.toLocaleString('ja-JP')}文字以内にしてください。`;
	}
	const numbering = text(form, 'itemNumbering');
	const itemNumbering: ItemNumberingStyle = (ITEM_NUMBERING_STYLES as readonly string[]).includes(
		numbering
	)
		? (numbering as ItemNumberingStyle)
		: DEFAULT_ITEM_NUMBERING[base.success ? base.data.noticeType : 'administrative_liaison'];

	const offices = all(form, 'contactOffice');
	const names = all(form, 'contactNames');
	const extensions = all(form, 'contactExtension');
	const phones = all(form, 'contactPhone');
	const contactRows = offices
		.map((office, index) => ({
			index,
			office,
			names: names[index] ?? '',
			extension: extensions[index] ?? '',
			phone: phones[index] ?? ''
		}))
		.filter((c) => c.office || c.names || c.extension || c.phone);
	const contacts = contactRows.map(({ office, names, extension, phone }) => ({
		office,
		names,
		extension,
		phone
	}));
	if (contacts.length > NOTICE_LIMITS.contacts)
		errors.contacts = `照会先は${NOTICE_LIMITS.contacts}件までです。`;
	for (const row of contactRows) {
		if (row.office === '')
			errors[rowFieldId('contactOffice', row.index)] = '照会先の課室名を入力してください。';
		for (const [name, value] of [
			['contactOffice', row.office],
			['contactNames', row.names],
			['contactExtension', row.extension],
			['contactPhone', row.phone]
		] as const) {
			if (value.length > NOTICE_LIMITS.contactField)
				errors[rowFieldId(name, row.index)] =
					`照会先の各欄は${NOTICE_LIMITS.contactField}文字以内にしてください。`;
		}
		if (row.phone && !errors[rowFieldId('contactPhone', row.index)] && !isPlausiblePhone(row.phone))
			errors[rowFieldId('contactPhone', row.index)] =
				`電話番号「${row.phone}」は番号として読めません（例：03-5253-1111（代表）、内線 2345）。`;
	}

	const citations = all(form, 'referenceCitation');
	const referenceIds = all(form, 'referenceNoticeId');
	const references = citations
		.map((citation, i) => ({
			citation,
			noticeId: NOTICE_ID.test(referenceIds[i] ?? '') ? referenceIds[i] : undefined
		}))
		.filter((r) => r.citation !== '');
	const referencesTooLong = overLimit(
		references.map((r) => r.citation),
		NOTICE_LIMITS.references,
		NOTICE_LIMITS.citation,
		'関連する通知'
	);
	if (referencesTooLong) errors.references = referencesTooLong;

	// One field per line (the editor's rows) or one textarea of lines: both read the same.
	const addresseeLines = form
		.getAll('addresseeLines')
		.flatMap((v) => String(v).split(/\r?\n/))
		.map((line) => line.trim())
		.filter(Boolean);
	const linesTooLong = overLimit(
		addresseeLines,
		NOTICE_LIMITS.addresseeLines,
		NOTICE_LIMITS.addresseeLine,
		'御中の行'
	);
	if (linesTooLong) errors.addresseeLines = linesTooLong;

	const correctionReason = correction
		? String(form.get('correctionReason') ?? '')
				.replace(/\r\n/g, '\n')
				.trim()
		: '';
	if (correctionReason.length > 1000)
		errors.correctionReason = '訂正の理由は1,000文字以内にしてください。';

	const externalQuestion = String(form.get('externalQuestion') ?? '')
		.replace(/\r\n?/g, '\n')
		.trim();
	if (externalQuestion.length > EXTERNAL_QUESTION_MAX)
		errors.externalQuestion = `外部機関への質問は${EXTERNAL_QUESTION_MAX}文字以内にしてください。`;

	const rule = addresseeRuleSchema.safeParse({
		bodyKinds: all(form, 'bodyKinds'),
		functions: all(form, 'functions'),
		include: all(form, 'include').filter(Boolean),
		exclude: all(form, 'exclude').filter(Boolean)
	});
	if (!rule.success && !correction) errors.rule = '宛先の条件に不明な値があります。';

	const issuerDepartmentIds = [...new Set(all(form, 'issuers').filter(Boolean))];
	if (issuerDepartmentIds.length === 0 && !correction)
		errors.issuers = '発出元の課室を1つ以上選んでください。';

	if (Object.keys(errors).length > 0 || !base.success) return { ok: false, errors };
	return {
		ok: true,
		value: {
			noticeType: base.data.noticeType,
			title: base.data.title,
			documentNumber: base.data.documentNumber || null,
			issuedOn: (issuedOn as { date: string }).date,
			deadline: (deadline as { date: string | null }).date,
			addresseeLines,
			preamble: base.data.preamble,
			items,
			itemNumbering,
			contacts,
			references,
			issuerDepartmentIds,
			correctionReason: correction ? correctionReason || null : null,
			forwardable: form.get('forwardable') !== null,
			externalQuestion: externalQuestion || null,
			rule: rule.success ? rule.data : { bodyKinds: [], functions: [], include: [], exclude: [] }
		}
	};
}

/** What publishing needs beyond a savable draft; each entry names a field and what is missing. */
export function missingForPublication(
	content: NoticeContent,
	addresseeCount: number
): { field: string; message: string }[] {
	const missing: { field: string; message: string }[] = [];
	if (content.addresseeLines.length === 0)
		missing.push({ field: 'addresseeLines', message: '宛名（御中の行）を入力してください。' });
	if (content.preamble === '' && content.items.length === 0)
		missing.push({ field: 'preamble', message: '本文または記の項目を入力してください。' });
	if (addresseeCount === 0)
		missing.push({ field: 'rule', message: '宛先の部局が1つもありません。' });
	return missing;
}

/** What the editor shows: saved content, or exactly what was submitted when it had errors. */
export type EditorValues = Omit<
	NoticeForm,
	| 'issuedOn'
	| 'deadline'
	| 'noticeType'
	| 'itemNumbering'
	| 'correctionReason'
	| 'forwardable'
	| 'externalQuestion'
> & {
	forwardable: boolean;
	externalQuestion: string;
	noticeType: string;
	issuedOn: string;
	deadline: string;
	itemNumbering: string;
	correctionReason: string;
	attachments: { position: number; label: string; title: string }[];
};

/** The submitted form as typed, so a refused save re-renders without losing a character. */
export function echoNoticeForm(form: FormData): EditorValues {
	const all = (name: string) => form.getAll(name).map(String);
	const headings = all('itemHeading');
	const texts = all('itemText');
	const offices = all('contactOffice');
	const labels = all('attachmentLabel');
	const titles = all('attachmentTitle');
	const positions = all('attachmentPosition');
	return {
		noticeType: String(form.get('noticeType') ?? ''),
		title: String(form.get('title') ?? ''),
		documentNumber: String(form.get('documentNumber') ?? ''),
		issuedOn: String(form.get('issuedOn') ?? ''),
		deadline: String(form.get('deadline') ?? ''),
		addresseeLines: all('addresseeLines').flatMap((v) => v.split(/\r?\n/)),
		preamble: String(form.get('preamble') ?? ''),
		items: headings.map((heading, i) => ({ number: i + 1, heading, text: texts[i] ?? '' })),
		itemNumbering: String(form.get('itemNumbering') ?? ''),
		correctionReason: String(form.get('correctionReason') ?? ''),
		forwardable: form.get('forwardable') !== null,
		externalQuestion: String(form.get('externalQuestion') ?? ''),
		contacts: offices.map((office, i) => ({
			office,
			names: all('contactNames')[i] ?? '',
			extension: all('contactExtension')[i] ?? '',
			phone: all('contactPhone')[i] ?? ''
		})),
		references: all('referenceCitation').map((citation, i) => ({
			citation,
			noticeId: all('referenceNoticeId')[i] || undefined
		})),
		issuerDepartmentIds: all('issuers'),
		rule: {
			bodyKinds: all('bodyKinds') as AddresseeRule['bodyKinds'],
			functions: all('functions') as AddresseeRule['functions'],
			include: all('include'),
			exclude: all('exclude')
		},
		attachments: positions.map((p, i) => ({
			position: Number(p),
			label: labels[i] ?? '',
			title: titles[i] ?? ''
		}))
	};
}

/** Attachment labels and titles edited in the same form: [{ position, label, title }]. */
export function readAttachmentEdits(form: FormData) {
	const labels = form.getAll('attachmentLabel').map((v) => String(v).trim());
	const titles = form.getAll('attachmentTitle').map((v) => String(v).trim());
	return form
		.getAll('attachmentPosition')
		.map((p, i) => ({ position: Number(p), label: labels[i] ?? '', title: titles[i] ?? '' }))
		.filter((a) => Number.isInteger(a.position) && a.position > 0);
}
