// The demo notice: a faithful transcription of the 事務連絡 of 令和6年10月8日
// (prisma/data/demo/notice-2024-10-08.json) with its four attachments as PDFs.
import { z } from 'zod';
import seedJson from '../../../../prisma/data/demo/notice-2024-10-08.json';
import {
	NOTICE_TYPES,
	RESPONSE_ITEM_KINDS,
	contactSchema,
	noticeItemSchema,
	referenceSchema
} from '../../domain/notices.ts';
import { functionCodeSchema } from '../../domain/departments.ts';

const seedSchema = z.object({
	noticeType: z.enum(NOTICE_TYPES),
	title: z.string().min(1),
	documentNumber: z.string().nullable(),
	issuedOn: z.iso.date(),
	issuers: z.array(z.object({ organization: z.string(), department: z.string() })).min(1),
	addresseeLines: z.array(z.string().min(1)).min(1),
	preamble: z.string().min(1),
	items: z.array(noticeItemSchema).min(1),
	contacts: z.array(contactSchema),
	references: z.array(referenceSchema),
	attachments: z.array(z.object({ label: z.string(), title: z.string(), file: z.string() })),
	responseItems: z.array(
		z.object({
			number: z.number().int(),
			kind: z.enum(RESPONSE_ITEM_KINDS),
			title: z.string(),
			functions: z.array(functionCodeSchema),
			description: z.string().optional()
		})
	)
});

export type SeedNotice = z.infer<typeof seedSchema>;

export function seedNotice(): SeedNotice {
	return seedSchema.parse(seedJson);
}

/** The attachment PDFs ship in the repository; demo mode runs from a clone. */
export const DEMO_ATTACHMENTS_DIR = 'prisma/data/demo/attachments';
