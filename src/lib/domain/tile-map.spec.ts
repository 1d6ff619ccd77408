import { describe, expect, test } from 'vitest';
import { BANDS, EMPTY_BAND, TILE_POSITIONS, bandOf, contrastRatio } from './tile-map.ts';

describe('tile map', () => {
	test('47 prefectures, each on a cell of its own', () => {
		const codes = Object.keys(TILE_POSITIONS).sort();
		expect(codes).toEqual(Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0')));
		const cells = new Set(Object.values(TILE_POSITIONS).map((p) => `${p.row},${p.col}`));
		expect(cells.size).toBe(47);
	});

	test('北海道 is top right, 沖縄 bottom left', () => {
		const rows = Object.values(TILE_POSITIONS).map((p) => p.row);
		const cols = Object.values(TILE_POSITIONS).map((p) => p.col);
		expect(TILE_POSITIONS['01']).toEqual({ row: Math.min(...rows), col: Math.max(...cols) });
		expect(TILE_POSITIONS['47']).toEqual({ row: Math.max(...rows), col: Math.min(...cols) });
	});

	test('every band and the empty tile keep text contrast of at least 4.5:1', () => {
		for (const b of [...BANDS, EMPTY_BAND])
			expect(contrastRatio(b.background, b.text), b.background).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
	});

	test('bands cover 0–100% without gaps; 100% is in the top band', () => {
		expect(bandOf(0)).toBe(BANDS[0]);
		expect(bandOf(0.2)).toBe(BANDS[1]);
		expect(bandOf(0.875)).toBe(BANDS[4]);
		expect(bandOf(1)).toBe(BANDS[4]);
		for (let i = 1; i < BANDS.length; i++) expect(BANDS[i].min).toBe(BANDS[i - 1].max);
	});
});
