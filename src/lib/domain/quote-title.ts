// A notice's title inside a sentence or a mail subject is quoted with 「」. A title that is
// already one quotation (「…」 from end to end) is not quoted again; a title that contains
// quotations gets them as 『』, the way Japanese nests quotes, so no 「「 ever appears.

/** Whether the whole text is a single 「…」: its first 「 closes at its last 」. */
function isOneQuotation(text: string): boolean {
	if (!text.startsWith('「') || !text.endsWith('」')) return false;
	let depth = 0;
	for (const [i, ch] of [...text].entries()) {
		if (ch === '「') depth++;
		else if (ch === '」') depth--;
		if (depth === 0) return i === [...text].length - 1;
	}
	return false;
}

export function quoteTitle(title: string): string {
	const text = title.trim();
	if (text === '') return '「」';
	if (isOneQuotation(text)) return text;
	return `「${text.replace(/「/g, '『').replace(/」/g, '』')}」`;
}
