/**
 * 全国地方公共団体コード (JIS X 0401 prefecture + JIS X 0402 municipality + check digit) and the
 * kinds of body a health notice is addressed to. Pure functions only: the runtime loader and the
 * dev-time generator both validate with these, so they must not depend on I/O.
 */

/** Weights applied to the first five digits, per the 総務省 definition of the check digit. */
const WEIGHTS = [6, 5, 4, 3, 2] as const;

/**
 * Check digit for the first five digits of a 全国地方公共団体コード: the last digit of
 * (11 − weighted sum mod 11), so remainder 1 gives 0 and remainder 0 gives 1 (11 → 1, 10 → 0).
 */
export function checkDigit(firstFive: string): number {
	if (!/^[0-9]{5}$/.test(firstFive)) {
		throw new Error(
			`checkDigit expects exactly five ASCII digits, got ${JSON.stringify(firstFive)}`
		);
	}
	let sum = 0;
	for (let i = 0; i < 5; i++) sum += Number(firstFive[i]) * WEIGHTS[i];
	return (11 - (sum % 11)) % 10;
}

/** Exactly six ASCII digits (not full-width, no sign or spaces) whose sixth is the check digit. */
export function isValidLocalGovernmentCode(code: string): boolean {
	if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) return false;
	return checkDigit(code.slice(0, 5)) === Number(code[5]);
}

/** JIS X 0401 prefecture code ('01'..'47'): the first two digits of a 全国地方公共団体コード. */
export function prefectureCodeOf(code: string): string {
	if (!/^[0-9]{6}$/.test(code)) {
		throw new Error(`Not a 6-digit local government code: ${JSON.stringify(code)}`);
	}
	return code.slice(0, 2);
}

/**
 * Kinds of local government. The first five run a 保健所 and so receive health notices directly:
 * prefectures, and the cities/wards that run their own (地域保健法 第5条). The other cities,
 * towns and villages (市・町・村) are reached by prefectures forwarding notices to them.
 */
export type BodyKind =
	| 'prefecture'
	| 'designated_city'
	| 'core_city'
	| 'other_health_center_city'
	| 'special_ward'
	| 'city'
	| 'town'
	| 'village';

// A readonly tuple (not BodyKind[]) so that zod's z.enum can take it directly.
export const BODY_KINDS = [
	'prefecture',
	'designated_city',
	'core_city',
	'other_health_center_city',
	'special_ward',
	'city',
	'town',
	'village'
] as const satisfies readonly BodyKind[];

/** The kinds that run a 保健所 (地域保健法 第5条): the bodies health notices are addressed to. */
export const HEALTH_CENTER_BODY_KINDS = [
	'prefecture',
	'designated_city',
	'core_city',
	'other_health_center_city',
	'special_ward'
] as const satisfies readonly BodyKind[];

export function runsHealthCenter(kind: string): boolean {
	return (HEALTH_CENTER_BODY_KINDS as readonly string[]).includes(kind);
}

export const BODY_KIND_LABELS: Record<BodyKind, { ja: string; en: string }> = {
	prefecture: { ja: '都道府県', en: 'Prefecture' },
	designated_city: { ja: '政令指定都市', en: 'Designated city' },
	core_city: { ja: '中核市', en: 'Core city' },
	other_health_center_city: {
		ja: 'その他の保健所設置市',
		en: 'Other city with a health center'
	},
	special_ward: { ja: '特別区', en: 'Special ward' },
	city: { ja: '市（保健所設置市を除く）', en: 'City (without a health center)' },
	town: { ja: '町', en: 'Town' },
	village: { ja: '村', en: 'Village' }
};

export function isBodyKind(value: unknown): value is BodyKind {
	return typeof value === 'string' && (BODY_KINDS as readonly string[]).includes(value);
}

/**
 * A reading as the source gives it: hiragana (including ゝゞ) and ー, words separated by single
 * spaces. Katakana or romaji would break kana sorting and search, so they are rejected.
 */
export function isHiraganaReading(value: string): boolean {
	return /^[\u3041-\u3096\u309D\u309Eー]+(?: [\u3041-\u3096\u309D\u309Eー]+)*$/.test(value);
}
