// file: a reference to a file the department uploaded with its answer. The domain knows only
// the shape; the bytes are checked on the server (src/lib/server/uploads/validate.ts: type from
// the content, extension agreeing with it, size) before an id is ever handed out.
import { z } from 'zod';
import { accept, fieldBaseShape, refuse, type FieldBase, type FieldType } from './base.ts';

/** The ceiling of the attachment checks (MAX_ATTACHMENT_BYTES): 20 MB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const fileFieldSchema = z.object({
	...fieldBaseShape,
	type: z.literal('file'),
	/** Extensions accepted, without the dot (empty: whatever the attachment checks accept). */
	extensions: z
		.array(
			z.string().regex(/^[a-z0-9]{1,8}$/, '拡張子は英小文字と数字（8文字まで）で書いてください。')
		)
		.max(20)
		.default([]),
	maxBytes: z.number().int().min(1).max(MAX_FILE_BYTES).default(MAX_FILE_BYTES)
});
export type FileField = FieldBase & { type: 'file'; extensions: string[]; maxBytes: number };

/** What an answer stores for a file: the stored upload's id, its name and size. */
export type FileRef = { fileId: string; name: string; size: number };

const fileRefSchema = z.object({
	fileId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
	name: z.string().trim().min(1).max(200),
	size: z.number().int().min(0)
});

const extensionOf = (name: string) =>
	name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';

export const file: FieldType<FileField, FileRef> = {
	parse(def, raw) {
		if (raw === undefined || raw === null || raw === '') return accept(undefined);
		const ref = fileRefSchema.safeParse(raw);
		if (!ref.success) return refuse(`${def.label}のファイルの指定が正しくありません。`);
		const { fileId, name, size } = ref.data;
		if (def.extensions.length > 0 && !def.extensions.includes(extensionOf(name)))
			return refuse(
				`${def.label}は ${def.extensions.map((e) => `.${e}`).join(' ')} のファイルにしてください。`
			);
		if (size > def.maxBytes)
			return refuse(
				`${def.label}のファイルが大きすぎます（${Math.ceil(def.maxBytes / 1024 / 1024)} MB まで）。`
			);
		return accept({ fileId, name, size });
	},
	isEmpty: (v) => v === undefined,
	describe: (_def, v) => v?.name ?? ''
};
