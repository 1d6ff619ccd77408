// Property: whatever an issuer writes within the schema, a valid answer to it survives the
// 回答様式 — written into the workbook, saved as a file, read back and checked as a submission
// — unchanged. (The database round trip is custom-definition.db.spec.ts; this is the same
// export and import code without the transaction, so it can run over many definitions.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
	itemDefinitionSchema,
	validateAnswer,
	type Field,
	type ItemDefinition
} from '../../domain/forms/index.ts';
import { itemInputArb, validAnswerArb } from '../../domain/forms/property-arbitraries.ts';
import { isEntered, type Row } from '../../domain/forms/fields/table.ts';
import { writeResponseWorkbook } from './export.ts';
import { parseResponseWorkbook } from './import.ts';

const today = '2024-11-01';

/**
 * What an XLSX cannot hold is left out of the generated text: XML 1.0 has no control
 * characters or lone surrogates, and `_xHHHH_` is how the format escapes them.
 */
const UNREPRESENTABLE =
	// eslint-disable-next-line no-control-regex -- these are exactly the characters to leave out
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-f]{4}_/i;
const representable = (v: unknown): boolean =>
	typeof v === 'string'
		? !UNREPRESENTABLE.test(v)
		: Array.isArray(v)
			? v.every(representable)
			: typeof v === 'object' && v !== null
				? Object.values(v).every(representable)
				: true;

/** A table's file columns are attached on screen, never in the sheet (nor can they be kept). */
const hasFileColumn = (item: ItemDefinition) =>
	item.fields.some((f: Field) => f.type === 'table' && f.columns.some((c) => c.type === 'file'));

/** Several choices share a cell, separated by 「、」: labels that hold one cannot be told apart. */
const ambiguousChoices = (item: ItemDefinition) =>
	item.fields.some(
		(f) =>
			f.type === 'table' &&
			f.columns.some(
				(c) =>
					(c.type === 'multiple_choice' || c.type === 'single_choice') &&
					c.choices.some((ch) => ch.label.includes('、') || ch.label !== ch.label.trim())
			)
	);

const caseArb = itemInputArb()
	.map((input) => itemDefinitionSchema.parse(input))
	.filter((item) => !hasFileColumn(item) && !ambiguousChoices(item) && representable(item))
	.chain((item) => fc.tuple(fc.constant(item), validAnswerArb(item, today)))
	.map(([item, raw]) => {
		const checked = validateAnswer(item, raw, { mode: 'submit', today });
		if (!checked.ok) throw new Error(`generated answer refused: ${JSON.stringify(checked.errors)}`);
		return { item, stored: checked.value };
	})
	.filter(({ stored }) => representable(stored));

/**
 * What a sheet carries of a stored answer: a table's blank rows are no rows in a spreadsheet (and
 * no entries anywhere: domain/forms/fields/table.ts), so they do not come back.
 */
function asSheetCarries(item: ItemDefinition, stored: Record<string, unknown>) {
	const out: Record<string, unknown> = Object.assign(Object.create(null), stored);
	for (const f of item.fields)
		if (f.type === 'table' && Array.isArray(out[f.key]))
			out[f.key] = (out[f.key] as Row[]).filter(isEntered);
	return out;
}

describe('回答様式 of generated definitions', () => {
	it('round-trips every valid answer exactly', async () => {
		await fc.assert(
			fc.asyncProperty(caseArb, async ({ item, stored }) => {
				const json = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
				const bytes = await writeResponseWorkbook(
					[{ id: 'item-1', definition: item, data: json, revision: 3 }],
					{ noticeId: 'n1', departmentId: 'd1', title: '照会' },
					{ grantLines: [], startYear: 2024 }
				);
				// Saved again as a spreadsheet program would, then read as an upload.
				const workbook = new ExcelJS.Workbook();
				await workbook.xlsx.load(bytes.buffer.slice(0) as ArrayBuffer);
				const saved = new Uint8Array(await workbook.xlsx.writeBuffer());
				const parsed = await parseResponseWorkbook(saved, {
					noticeId: 'n1',
					departmentId: 'd1',
					items: [{ id: 'item-1', definition: item, current: json }],
					today
				});
				expect(parsed).toEqual({
					ok: true,
					responses: [{ itemId: 'item-1', data: asSheetCarries(item, stored), revision: 3 }]
				});
			}),
			{ numRuns: 40 }
		);
	}, 120_000);
});
