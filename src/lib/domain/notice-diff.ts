// What a correction changed, field by field, for the history on a notice's page. Japanese has
// no spaces between words, so text is compared character by character (jsdiff's diffChars)
// and shown as insertions and deletions inside the field's text.
import { diffChars } from 'diff';
import type { NoticeContent } from './notices.ts';
import { NOTICE_TYPE_LABELS } from './notices.ts';

export type DiffPart = { text: string; change: 'same' | 'added' | 'removed' };
export type FieldDiff = { field: string; label: string; parts: DiffPart[] };

export type AttachmentRef = { label: string; title: string; sha256: string };
export type AttachmentChange =
	| { change: 'added'; after: AttachmentRef }
	| { change: 'removed'; before: AttachmentRef }
	| { change: 'replaced' | 'renamed'; before: AttachmentRef; after: AttachmentRef };

function fields(v: NoticeContent): { field: string; label: string; text: string }[] {
	return [
		{ field: 'noticeType', label: '種別', text: NOTICE_TYPE_LABELS[v.noticeType].ja },
		{ field: 'title', label: '件名', text: v.title },
		{ field: 'documentNumber', label: '文書番号', text: v.documentNumber ?? '' },
		{ field: 'issuedOn', label: '発出日', text: v.issuedOn },
		{ field: 'deadline', label: '回答期限', text: v.deadline ?? '' },
		{ field: 'addresseeLines', label: '宛名', text: v.addresseeLines.join('\n') },
		{ field: 'preamble', label: '本文', text: v.preamble },
		...v.items.map((item) => ({
			field: `item${item.number}`,
			label: `記${item.number}`,
			text: `${item.heading}\n${item.text}`
		})),
		{
			field: 'contacts',
			label: '照会先',
			text: v.contacts.map((c) => [c.office, c.names, c.extension, c.phone].join(' ')).join('\n')
		},
		{ field: 'references', label: '参照', text: v.references.map((r) => r.citation).join('\n') }
	];
}

/** The fields whose text differs between two versions, with the changes marked. */
export function diffContent(before: NoticeContent, after: NoticeContent): FieldDiff[] {
	const a = new Map(fields(before).map((f) => [f.field, f]));
	const b = fields(after);
	const keys = [...new Set([...a.keys(), ...b.map((f) => f.field)])];
	const byField = new Map(b.map((f) => [f.field, f]));
	const result: FieldDiff[] = [];
	for (const key of keys) {
		const old = a.get(key)?.text ?? '';
		const now = byField.get(key)?.text ?? '';
		if (old === now) continue;
		result.push({
			field: key,
			label: (byField.get(key) ?? a.get(key))!.label,
			parts: diffChars(old, now).map((p) => ({
				text: p.value,
				change: p.added ? 'added' : p.removed ? 'removed' : 'same'
			}))
		});
	}
	return result;
}

/**
 * Attachments matched by label (別添１ stays 別添１ across versions): a new file under the
 * same label is "replaced", a new title for the same file is "renamed".
 */
export function diffAttachments(
	before: AttachmentRef[],
	after: AttachmentRef[]
): AttachmentChange[] {
	const changes: AttachmentChange[] = [];
	const old = new Map(before.map((x) => [x.label, x]));
	const now = new Map(after.map((x) => [x.label, x]));
	for (const x of after) {
		const prev = old.get(x.label);
		if (!prev) changes.push({ change: 'added', after: x });
		else if (prev.sha256 !== x.sha256) changes.push({ change: 'replaced', before: prev, after: x });
		else if (prev.title !== x.title) changes.push({ change: 'renamed', before: prev, after: x });
	}
	for (const x of before) if (!now.has(x.label)) changes.push({ change: 'removed', before: x });
	return changes;
}
