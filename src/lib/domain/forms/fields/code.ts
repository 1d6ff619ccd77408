// code: an identifier with a check, chosen from a fixed list of named checks (an uploaded
// definition cannot bring its own pattern: no regular expression from outside ever runs).
import { z } from 'zod';
import { isValidLocalGovernmentCode } from '../../local-government-code.ts';
import { accept, fieldBaseShape, refuse, type FieldBase, type FieldType } from './base.ts';

type CodeCheck = {
	label: string;
	/** The code as stored: digits only. */
	test: (digits: string) => boolean;
	message: (label: string) => string;
};

export const CODE_CHECKS = {
	/** 医療機関コード: 都道府県2桁 + 点数表1桁 + 7桁. Only digits and length are checked. */
	medical_institution_code: {
		label: '医療機関コード',
		test: (d) => /^\d{10}$/.test(d),
		message: (label) => `${label}は10桁の数字で入力してください（都道府県2桁・点数表1桁・7桁）。`
	},
	/** 全国地方公共団体コード: 6 digits, the last a mod-11 check digit. */
	local_government_code: {
		label: '全国地方公共団体コード',
		test: (d) => /^\d{6}$/.test(d) && isValidLocalGovernmentCode(d),
		message: (label) => `${label}は検査数字の合った6桁の数字で入力してください。`
	},
	/** 郵便番号: 7 digits (〒123-4567). */
	postal_code: {
		label: '郵便番号',
		test: (d) => /^\d{7}$/.test(d),
		message: (label) => `${label}は7桁の数字で入力してください（例：100-8916）。`
	}
} as const satisfies Record<string, CodeCheck>;
export type CodeCheckName = keyof typeof CODE_CHECKS;
export const CODE_CHECK_NAMES = Object.keys(CODE_CHECKS) as [CodeCheckName, ...CodeCheckName[]];

export const codeFieldSchema = z.object({
	...fieldBaseShape,
	type: z.literal('code'),
	check: z.enum(CODE_CHECK_NAMES)
});
export type CodeField = FieldBase & { type: 'code'; check: CodeCheckName };

export const code: FieldType<CodeField, string> = {
	parse(def, raw) {
		if (raw === undefined || raw === null) return accept(undefined);
		const check = CODE_CHECKS[def.check];
		const digits =
			(typeof raw === 'string' && raw.length <= 40) || typeof raw === 'number'
				? String(raw)
						.normalize('NFKC')
						.replace(/[\s\-‐−〒]/g, '')
				: null;
		if (digits === '') return accept(undefined);
		if (digits !== null && check.test(digits)) return accept(digits);
		return refuse(check.message(def.label));
	},
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => v ?? ''
};
