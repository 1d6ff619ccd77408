// What the notice editor's fields share: their aria wiring to the server's messages, the
// example placeholder and the clean-up of text pasted from Word, 一太郎 or a PDF (paste.ts).
import { m } from '#lib/paraglide/messages.js';
import { joinPdfLines, normalizePastedText } from '#lib/domain/paste.ts';
import type { FieldErrors } from '#lib/domain/notice-form.ts';

/** aria-describedby for a field: its own message, if the server refused it, and any hint. */
export const describedBy = (errors: FieldErrors, id: string, ...more: string[]) =>
	[...(errors[id] ? [`${id}-error`] : []), ...more].join(' ') || undefined;

export const invalid = (errors: FieldErrors, id: string) => (errors[id] ? 'true' : undefined);

export const example = (value: string) => m.editor_example({ value });

/** Types text into a field as the browser would (undo keeps working), or replaces it all. */
function insertText(field: HTMLInputElement | HTMLTextAreaElement, text: string) {
	field.focus();
	if (!document.execCommand('insertText', false, text)) {
		field.setRangeText(text, field.selectionStart ?? 0, field.selectionEnd ?? 0, 'end');
		field.dispatchEvent(new Event('input', { bubbles: true }));
	}
}

/** Pasted text from Word, 一太郎 or a PDF comes in without its layout debris (paste.ts). */
export function onpaste(event: ClipboardEvent) {
	const field = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
	const pasted = event.clipboardData?.getData('text/plain');
	if (!pasted) return;
	let clean = normalizePastedText(pasted);
	// A one-line field: a title copied from a PDF comes in as the one line it is.
	if (field instanceof HTMLInputElement) clean = joinPdfLines(clean).replace(/\n+/g, '');
	if (clean === pasted) return;
	event.preventDefault();
	insertText(field, clean);
}

/** 「PDF改行を結合」: joins the lines a PDF broke at the page width (paste.ts). */
export function joinLines(id: string) {
	const field = document.getElementById(id) as HTMLTextAreaElement | null;
	if (!field) return;
	const joined = joinPdfLines(field.value);
	if (joined === field.value) return;
	field.select();
	insertText(field, joined);
}
