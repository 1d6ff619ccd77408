// What the per-notice dashboard says about the answers, item by item (記1–記N): the shapes
// src/lib/server/reports/item-summaries.ts returns, and the heat table's shading. Pure, so the
// components the browser loads can import it without pulling in server code.
import type { GrantAmounts, SubsidyRate } from './responses/grant-report.ts';
import type { Status } from './responses/status-checklist.ts';

/** A prefecture by its JIS code (a city or ward counts toward the prefecture it lies in). */
export type PrefectureRef = { prefectureCode: string; name: string };

type ItemRef = { itemId: string; number: number; title: string };

/** 記1-like items: how far each department got with the leaflet and how many it reached. */
export type StatusChecklistSummary = ItemRef & {
	kind: 'status_checklist';
	submitted: number;
	byStatus: Record<Status, number>;
	/** The sum of institutionsReached over the submitted answers. */
	institutionsReached: number;
	prefectures: (PrefectureRef & {
		submitted: number;
		done: number;
		institutionsReached: number;
	})[];
};

/** One column of the heat table. */
export type ClinicalDepartmentColumn = { key: string; ja: string; en: string; total: number };

/** 記2-like items: the registry entries learned from the submitted answers. */
export type MedicalInstitutionsSummary = ItemRef & {
	kind: 'medical_institutions';
	submitted: number;
	/** Institutions listed in the submitted answers, summed (the CSV's 「記N 医療機関数」). */
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

/** 記4-like items: grant use by line and by prefecture, national shares as the CSV has them. */
export type GrantReportSummary = ItemRef & {
	kind: 'grant_report';
	submitted: number;
	fiscalYears: number[];
	lines: GrantLineSummary[];
	total: GrantAmounts;
	prefectures: (PrefectureRef & GrantAmounts & { reports: number })[];
};

export type CoordinationRecordSummary = ItemRef & {
	kind: 'coordination_record';
	submitted: number;
	/** Consultations recorded, summed (the CSV's 「記N 協議件数」). */
	entries: number;
};

export type YesNoSummary = ItemRef & { kind: 'yes_no'; submitted: number; yes: number; no: number };

export type FreeTextSummary = ItemRef & { kind: 'free_text'; submitted: number };

export type ItemSummary =
	| StatusChecklistSummary
	| MedicalInstitutionsSummary
	| GrantReportSummary
	| CoordinationRecordSummary
	| YesNoSummary
	| FreeTextSummary;

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
