import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	checkDigit,
	isHiraganaReading,
	isValidLocalGovernmentCode,
	runsHealthCenter
} from '../../domain/local-government-code.ts';
import type { BodyKind } from '../../domain/local-government-code.ts';
import { parseOrganizationsCsv, readOrganizations } from './organizations.ts';
import type { OrganizationRow } from './organizations.ts';

const HEADER = 'code,kind,prefecture_code,name,name_kana';

describe('prisma/data/organizations.csv as shipped', () => {
	let rows: OrganizationRow[];

	beforeAll(async () => {
		rows = await readOrganizations();
	});

	function find(prefectureCode: string, name: string): OrganizationRow {
		const matches = rows.filter((r) => r.prefectureCode === prefectureCode && r.name === name);
		expect(matches, `${prefectureCode} ${name}`).toHaveLength(1);
		return matches[0];
	}

	it('is UTF-8 without BOM, LF only, with the exact header, sorted by code', async () => {
		const text = await readFile(resolve(process.cwd(), 'prisma/data/organizations.csv'), 'utf8');
		expect(text.charCodeAt(0)).not.toBe(0xfeff);
		expect(text).not.toContain('\r');
		expect(text.split('\n')[0]).toBe(HEADER);
		expect(text.endsWith('\n')).toBe(true);
		const codes = rows.map((r) => r.code);
		expect(codes).toEqual([...codes].sort());
	});

	it('holds the 47 prefectures and all 1,741 municipalities, 157 of them running a 保健所', () => {
		expect(rows).toHaveLength(47 + 1741);
		const counts: Record<string, number> = {};
		for (const r of rows) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
		expect(counts).toEqual({
			prefecture: 47,
			designated_city: 20,
			core_city: 62,
			other_health_center_city: 5,
			special_ward: 23,
			city: 705,
			town: 743,
			village: 183
		} satisfies Record<BodyKind, number>);
		expect(rows.filter((r) => r.kind !== 'prefecture')).toHaveLength(1741);
		expect(rows.filter((r) => runsHealthCenter(r.kind))).toHaveLength(157);
	});

	it("adds up to 総務省's totals of 1,741 市区町村: 市 792, 町 743, 村 183, 特別区 23", () => {
		// The official counts since 那珂川市 became a city (2018-10-01), unchanged at the date of
		// the CSV's source (prisma/data/README.md): every 市 counts once, whatever its kind.
		const count = (...kinds: BodyKind[]) => rows.filter((r) => kinds.includes(r.kind)).length;
		expect(count('designated_city', 'core_city', 'other_health_center_city', 'city')).toBe(792);
		expect(count('town')).toBe(743);
		expect(count('village')).toBe(183);
		expect(count('special_ward')).toBe(23);
		expect(792 + 743 + 183 + 23).toBe(1741);
	});

	it('gives every body a non-empty name and a hiragana reading', () => {
		const bad = rows.filter(
			(r) => r.name.trim() === '' || r.name !== r.name.trim() || !isHiraganaReading(r.nameKana)
		);
		expect(bad).toEqual([]);
	});

	it('names each municipality by its kind: 市, 町, 村 or 区', () => {
		const suffix: Partial<Record<BodyKind, string>> = {
			designated_city: '市',
			core_city: '市',
			other_health_center_city: '市',
			city: '市',
			town: '町',
			village: '村',
			special_ward: '区'
		};
		const wrong = rows.filter((r) => r.kind !== 'prefecture' && !r.name.endsWith(suffix[r.kind]!));
		expect(wrong).toEqual([]);
	});

	it('has a valid check digit on every code', () => {
		// Recomputed here rather than trusting the loader's validation alone.
		const bad = rows.filter((r) => checkDigit(r.code.slice(0, 5)) !== Number(r.code[5]));
		expect(bad).toEqual([]);
		expect(rows.filter((r) => !isValidLocalGovernmentCode(r.code))).toEqual([]);
		for (const r of rows) expect(r.code).toMatch(/^\d{6}$/);
	});

	it('has unique codes, and names unique within each prefecture', () => {
		expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
		expect(new Set(rows.map((r) => `${r.prefectureCode}\t${r.name}`)).size).toBe(rows.length);
	});

	it('has one prefecture row for each of 01..47, and every body inside one of them', () => {
		const prefectures = rows.filter((r) => r.kind === 'prefecture');
		const expected = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));
		expect(prefectures.map((p) => p.prefectureCode).sort()).toEqual(expected);
		const prefectureCodes = new Set(prefectures.map((p) => p.prefectureCode));
		for (const r of rows) {
			expect(prefectureCodes.has(r.prefectureCode), r.name).toBe(true);
			expect(r.code.slice(0, 2), r.name).toBe(r.prefectureCode);
		}
		// Prefecture codes are PP0000 + check digit; no city's is.
		for (const p of prefectures) expect(p.code.slice(2, 5), p.name).toBe('000');
		for (const r of rows.filter((r) => r.kind !== 'prefecture')) {
			expect(r.code.slice(2, 5), r.name).not.toBe('000');
		}
	});

	it.each([
		['01', '北海道', '010006', 'prefecture', 'ほっかいどう'],
		['13', '東京都', '130001', 'prefecture', 'とうきょうと'],
		['01', '札幌市', '011002', 'designated_city', 'さっぽろし'],
		['14', '横浜市', '141003', 'designated_city', 'よこはまし'],
		['13', '千代田区', '131016', 'special_ward', 'ちよだく'],
		['13', '世田谷区', '131121', 'special_ward', 'せたがやく'],
		['13', '江戸川区', '131237', 'special_ward', 'えどがわく'],
		['14', '藤沢市', '142051', 'other_health_center_city', 'ふじさわし'],
		['14', '茅ヶ崎市', '142077', 'other_health_center_city', 'ちがさきし'],
		['13', '町田市', '132098', 'other_health_center_city', 'まちだし'],
		['01', '小樽市', '012033', 'other_health_center_city', 'おたるし'],
		['24', '四日市市', '242021', 'other_health_center_city', 'よっかいちし'],
		['01', '函館市', '012025', 'core_city', 'はこだてし'],
		['13', '八王子市', '132012', 'core_city', 'はちおうじし'],
		['47', '那覇市', '472018', 'core_city', 'なはし']
	])('%s %s is %s (%s)', (prefectureCode, name, code, kind, nameKana) => {
		expect(find(prefectureCode, name)).toEqual({
			code,
			kind,
			prefectureCode,
			name,
			nameKana
		});
	});

	it('has the 23 special wards, all in 東京都, and no other body in Tokyo ending in 区', () => {
		const wards = rows.filter((r) => r.kind === 'special_ward');
		expect(wards.every((w) => w.prefectureCode === '13' && w.name.endsWith('区'))).toBe(true);
		expect(wards[0].code).toBe('131016');
		expect(wards.at(-1)?.code).toBe('131237');
		expect(rows.filter((r) => r.name.endsWith('区'))).toHaveLength(23);
	});

	it('runs 保健所 in 神奈川県 in exactly 横浜・川崎・相模原・横須賀・藤沢・茅ヶ崎 besides the prefecture', () => {
		const inKanagawa = rows.filter((r) => r.prefectureCode === '14');
		expect(inKanagawa.filter((r) => r.kind === 'prefecture').map((r) => r.name)).toEqual([
			'神奈川県'
		]);
		expect(
			inKanagawa
				.filter((r) => r.kind !== 'prefecture' && runsHealthCenter(r.kind))
				.map((r) => r.name)
				.sort()
		).toEqual(['横浜市', '川崎市', '相模原市', '横須賀市', '藤沢市', '茅ヶ崎市'].sort());
		// 神奈川県 has 33 municipalities (19 市, 13 町, 1 村).
		expect(inKanagawa.filter((r) => r.kind !== 'prefecture')).toHaveLength(33);
		expect(inKanagawa.find((r) => r.name === '鎌倉市')?.kind).toBe('city');
		expect(inKanagawa.find((r) => r.name === '清川村')?.kind).toBe('village');
	});

	it('uses the official 茅ヶ崎市 spelling, not 茅ケ崎市', () => {
		expect(rows.some((r) => r.name === '茅ケ崎市')).toBe(false);
	});
});

describe('parseOrganizationsCsv', () => {
	const good = [
		HEADER,
		'010006,prefecture,01,北海道,ほっかいどう',
		'011002,designated_city,01,札幌市,さっぽろし'
	];
	const csv = (...extra: string[]) => [...good, ...extra].join('\n') + '\n';

	it('parses good rows into OrganizationRow objects', () => {
		expect(parseOrganizationsCsv(csv())).toEqual([
			{
				code: '010006',
				kind: 'prefecture',
				prefectureCode: '01',
				name: '北海道',
				nameKana: 'ほっかいどう'
			},
			{
				code: '011002',
				kind: 'designated_city',
				prefectureCode: '01',
				name: '札幌市',
				nameKana: 'さっぽろし'
			}
		]);
	});

	it('accepts RFC 4180 quoting, CRLF and a BOM', () => {
		const text = '\ufeff' + [HEADER, '"131016",special_ward,13,"千代田区","ちよだく"'].join('\r\n');
		expect(parseOrganizationsCsv(text)).toEqual([
			{
				code: '131016',
				kind: 'special_ward',
				prefectureCode: '13',
				name: '千代田区',
				nameKana: 'ちよだく'
			}
		]);
	});

	it('rejects a bad check digit, naming the line and field', () => {
		expect(() => parseOrganizationsCsv(csv('141004,designated_city,14,横浜市,よこはまし'))).toThrow(
			/line 4, field code \("141004"\).*check digit/
		);
	});

	it('rejects an unknown kind, naming the line and field', () => {
		expect(() => parseOrganizationsCsv(csv('141003,metropolis,14,横浜市,よこはまし'))).toThrow(
			/line 4, field kind \("metropolis"\)/
		);
	});

	it('rejects a prefecture_code that disagrees with the code, naming the line and field', () => {
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,13,横浜市,よこはまし'))).toThrow(
			/line 4, field prefecture_code \("13"\).*141003/
		);
	});

	it('rejects a prefecture_code outside 01..47', () => {
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,48,横浜市,よこはまし'))).toThrow(
			/line 4, field prefecture_code/
		);
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,1,横浜市,よこはまし'))).toThrow(
			/line 4, field prefecture_code/
		);
	});

	it('rejects empty names and non-hiragana readings', () => {
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,14,,よこはまし'))).toThrow(
			/line 4, field name \(""\)/
		);
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,14,横浜市,ヨコハマシ'))).toThrow(
			/line 4, field name_kana/
		);
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,14,横浜市,'))).toThrow(
			/line 4, field name_kana/
		);
	});

	it('rejects a duplicate code, naming both lines', () => {
		expect(() => parseOrganizationsCsv(csv('011002,designated_city,01,札幌市,さっぽろし'))).toThrow(
			/line 4, field code .*duplicate of line 3/
		);
	});

	it('rejects a wrong header, a short row and an empty file', () => {
		expect(() =>
			parseOrganizationsCsv(
				'code,kind,prefecture,name,name_kana\n010006,prefecture,01,北海道,ほっかいどう\n'
			)
		).toThrow(/line 1: header/);
		expect(() => parseOrganizationsCsv(csv('141003,designated_city,14,横浜市'))).toThrow(/line 4/);
		expect(() => parseOrganizationsCsv(HEADER + '\n')).toThrow(/no data rows/);
	});
});
