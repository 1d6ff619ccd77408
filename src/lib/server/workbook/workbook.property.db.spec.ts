// Property test (issue 11 §6): the 回答様式 import fed generated hostile workbooks, built from the
// real export of Tokyo's form: bytes flipped, cut, inserted and spliced; the zip's directory
// fields rewritten (counts, offsets, sizes, methods, names); entries removed, renamed, replaced
// by garbage, by XML entity bombs and external entities, by contents that unpack far beyond the
// limit; and cells of every sheet (the hidden `_kairan` sheet too) set to hostile strings, odd
// numbers, dates, formulas, rich text, errors — or sheets removed and renamed. Through the real
// module on a real database (SQLite, or PostgreSQL with `npm run test:pg`).
//
// Properties: every import is either accepted or refused with a list of problems or a
// UserError, each with a message — never any other error; a refused file changes nothing (the
// department's responses and submissions are as before); afterwards the same reference files get
// the same answers as before the run.
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { longString, oddString, PROTOTYPE_NAMES } from '../../../../tests/properties/hostile.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError } from '../errors.ts';
import { buildResponseWorkbook } from './export.ts';
import { importResponseWorkbook } from './import.ts';

const RUNS = Number(process.env.KAIRAN_WORKBOOK_RUNS ?? 620);
const now = new Date('2024-10-20T10:00:00+09:00');

let env: TestDatabase;
let tokyo: SessionUser;
let noticeId: string;
let otherDepartment: string;
/** Tokyo's form as exported (nothing answered) and as a person fills it in (valid). */
let blank: Uint8Array;
let filled: Uint8Array;

async function fill(bytes: Uint8Array) {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes.buffer.slice(0) as ArrayBuffer);
	const sheet = (n: number) => workbook.getWorksheet(`記${n}`)!;
	sheet(1).getCell('B2').value = '実施済み';
	sheet(1).getCell('B3').value = new Date(Date.UTC(2024, 9, 15));
	sheet(1).getCell('B4').value = 12;
	sheet(1).getCell('B5').value = 'はい';
	for (let r = 2; r < 30; r++) sheet(2).getRow(r).values = [];
	sheet(2).getRow(2).values = ['都立病院', '', '渋谷区', '産婦人科', 'はい', '', '', '', '窓口'];
	for (let r = 2; r < 30; r++) sheet(3).getRow(r).values = [];
	sheet(3).getRow(2).values = ['令和6年9月30日', '福祉局', '連携', '継続'];
	sheet(4).getCell('B2').value = '令和6年度';
	for (let r = 5; sheet(4).getCell(r, 1).value; r++) {
		// 計画額 and 実績額 follow the line's name (the template's columns).
		sheet(4).getCell(r, 2).value = 1000 * (r - 4);
		sheet(4).getCell(r, 3).value = 900 * (r - 4);
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
	env = await createDemoDatabase();
	tokyo = await sessionUserFor(env.db, 'tokyo.health@example.jp');
	noticeId = (await env.db.notice.findFirstOrThrow()).id;
	otherDepartment = (await sessionUserFor(env.db, 'setagaya.health@example.jp')).departmentId!;
	blank = (await buildResponseWorkbook(env.db, tokyo, noticeId, now)).bytes;
	filled = await fill(blank);
	const zip = await JSZip.loadAsync(filled);
	zip.file('xl/worksheets/sheet2.xml', '<row/>'.repeat(5_000_000));
	bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
});

afterAll(async () => {
	await env?.cleanup();
});

/** Tokyo's responses and submissions as stored: what a refused file must leave alone. */
const stored = async () =>
	JSON.stringify([
		await env.db.response.findMany({
			where: { recipient: { noticeId, departmentId: tokyo.departmentId! } },
			orderBy: { responseItemId: 'asc' },
			select: { responseItemId: true, revision: true, status: true, data: true, updatedAt: true }
		}),
		await env.db.responseSubmission.count(),
		await env.db.medicalInstitution.count()
	]);

// ---- byte level ------------------------------------------------------------------------------
const byteMutation = fc
	.tuple(
		fc.constantFrom('blank', 'filled'),
		fc.array(
			fc.oneof(
				fc.record({ flip: fc.nat(), to: fc.integer({ min: 0, max: 255 }) }),
				fc.record({ cut: fc.nat() }),
				fc.record({ insert: fc.nat(), bytes: fc.uint8Array({ maxLength: 64 }) }),
				fc.record({ splice: fc.nat(), from: fc.nat(), length: fc.nat({ max: 4096 }) })
			),
			{ minLength: 1, maxLength: 6 }
		)
	)
	.map(([base, ops]) => ({ kind: 'bytes' as const, base, ops }));

function applyBytes(
	source: Uint8Array,
	ops: (typeof byteMutation extends fc.Arbitrary<infer T> ? T : never)['ops']
) {
	let b = Buffer.from(source);
	for (const op of ops) {
		if (b.length === 0) break;
		if ('flip' in op) b[op.flip % b.length] = op.to;
		else if ('cut' in op) b = b.subarray(0, op.cut % b.length);
		else if ('insert' in op) {
			const at = op.insert % b.length;
			b = Buffer.concat([b.subarray(0, at), op.bytes, b.subarray(at)]);
		} else {
			const from = op.from % b.length;
			const piece = Buffer.from(b.subarray(from, from + op.length));
			const at = op.splice % b.length;
			b = Buffer.concat([b.subarray(0, at), piece, b.subarray(at + piece.length)]);
		}
	}
	return new Uint8Array(b);
}

// ---- zip directory level --------------------------------------------------------------------
const ZIP_FIELDS = [
	['eocd', 8, 2], // entries on this disk
	['eocd', 10, 2], // entries in total
	['eocd', 12, 4], // directory size
	['eocd', 16, 4], // directory offset
	['entry', 8, 2], // flags (encryption, data descriptor)
	['entry', 10, 2], // compression method
	['entry', 20, 4], // compressed size
	['entry', 24, 4], // uncompressed size
	['entry', 28, 2], // name length
	['entry', 30, 2], // extra length
	['entry', 42, 4], // local header offset
	['local', 8, 2], // local compression method
	['local', 18, 4], // local compressed size
	['local', 26, 2] // local name length
] as const;

const zipMutation = fc
	.array(
		fc.record({
			field: fc.nat({ max: ZIP_FIELDS.length - 1 }),
			entry: fc.nat({ max: 40 }),
			value: fc.oneof(
				fc.constantFrom(0, 1, 8, 12, 99, 0xffff, 0xffffffff, 0x7fffffff),
				fc.nat({ max: 0xffffffff })
			)
		}),
		{ minLength: 1, maxLength: 4 }
	)
	.map((ops) => ({ kind: 'zip' as const, ops }));

function applyZip(source: Uint8Array, ops: { field: number; entry: number; value: number }[]) {
	const b = Buffer.from(source);
	const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	const entries: number[] = [];
	for (let at = b.readUInt32LE(eocd + 16), n = 0; n < b.readUInt16LE(eocd + 10); n++) {
		entries.push(at);
		at += 46 + b.readUInt16LE(at + 28) + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
	}
	for (const op of ops) {
		const [where, offset, size] = ZIP_FIELDS[op.field];
		const entry = entries[op.entry % entries.length];
		const base = where === 'eocd' ? eocd : where === 'entry' ? entry : b.readUInt32LE(entry + 42);
		if (base + offset + size > b.length) continue;
		if (size === 2) b.writeUInt16LE(op.value & 0xffff, base + offset);
		else b.writeUInt32LE(op.value >>> 0, base + offset);
	}
	return new Uint8Array(b);
}

// ---- zip entry level -------------------------------------------------------------------------
const BOMB =
	'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&f;</t></si></sst>';
const XXE =
	'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&e;</t></si></sst>';

const entryContent = fc.oneof(
	{ weight: 3, arbitrary: fc.uint8Array({ maxLength: 512 }) },
	{
		weight: 2,
		arbitrary: fc.constantFrom(BOMB, XXE, '', '<', '<?xml version="1.0"?><worksheet/>')
	},
	{ weight: 2, arbitrary: oddString(200).map((s) => `<?xml version="1.0"?><x a="${s}">${s}</x>`) }
);

const entryMutation = fc
	.tuple(
		fc.constantFrom('blank', 'filled'),
		fc.array(
			fc.oneof(
				fc.record({ remove: fc.nat() }),
				fc.record({ replace: fc.nat(), content: entryContent }),
				fc.record({
					rename: fc.nat(),
					to: fc.oneof(oddString(20), fc.constantFrom(...PROTOTYPE_NAMES))
				}),
				fc.record({
					add: fc.oneof(oddString(20), fc.constant('xl/worksheets/sheet1.xml')),
					content: entryContent
				})
			),
			{ minLength: 1, maxLength: 3 }
		),
		fc.constantFrom('STORE', 'DEFLATE')
	)
	.map(([base, ops, compression]) => ({ kind: 'entries' as const, base, ops, compression }));

async function applyEntries(
	source: Uint8Array,
	ops: (typeof entryMutation extends fc.Arbitrary<infer T> ? T : never)['ops'],
	compression: 'STORE' | 'DEFLATE'
) {
	const zip = await JSZip.loadAsync(source);
	for (const op of ops) {
		const names = Object.keys(zip.files);
		if ('remove' in op) zip.remove(names[op.remove % names.length]);
		else if ('replace' in op) zip.file(names[op.replace % names.length], op.content);
		else if ('rename' in op) {
			const name = names[op.rename % names.length];
			const content = await zip.file(name)?.async('uint8array');
			zip.remove(name);
			if (content && op.to) zip.file(op.to, content);
		} else if (op.add) zip.file(op.add, op.content);
	}
	return zip.generateAsync({ type: 'uint8array', compression });
}

// ---- cell level ------------------------------------------------------------------------------
const cellValue = fc.oneof(
	{ weight: 4, arbitrary: oddString(40) },
	{ weight: 1, arbitrary: longString },
	{ weight: 2, arbitrary: fc.double() },
	{ weight: 1, arbitrary: fc.constantFrom(0, -1, 1e308, 2 ** 53 + 1, 4294967296) },
	{
		weight: 1,
		arbitrary: fc.date({
			min: new Date(-8.64e15 + 1),
			max: new Date(8.64e15 - 1),
			noInvalidDate: true
		})
	},
	{ weight: 1, arbitrary: fc.boolean() },
	{ weight: 1, arbitrary: oddString(20).map((s) => ({ formula: `"${s}"&A1`, result: s })) },
	{
		weight: 1,
		arbitrary: oddString(20).map((s) => ({
			richText: [{ text: s }, { text: s, font: { bold: true } }]
		}))
	},
	{
		weight: 1,
		arbitrary: fc.constantFrom({ error: '#N/A' }, { error: '#REF!' }, { error: '#DIV/0!' })
	},
	{
		weight: 1,
		arbitrary: oddString(10).map((s) => ({ text: s, hyperlink: 'javascript:alert(1)' }))
	},
	{
		weight: 1,
		arbitrary: fc.constantFrom('はい', 'いいえ', '実施済み', '令和6年度', '産婦人科、救急科', '')
	},
	{ weight: 1, arbitrary: fc.constant(null) }
);

const cellMutation = fc
	.tuple(
		fc.constantFrom('blank', 'filled', 'filled', 'filled'),
		fc.array(
			fc.oneof(
				{
					weight: 8,
					arbitrary: fc.record({
						sheet: fc.constantFrom('記1', '記2', '記3', '記4', '_kairan'),
						row: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 2000 })),
						column: fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 300 })),
						value: cellValue
					})
				},
				{
					weight: 1,
					arbitrary: fc.record({
						meta: fc.constantFrom('noticeId', 'departmentId', 'format'),
						value: fc.oneof(
							oddString(30),
							fc.constantFrom('other-notice', 'other-department', ...PROTOTYPE_NAMES)
						)
					})
				},
				{
					weight: 1,
					arbitrary: fc.record({
						removeSheet: fc.constantFrom('記1', '記2', '記3', '記4', '_kairan')
					})
				},
				{
					weight: 1,
					arbitrary: fc.record({
						renameSheet: fc.constantFrom('記1', '記2', '記3', '記4', '_kairan'),
						to: fc.oneof(fc.constantFrom('記1', '記9', 'Sheet1', '_kairan'), oddString(10))
					})
				}
			),
			{ minLength: 1, maxLength: 5 }
		)
	)
	.map(([base, ops]) => ({ kind: 'cells' as const, base, ops }));

/**
 * Applies the cell edits, with the `_kairan` revisions brought up to date so that a file whose
 * cells happen to be valid is accepted (and so reaches the database with what it carries).
 */
async function applyCells(
	source: Uint8Array,
	ops: (typeof cellMutation extends fc.Arbitrary<infer T> ? T : never)['ops']
): Promise<Uint8Array | null> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(source.buffer.slice(0) as ArrayBuffer);
	const revisions = new Map(
		(
			await env.db.response.findMany({
				where: { recipient: { noticeId, departmentId: tokyo.departmentId! } },
				select: { responseItemId: true, revision: true }
			})
		).map((r) => [r.responseItemId, r.revision])
	);
	workbook.getWorksheet('_kairan')?.eachRow((row) => {
		if (row.getCell(1).value === 'item')
			row.getCell(5).value = revisions.get(String(row.getCell(2).value)) ?? 0;
	});
	for (const op of ops) {
		if ('meta' in op) {
			const value =
				op.value === 'other-notice'
					? 'cm0000000000000000000000'
					: op.value === 'other-department'
						? otherDepartment
						: op.value;
			workbook.getWorksheet('_kairan')?.eachRow((row) => {
				if (row.getCell(1).value === op.meta) row.getCell(2).value = value;
			});
		} else if ('removeSheet' in op) {
			const sheet = workbook.getWorksheet(op.removeSheet);
			if (sheet) workbook.removeWorksheet(sheet.id);
		} else if ('renameSheet' in op) {
			const sheet = workbook.getWorksheet(op.renameSheet);
			try {
				if (sheet) sheet.name = op.to.slice(0, 31);
			} catch {
				return null; // a name ExcelJS itself refuses to give a sheet: not an input
			}
		} else {
			const sheet = workbook.getWorksheet(op.sheet);
			if (sheet) sheet.getCell(op.row, op.column).value = op.value as ExcelJS.CellValue;
		}
	}
	try {
		return new Uint8Array(await workbook.xlsx.writeBuffer());
	} catch {
		// ExcelJS itself cannot write this workbook (a sheet name it refuses): not an input.
		return null;
	}
}

/** Small on the wire, 30 MB inside (a sheet of empty rows): built once, mutated like the others. */
let bomb: Uint8Array;
const bombMutation = fc
	.array(fc.record({ flip: fc.nat(), to: fc.integer({ min: 0, max: 255 }) }), { maxLength: 2 })
	.map((ops) => ({ kind: 'bomb' as const, ops }));

const hostileWorkbook = fc.oneof(
	{ weight: 1, arbitrary: bombMutation },
	{ weight: 4, arbitrary: byteMutation },
	{ weight: 2, arbitrary: zipMutation },
	{ weight: 2, arbitrary: entryMutation },
	{ weight: 3, arbitrary: cellMutation }
);

async function bytesOf(input: typeof hostileWorkbook extends fc.Arbitrary<infer T> ? T : never) {
	switch (input.kind) {
		case 'bytes':
			return applyBytes(input.base === 'blank' ? blank : filled, input.ops);
		case 'zip':
			return applyZip(filled, input.ops);
		case 'entries':
			return applyEntries(input.base === 'blank' ? blank : filled, input.ops, input.compression);
		case 'bomb':
			return applyBytes(bomb, input.ops);
		case 'cells':
			return applyCells(input.base === 'blank' ? blank : filled, input.ops);
	}
}

/** Files whose answers must be the same before and after the run. */
const referenceAnswers = async () =>
	JSON.stringify(
		await Promise.all(
			[blank, filled.subarray(0, 1000), new Uint8Array([0x50, 0x4b, 3, 4]), new Uint8Array(0)].map(
				(b) =>
					importResponseWorkbook(env.db, tokyo, noticeId, b, now).catch((e: Error) => e.message)
			)
		)
	);

test('hostile 回答様式 files are accepted or refused with a message, and change nothing when refused', async () => {
	const before = await referenceAnswers();
	let generated = 0;
	const outcomes: Record<string, number> = {};
	const count = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);
	await fc.assert(
		fc.asyncProperty(hostileWorkbook, async (input) => {
			const bytes = await bytesOf(input);
			if (bytes === null) return;
			generated++;
			const state = await stored();
			let result: Awaited<ReturnType<typeof importResponseWorkbook>> | null = null;
			let error: unknown = null;
			try {
				result = await importResponseWorkbook(env.db, tokyo, noticeId, bytes, now);
			} catch (e) {
				error = e;
			}
			if (result?.ok) {
				count('accepted');
				return;
			}
			if (error !== null) {
				expect(error, String((error as Error)?.stack)).toBeInstanceOf(UserError);
				expect((error as UserError).message.trim()).not.toBe('');
				count(`refused ${(error as UserError).status}`);
			} else {
				expect(result!.ok).toBe(false);
				const errors = (result as { errors: { message: string }[] }).errors;
				expect(errors.length).toBeGreaterThan(0);
				for (const e of errors) expect(e.message.trim()).not.toBe('');
				count(`refused ${input.kind}`);
			}
			expect(await stored()).toBe(state);
		}),
		{ numRuns: RUNS }
	);
	expect(await referenceAnswers()).toBe(before);
	// Both outcomes are reached: the property does not hold for lack of trying.
	expect(outcomes.accepted ?? 0).toBeGreaterThan(0);
	expect(generated).toBeGreaterThan(RUNS * 0.9);
	console.log(
		`回答様式 import: ${generated} hostile workbooks generated, ${JSON.stringify(outcomes)}`
	);
}, 600_000);

test('a text cell holding NUL (_x0000_ in the file) is refused with its place, not a crash on PostgreSQL', async () => {
	const current = (await applyCells(filled, []))!;
	const zip = await JSZip.loadAsync(current);
	const strings = await zip.file('xl/sharedStrings.xml')!.async('string');
	expect(strings).toContain('都立病院');
	zip.file('xl/sharedStrings.xml', strings.replace('都立病院', '都立_x0000_病院'));
	const state = await stored();
	const result = await importResponseWorkbook(
		env.db,
		tokyo,
		noticeId,
		await zip.generateAsync({ type: 'uint8array' }),
		now
	);
	expect(result.ok).toBe(false);
	expect(JSON.stringify(result)).toContain('NUL');
	expect(await stored()).toBe(state);
	// The same file without it is accepted: the refusal is the NUL's.
	expect(await importResponseWorkbook(env.db, tokyo, noticeId, current, now)).toMatchObject({
		ok: true
	});
});
