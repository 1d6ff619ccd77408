import { describe, expect, it } from 'vitest';
import {
	BODY_KINDS,
	runsHealthCenter,
	BODY_KIND_LABELS,
	checkDigit,
	isBodyKind,
	isHiraganaReading,
	isValidLocalGovernmentCode,
	prefectureCodeOf
} from './local-government-code.ts';

describe('checkDigit', () => {
	it.each([
		['01100', 2], // 札幌市: sum 9, remainder 9 → 2
		['01101', 1], // 札幌市中央区: sum 11, remainder 0 → 1
		['01213', 1], // 苫小牧市: sum 22, remainder 0 → 1
		['13101', 6], // 千代田区
		['14100', 3], // 横浜市
		['01000', 6], // 北海道
		['09000', 0], // 栃木県: sum 45, remainder 1 → 0
		['42000', 0], // 長崎県: sum 34, remainder 1 → 0
		['13112', 1] // 世田谷区
	])('checkDigit(%s) = %i', (firstFive, expected) => {
		expect(checkDigit(firstFive)).toBe(expected);
	});

	it.each(['0110', '011000', '0110a', '０１１００', ''])('rejects %j', (bad) => {
		expect(() => checkDigit(bad)).toThrow(/five ASCII digits/);
	});
});

describe('isValidLocalGovernmentCode', () => {
	it.each([
		'011002',
		'011011',
		'012131',
		'131016',
		'141003',
		'010006',
		'090000',
		'470007',
		'131237'
	])('accepts %s', (code) => {
		expect(isValidLocalGovernmentCode(code)).toBe(true);
	});

	it.each([
		'011003', // 札幌市 with the wrong check digit
		'011010', // remainder 0 must give 1, not 0
		'090001', // remainder 1 must give 0, not 1
		'131017',
		'141000',
		'10006', // prefecture code with its leading zero dropped, as in prefjp
		'0110020',
		'01100',
		'',
		'01100２', // full-width digit
		'０１１００２',
		' 011002',
		'011002 ',
		'01-002',
		'+11002',
		'abcdef'
	])('rejects %j', (code) => {
		expect(isValidLocalGovernmentCode(code)).toBe(false);
	});

	it('accepts exactly one check digit for each prefix from 13000 to 13999', () => {
		let valid = 0;
		for (let n = 13000; n < 14000; n++) {
			const five = String(n).padStart(5, '0');
			for (let d = 0; d <= 9; d++) {
				if (isValidLocalGovernmentCode(five + d)) valid++;
			}
		}
		// Exactly one check digit per prefix.
		expect(valid).toBe(1000);
	});
});

describe('prefectureCodeOf', () => {
	it('returns the first two digits', () => {
		expect(prefectureCodeOf('011002')).toBe('01');
		expect(prefectureCodeOf('131016')).toBe('13');
		expect(prefectureCodeOf('470007')).toBe('47');
	});

	it('rejects non-codes', () => {
		expect(() => prefectureCodeOf('10006')).toThrow();
		expect(() => prefectureCodeOf('abcdef')).toThrow();
	});
});

describe('BODY_KINDS', () => {
	it('lists the eight kinds, each with labels, the first five running a 保健所', () => {
		expect([...BODY_KINDS]).toEqual([
			'prefecture',
			'designated_city',
			'core_city',
			'other_health_center_city',
			'special_ward',
			'city',
			'town',
			'village'
		]);
		expect(BODY_KINDS.filter(runsHealthCenter)).toEqual(BODY_KINDS.slice(0, 5));
		expect(BODY_KIND_LABELS.prefecture.ja).toBe('都道府県');
		expect(BODY_KIND_LABELS.designated_city.ja).toBe('政令指定都市');
		expect(BODY_KIND_LABELS.core_city.ja).toBe('中核市');
		expect(BODY_KIND_LABELS.other_health_center_city.ja).toBe('その他の保健所設置市');
		expect(BODY_KIND_LABELS.special_ward.ja).toBe('特別区');
		expect(Object.keys(BODY_KIND_LABELS).sort()).toEqual([...BODY_KINDS].sort());
	});

	it('isBodyKind accepts only the eight', () => {
		for (const kind of BODY_KINDS) expect(isBodyKind(kind)).toBe(true);
		expect(isBodyKind('ministry')).toBe(false);
		expect(isBodyKind('ward')).toBe(false);
		expect(isBodyKind('Prefecture')).toBe(false);
		expect(isBodyKind(undefined)).toBe(false);
	});
});

describe('isHiraganaReading', () => {
	it.each(['ほっかいどう', 'ちがさきし', 'よこはまし ほどがやく', 'さっぽろし', 'ゝゞー'])(
		'accepts %j',
		(v) => {
			expect(isHiraganaReading(v)).toBe(true);
		}
	);

	it.each([
		'',
		' ',
		'チガサキシ',
		'chigasaki',
		'茅ヶ崎市',
		' ちがさきし',
		'ちがさきし ',
		'よこはまし  ほどがやく',
		'よこはまし\u3000ほどがやく'
	])('rejects %j', (v) => {
		expect(isHiraganaReading(v)).toBe(false);
	});
});
