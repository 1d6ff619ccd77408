// What a correction changed, field by field, for the history on a notice's page. Japanese has
// no spaces between words, so text is compared character by character (jsdiff's diffChars)
// and shown as insertions and deletions inside the field's text.
import { diffChars } from 'diff';
import type { NoticeContent } from './notices.ts';
import { NOTICE_TYPE_LABELS } from './notices.ts';
import { ITEM_NUMBERING_LABELS } from './item-numbering.ts';

export type DiffPart = { text: string; change: 'same' | 'added' | 'removed' };
export type FieldDiff = { field: string; label: string; parts: DiffPart[] };

export type AttachmentRef = { label: string; title: string; sha256: string };
/**
 * What happened to one attachment between two versions, named as what it is:
 * - added / removed: a file that is new, or gone;
 * - replaced: a different file under the same label (差替え);
 * - relabelled: the same file under another label (別添２ → 別添４);
 * - renamed: the same file with another title;
 * - moved: the same file in another place in the list (順序変更), with its 1-based places.
 * One attachment may be relabelled, renamed and moved at once: one entry each.
 */
export type AttachmentChange =
	| { change: 'added'; after: AttachmentRef }
	| { change: 'removed'; before: AttachmentRef }
	| { change: 'replaced' | 'relabelled' | 'renamed'; before: AttachmentRef; after: AttachmentRef }
	| {
			change: 'moved';
			before: AttachmentRef;
			after: AttachmentRef;
			from: number;
			to: number;
	  };

function fields(v: NoticeContent): { field: string; label: string; text: string }[] {
	return [
		{ field: 'noticeType', label: '種別', text: NOTICE_TYPE_LABELS[v.noticeType].ja },
		{ field: 'title', label: '件名', text: v.title },
		{ field: 'documentNumber', label: '文書番号', text: v.documentNumber ?? '' },
		{ field: 'issuedOn', label: '発出日', text: v.issuedOn },
		{ field: 'deadline', label: '回答期限', text: v.deadline ?? '' },
		{ field: 'addresseeLines', label: '宛名', text: v.addresseeLines.join('\n') },
		{ field: 'preamble', label: '本文', text: v.preamble },
		{
			field: 'itemNumbering',
			label: '記の番号',
			text: ITEM_NUMBERING_LABELS[v.itemNumbering].ja
		},
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

const itemKey = (item: NoticeContent['items'][number]) => `${item.heading}\n${item.text}`;

/**
 * The 記 items in a new order and otherwise unchanged: one entry saying so (記1 → 記2 …) rather
 * than every moved item reported as rewritten. Null when the items changed in any other way.
 */
function itemsReordered(before: NoticeContent, after: NoticeContent): FieldDiff | null {
	const a = before.items.map(itemKey);
	const b = after.items.map(itemKey);
	if (a.length !== b.length || a.every((k, i) => k === b[i])) return null;
	if ([...a].sort().join('\u0000') !== [...b].sort().join('\u0000')) return null;
	const taken = new Set<number>();
	const moves = before.items.flatMap((item, i) => {
		const j = b.findIndex((k, n) => !taken.has(n) && k === a[i]);
		taken.add(j);
		return j === i ? [] : [`記${i + 1}「${item.heading}」→ 記${j + 1}`];
	});
	return {
		field: 'itemOrder',
		label: '記の順序',
		parts: [{ text: moves.join('\n'), change: 'same' }]
	};
}

/** The fields whose text differs between two versions, with the changes marked. */
export function diffContent(before: NoticeContent, after: NoticeContent): FieldDiff[] {
	const reordered = itemsReordered(before, after);
	const isItem = (f: { field: string }) => /^item\d+$/.test(f.field);
	const a = new Map(
		fields(before)
			.filter((f) => !(reordered && isItem(f)))
			.map((f) => [f.field, f])
	);
	const b = fields(after).filter((f) => !(reordered && isItem(f)));
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
	if (reordered) result.push(reordered);
	return result;
}

/**
 * The indexes (into `sequence`) of a longest increasing run of its values: the attachments
 * that kept their relative order. Everything else is what moved.
 */
function keptInOrder(sequence: number[]): Set<number> {
	const tails: number[] = [];
	const previous: number[] = Array.from({ length: sequence.length }, () => -1);
	for (const [i, value] of sequence.entries()) {
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (sequence[tails[mid]] < value) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) previous[i] = tails[lo - 1];
		tails[lo] = i;
	}
	const kept = new Set<number>();
	for (let i = tails.at(-1) ?? -1; i !== -1; i = previous[i]) kept.add(i);
	return kept;
}

/**
 * Attachments are matched by their file first (the same bytes are the same document, whatever
 * its label, title or place now), then by label (a new file under 別添１ replaced the old one).
 */
export function diffAttachments(
	before: AttachmentRef[],
	after: AttachmentRef[]
): AttachmentChange[] {
	const changes: AttachmentChange[] = [];
	const unmatched = new Set(before.keys());
	/** For each attachment after, its index before (or -1). */
	const match = after.map((x) => {
		const i = before.findIndex((b, j) => unmatched.has(j) && b.sha256 === x.sha256);
		if (i >= 0) unmatched.delete(i);
		return i;
	});
	for (const [k, x] of after.entries()) {
		if (match[k] >= 0) continue;
		const i = before.findIndex((b, j) => unmatched.has(j) && b.label === x.label);
		if (i >= 0) {
			unmatched.delete(i);
			changes.push({ change: 'replaced', before: before[i], after: x });
		}
	}
	const sameFile = after.flatMap((x, k) => (match[k] >= 0 ? [{ x, k, i: match[k] }] : []));
	const kept = keptInOrder(sameFile.map((m) => m.i));
	for (const [n, { x, k, i }] of sameFile.entries()) {
		const prev = before[i];
		if (!kept.has(n))
			changes.push({ change: 'moved', before: prev, after: x, from: i + 1, to: k + 1 });
		if (prev.label !== x.label) changes.push({ change: 'relabelled', before: prev, after: x });
		if (prev.title !== x.title) changes.push({ change: 'renamed', before: prev, after: x });
	}
	const replacedAfter = new Set(changes.flatMap((c) => (c.change === 'replaced' ? [c.after] : [])));
	for (const [k, x] of after.entries())
		if (match[k] < 0 && !replacedAfter.has(x)) changes.push({ change: 'added', after: x });
	for (const i of unmatched) changes.push({ change: 'removed', before: before[i] });
	return changes;
}
