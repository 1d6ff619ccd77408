// What the per-notice dashboard says about the answers, item by item (記1–記N): the shapes
// src/lib/server/reports/item-summaries.ts returns, and the heat table's shading. Pure, so the
// components the browser loads can import it without pulling in server code.
import type { GrantAmounts, SubsidyRate } from './responses/grant-report.ts';

/** A prefecture by its JIS code (a city or ward counts toward the prefecture it lies in). */
export type PrefectureRef = { prefectureCode: string; name: string };

type ItemRef = { itemId: string; number: number; title: string };

/** A choice field (single, multiple, yes/no): how many chose each, overall and per prefecture. */
export type ChoiceFieldSummary = {
	key: string;
	label: string;
	summary: 'choices';
	multiple: boolean;
	answered: number;
	choices: { value: string; label: string; count: number }[];
	/** `counts` in the order of `choices`. */
	prefectures: (PrefectureRef & { answered: number; counts: number[] })[];
};

/** A number field (whole number, yen, percentage): sum and range, overall and per prefecture. */
export type NumberFieldSummary = {
	key: string;
	label: string;
	summary: 'numbers';
	unit: string;
	answered: number;
	sum: number;
	min: number | null;
	max: number | null;
	prefectures: (PrefectureRef & { answered: number; sum: number; min: number; max: number })[];
};

/** A table field: rows given, overall and per prefecture. */
export type TableFieldSummary = {
	key: string;
	label: string;
	summary: 'rows';
	rows: number;
	prefectures: (PrefectureRef & { rows: number })[];
};

/** Any other field (text, date, file, code, year): how many answered it. */
export type AnsweredFieldSummary = {
	key: string;
	label: string;
	summary: 'answered';
	answered: number;
};

export type FieldSummary =
	ChoiceFieldSummary | NumberFieldSummary | TableFieldSummary | AnsweredFieldSummary;

/** Mean of a number summary (null when nobody answered). */
export const meanOf = (s: { answered: number; sum: number }) =>
	s.answered === 0 ? null : s.sum / s.answered;

/** One column of the heat table. */
export type ClinicalDepartmentColumn = { key: string; ja: string; en: string; total: number };

/** The 'registry' behaviour: the registry entries learned from the submitted answers. */
export type RegistrySummary = {
	behaviour: 'registry';
	/** Institutions listed in the submitted answers, summed. */
	listed: number;
	/** Registry entries whose latest source is a submitted answer to this item. */
	institutions: number;
	/** Of those, hospitals housing a one-stop center. */
	housesCenter: number;
	/** The heat table's columns; every row's `counts` is in this order. */
	departments: ClinicalDepartmentColumn[];
	/** Only prefectures with at least one entry, by code. */
	prefectures: (PrefectureRef & { institutions: number; housesCenter: number; counts: number[] })[];
	/** The largest cell: the top of the shading scale. */
	maxCount: number;
};

export type GrantLineSummary = GrantAmounts & {
	fiscalYear: number;
	code: string;
	name: string;
	rate: SubsidyRate;
	/** Submitted answers that report this line. */
	reports: number;
};

/** The 'grant_share' behaviour: grant use by line and by prefecture, national shares as the CSV has them. */
export type GrantShareSummary = {
	behaviour: 'grant_share';
	fiscalYears: number[];
	lines: GrantLineSummary[];
	total: GrantAmounts;
	prefectures: (PrefectureRef & GrantAmounts & { reports: number })[];
};

export type BehaviourSummary = RegistrySummary | GrantShareSummary;

/**
 * What the submitted answers to one item say: how many submitted, each field's summary (by
 * field type), and the summary of the item's behaviour if it has one.
 */
export type ItemSummary = ItemRef & {
	submitted: number;
	fields: FieldSummary[];
	behaviour: BehaviourSummary | null;
};

/** 1/2, 1/3, 10/10: rates as the 交付要綱 writes them. */
export const formatRate = (rate: SubsidyRate) => `${rate.numerator}/${rate.denominator}`;

/** 1,234,567円 */
export const formatYen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

// The heat table's shading: a light-to-dark blue scale (the site's accent at the top). Shade
// only adds emphasis: every cell prints its number, and a legend says what each shade spans.
export const HEAT_BACKGROUNDS = ['#ffffff', '#e3eef9', '#b6d2ee', '#6a9fd4', '#1f5f9e', '#0b3a66'];
export const DARK_TEXT = '#1a1a1a';
export const LIGHT_TEXT = '#ffffff';
const LEVELS = HEAT_BACKGROUNDS.length - 1;

/** The shade of a count: 0 for none, then 1…5 in equal steps up to `max`. */
export function heatLevel(count: number, max: number): number {
	if (count <= 0 || max <= 0) return 0;
	return Math.min(LEVELS, Math.ceil((count * LEVELS) / max));
}

/** The counts each shade spans for this `max`: shades no count can reach are left out. */
export function heatLegend(max: number): { level: number; from: number; to: number }[] {
	const legend = [{ level: 0, from: 0, to: 0 }];
	for (let level = 1; level <= LEVELS; level++) {
		const from = Math.floor(((level - 1) * max) / LEVELS) + 1;
		const to = Math.floor((level * max) / LEVELS);
		if (from <= to) legend.push({ level, from, to });
	}
	return legend;
}

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/** Background and text colour of a shade: whichever text colour contrasts more (≥ 4.5:1). */
export function heatColours(level: number): { background: string; color: string } {
	const background = HEAT_BACKGROUNDS[level];
	const color =
		contrastRatio(background, DARK_TEXT) >= contrastRatio(background, LIGHT_TEXT)
			? DARK_TEXT
			: LIGHT_TEXT;
	return { background, color };
}
