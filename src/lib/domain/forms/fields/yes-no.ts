// yes_no: はい / いいえ, stored as true / false. As a checkbox (24時間受入れ) an absent value is
// false, as a form posts an unticked box; as a question an absent value is unanswered.
import { z } from 'zod';
import { accept, fieldBaseShape, isBlank, refuse, type FieldBase, type FieldType } from './base.ts';

export const yesNoFieldSchema = z.object({
	...fieldBaseShape,
	type: z.literal('yes_no'),
	checkbox: z.boolean().default(false)
});
export type YesNoField = FieldBase & { type: 'yes_no'; checkbox: boolean };

const YES = new Set<unknown>([true, 'true', 'on', '1', 'yes', 'はい']);
const NO = new Set<unknown>([false, 'false', 'off', '0', 'no', 'いいえ']);

export const yesNo: FieldType<YesNoField, boolean> = {
	parse(def, raw) {
		if (YES.has(raw)) return accept(true);
		if (NO.has(raw)) return accept(false);
		if (isBlank(raw)) return accept(def.checkbox ? false : undefined);
		return refuse(`${def.label}の値が正しくありません。`);
	},
	// A required checkbox is one that must be ticked (「内容を確認しました」).
	isEmpty: (v) => v === undefined,
	complete: (def, v, ctx) =>
		def.checkbox && ctx.required && !v
			? [{ path: '', message: def.requiredMessage ?? `${def.label}にチェックしてください。` }]
			: [],
	describe: (_def, v) => (v === undefined ? '' : v ? 'はい' : 'いいえ')
};
