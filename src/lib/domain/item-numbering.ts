// How the numbers of 記 read. Official documents number with full-width digits and a
// full-width period (１．), or with parenthesized full-width digits (（１）), or with katakana in
// 五十音 order (ア、イ、ウ…); which one is a per-notice choice kept with each version.
import type { NoticeType } from './notices.ts';

export const ITEM_NUMBERING_STYLES = ['full_width', 'parenthesized', 'katakana'] as const;
export type ItemNumberingStyle = (typeof ITEM_NUMBERING_STYLES)[number];

/** What each style looks like, for the editor's choice (shown with its first three numbers). */
export const ITEM_NUMBERING_LABELS: Record<ItemNumberingStyle, { ja: string; en: string }> = {
	full_width: { ja: '１．２．３．', en: '１．２．３． (full-width)' },
	parenthesized: { ja: '（１）（２）（３）', en: '（１）（２）（３） (parenthesized)' },
	katakana: { ja: 'ア　イ　ウ', en: 'ア イ ウ (katakana)' }
};

/** The convention of each document type: 通知 and 事務連絡 (and 依頼) number 記 as １．２．３． */
export const DEFAULT_ITEM_NUMBERING: Record<NoticeType, ItemNumberingStyle> = {
	notification: 'full_width',
	administrative_liaison: 'full_width',
	request: 'full_width'
};

/** A stored or posted value read as a style; anything unknown is the default. */
export function itemNumberingStyle(value: unknown): ItemNumberingStyle {
	return (ITEM_NUMBERING_STYLES as readonly unknown[]).includes(value)
		? (value as ItemNumberingStyle)
		: 'full_width';
}

const KATAKANA =
	'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';

/** 12 → １２ */
export function fullWidthDigits(n: number): string {
	return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
}

/**
 * The number of 記 n (1-based) as the style writes it: １．, （１）, ア. Past ン (46 items,
 * beyond any real notice) katakana continues as （４７）, so a number is never blank.
 */
export function formatItemNumber(n: number, style: ItemNumberingStyle): string {
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`item number must be ≥ 1, got ${n}`);
	if (style === 'katakana' && n <= KATAKANA.length) return KATAKANA[n - 1];
	if (style === 'full_width') return `${fullWidthDigits(n)}．`;
	return `（${fullWidthDigits(n)}）`;
}

/** The heading line of 記 n: its number and its heading (ア is set off by a full-width space). */
export function formatItemHeading(n: number, style: ItemNumberingStyle, heading: string): string {
	const number = formatItemNumber(n, style);
	return /[ア-ン]$/.test(number) ? `${number}\u3000${heading}` : `${number}${heading}`;
}
