// The 47-tile grid map of Japan used across Japanese public dashboards: one equal square per
// prefecture, placed roughly where it lies (北海道 top right, 沖縄 bottom left), so a region's
// colour pattern reads at a glance without large prefectures dominating.

/** Row and column (0-based) of each prefecture, by JIS X 0401 code. */
export const TILE_POSITIONS: Record<string, { row: number; col: number }> = {
	'01': { row: 0, col: 13 },
	'02': { row: 1, col: 13 },
	'05': { row: 2, col: 12 },
	'03': { row: 2, col: 13 },
	'17': { row: 3, col: 9 },
	'16': { row: 3, col: 10 },
	'06': { row: 3, col: 12 },
	'04': { row: 3, col: 13 },
	'32': { row: 4, col: 4 },
	'31': { row: 4, col: 5 },
	'28': { row: 4, col: 6 },
	'26': { row: 4, col: 7 },
	'18': { row: 4, col: 8 },
	'21': { row: 4, col: 9 },
	'20': { row: 4, col: 10 },
	'15': { row: 4, col: 11 },
	'07': { row: 4, col: 12 },
	'42': { row: 5, col: 0 },
	'41': { row: 5, col: 1 },
	'40': { row: 5, col: 2 },
	'35': { row: 5, col: 3 },
	'34': { row: 5, col: 4 },
	'33': { row: 5, col: 5 },
	'27': { row: 5, col: 6 },
	'25': { row: 5, col: 7 },
	'23': { row: 5, col: 8 },
	'19': { row: 5, col: 9 },
	'10': { row: 5, col: 10 },
	'09': { row: 5, col: 11 },
	'08': { row: 5, col: 12 },
	'43': { row: 6, col: 1 },
	'44': { row: 6, col: 2 },
	'38': { row: 6, col: 4 },
	'37': { row: 6, col: 5 },
	'30': { row: 6, col: 6 },
	'29': { row: 6, col: 7 },
	'24': { row: 6, col: 8 },
	'22': { row: 6, col: 9 },
	'11': { row: 6, col: 10 },
	'12': { row: 6, col: 12 },
	'46': { row: 7, col: 1 },
	'45': { row: 7, col: 2 },
	'39': { row: 7, col: 4 },
	'36': { row: 7, col: 5 },
	'14': { row: 7, col: 9 },
	'13': { row: 7, col: 10 },
	'47': { row: 8, col: 0 }
};

/** What a tile's colour measures: departments with every item submitted, or acknowledged. */
export const TILE_MEASURES = ['complete', 'acknowledged'] as const;
export type TileMeasure = (typeof TILE_MEASURES)[number];

export type Band = { min: number; max: number; background: string; text: string };

/**
 * Five sequential bands of completion (a sequential blue scale). Each text colour keeps
 * ≥ 4.5:1 against its background, and the tile always prints its percentage, so the colour
 * never carries the meaning alone.
 */
export const BANDS: Band[] = [
	{ min: 0, max: 0.2, background: '#eef4fb', text: '#1a1a1a' },
	{ min: 0.2, max: 0.4, background: '#c6dbef', text: '#1a1a1a' },
	{ min: 0.4, max: 0.6, background: '#6baed6', text: '#1a1a1a' },
	{ min: 0.6, max: 0.8, background: '#2171b5', text: '#ffffff' },
	{ min: 0.8, max: 1, background: '#08306b', text: '#ffffff' }
];
/** A prefecture with nobody to count. */
export const EMPTY_BAND = { background: '#f0f0f0', text: '#555555' };

/** The band of a rate in [0, 1]: lower bounds inclusive, 100% in the top band. */
export function bandOf(rate: number): Band {
	return BANDS.find((b) => rate < b.max) ?? BANDS[BANDS.length - 1];
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
	const luminance = (hex: string) => {
		const [r, g, bl] = [1, 3, 5].map((i) => {
			const c = parseInt(hex.slice(i, i + 2), 16) / 255;
			return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}
