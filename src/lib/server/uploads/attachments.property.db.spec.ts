// Property test (issue 11 §6): thousands of generated hostile uploads — file names made of
// prototype names, control characters, bidi overrides, path traversal, very long or empty
// names; contents that are random, truncated or mutated files of every accepted type, magic
// numbers in front of garbage, compound files without their streams, text that is not UTF-8,
// empty and oversized files — attached to a draft through the real module on a real database
// (SQLite, or PostgreSQL with `npm run test:pg`).
//
// Properties: every upload is either stored (and then it is an allowed type whose name agrees
// with its content) or refused with a UserError carrying a message — never any other error; a
// refused upload changes nothing (no attachment row, no stored file); and afterwards the module
// answers the reference uploads exactly as it did before the run.
import fc from 'fast-check';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { oddString, PROTOTYPE_NAMES } from '../../../../tests/properties/hostile.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { addAttachment, createDraft } from '../notices/drafts.ts';
import { UserError } from '../errors.ts';
import { readForm } from '../http/form.ts';
import {
	ALLOWED_ATTACHMENT_EXTENSIONS,
	MAX_ATTACHMENT_BYTES,
	validateAttachmentUpload
} from './validate.ts';

const RUNS = Number(process.env.KAIRAN_UPLOAD_RUNS ?? 5_000);

let env: TestDatabase;
let mhlw: SessionUser;
let draftId: string;

beforeAll(async () => {
	env = await createDemoDatabase();
	mhlw = await sessionUserFor(env.db, 'mhlw.issuer@example.jp');
	draftId = await createDraft(env.db, mhlw, {
		noticeType: 'administrative_liaison',
		itemNumbering: 'full_width',
		correctionReason: null,
		title: '添付の試験',
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: null,
		addresseeLines: [],
		preamble: '',
		items: [],
		contacts: [],
		references: [],
		issuerDepartmentIds: [mhlw.departmentId!],
		rule: { bodyKinds: [], functions: [], include: [], exclude: [] }
	});
});

afterAll(async () => {
	await env?.cleanup();
});

const ascii = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
};
const utf16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));

/** Real beginnings of every accepted type (and of some refused ones). */
const SAMPLES: Record<string, Uint8Array> = {
	pdf: ascii('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
	png: new Uint8Array([
		0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82
	]),
	jpg: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1]),
	gif: ascii('GIF89a\x01\x00\x01\x00\x00\x00\x00;'),
	webp: ascii('RIFF\x24\x00\x00\x00WEBPVP8 '),
	zip: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0]),
	cfb: concat(
		new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
		new Uint8Array(504),
		utf16('WordDocument'),
		utf16('EncryptedPackage')
	),
	exe: ascii('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff'),
	elf: ascii('\x7fELF\x02\x01\x01'),
	html: ascii('<!DOCTYPE html><script>alert(1)</script>'),
	svg: ascii('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
	text: ascii('都道府県,件数\n東京都,3\n'),
	sjis: new Uint8Array([0x93, 0x8c, 0x8b, 0x9e, 0x93, 0x73, 0x2c, 0x33])
};

/** One file larger than the limit, shared by every run that picks it. */
let oversized: Uint8Array | null = null;
const tooLarge = () => (oversized ??= new Uint8Array(MAX_ATTACHMENT_BYTES + 1).fill(0x25));

const bytes = fc.oneof(
	{ weight: 3, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
	{
		weight: 5,
		arbitrary: fc
			.tuple(fc.constantFrom(...Object.values(SAMPLES)), fc.uint8Array({ maxLength: 1024 }))
			.map(([head, tail]) => concat(head, tail))
	},
	{
		// A sample with bytes changed, cut short or repeated.
		weight: 4,
		arbitrary: fc
			.tuple(
				fc.constantFrom(...Object.values(SAMPLES)),
				fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
				fc.nat({ max: 600 }),
				fc.integer({ min: 1, max: 3 })
			)
			.map(([sample, flips, cut, times]) => {
				const out = concat(...Array(times).fill(sample));
				for (const [at, b] of flips) out[at % out.length] = b;
				return out.subarray(0, Math.max(0, out.length - (cut % out.length)));
			})
	},
	{ weight: 2, arbitrary: oddString(200).map((s) => new TextEncoder().encode(s)) },
	{ weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
	{ weight: 1, arbitrary: fc.constant(null).map(() => tooLarge()) }
);

const extension = fc.oneof(
	fc.constantFrom(...ALLOWED_ATTACHMENT_EXTENSIONS.map((e) => e.slice(1))),
	fc.constantFrom('PDF', 'Pdf', 'exe', 'html', 'svg', 'js', 'pdf.exe', 'exe.pdf', 'zip', ''),
	fc.constantFrom(...PROTOTYPE_NAMES)
);

const fileName = fc.oneof(
	{ weight: 5, arbitrary: fc.tuple(oddString(30), extension).map(([s, e]) => `${s}.${e}`) },
	{
		weight: 2,
		arbitrary: fc
			.tuple(
				fc.constantFrom('../../', '/etc/', 'C:\\Windows\\', '\\\\server\\share\\', ''),
				extension
			)
			.map(([p, e]) => `${p}passwd.${e}`)
	},
	{
		weight: 1,
		arbitrary: fc
			.tuple(fc.integer({ min: 190, max: 5000 }), extension)
			.map(([n, e]) => `${'あ'.repeat(n)}.${e}`)
	},
	{ weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES, '.pdf', 'a.', '.', '..', '', ' ') },
	{ weight: 1, arbitrary: oddString(60) }
);

const title = fc.oneof(fc.constant(''), oddString(40));

const upload = fc.record({ fileName, bytes, title });

/** Stored blobs and their chunks: a refused upload writes neither. */
async function storedFiles(): Promise<number> {
	return (await env.db.storedBlob.count()) + (await env.db.blobChunk.count());
}

const attachmentsOfDraft = () =>
	env.db.attachment.findMany({
		where: { version: { noticeId: draftId } },
		orderBy: { position: 'asc' },
		select: { position: true, label: true, title: true, sha256: true, contentType: true }
	});

/** Uploads whose answers must be the same before and after the run. */
const REFERENCE = [
	{ fileName: '資料.pdf', bytes: SAMPLES.pdf },
	{ fileName: 'setup.exe.pdf', bytes: SAMPLES.exe },
	{ fileName: 'a\u202efdp.exe', bytes: SAMPLES.pdf },
	{ fileName: 'x.csv', bytes: SAMPLES.sjis },
	{ fileName: 'x.doc', bytes: SAMPLES.cfb },
	{ fileName: '__proto__.pdf', bytes: SAMPLES.pdf },
	{ fileName: 'toString.call', bytes: SAMPLES.pdf }
];
const referenceAnswers = () =>
	Promise.all(REFERENCE.map((r) => validateAttachmentUpload(r).then((a) => JSON.stringify(a))));

test('hostile uploads are stored as what they are or refused with a message, and change nothing when refused', async () => {
	const before = await referenceAnswers();
	let generated = 0;
	let accepted = 0;
	const refusedBy = new Map<number, number>();
	await fc.assert(
		fc.asyncProperty(upload, async (input) => {
			generated++;
			const rows = await attachmentsOfDraft();
			const files = await storedFiles();
			let error: unknown = null;
			try {
				// The title as the edit action hands it over: read by readForm (which refuses a
				// NUL for every form), trimmed and cut to 200 characters.
				const form = await readForm(
					new Request('http://kairan.test/edit', {
						method: 'POST',
						body: new URLSearchParams({ uploadTitle: input.title })
					})
				);
				const title = String(form.get('uploadTitle') ?? '')
					.trim()
					.slice(0, 200);
				await addAttachment(env.db, env.storage, mhlw, draftId, { ...input, title });
			} catch (e) {
				error = e;
			}
			if (isHttpError(error)) {
				expect(error.status).toBe(400);
				expect(error.body.message.trim()).not.toBe('');
				refusedBy.set(400, (refusedBy.get(400) ?? 0) + 1);
				expect(await attachmentsOfDraft()).toEqual(rows);
				return;
			}
			const after = await attachmentsOfDraft();
			if (error === null) {
				accepted++;
				// Stored: an allowed type, under a clean name, as one more attachment.
				const checked = await validateAttachmentUpload(input);
				expect(checked.ok).toBe(true);
				expect(after.length).toBe(rows.length + 1);
				const added = after[after.length - 1];
				expect(added.contentType).toBe(checked.ok && checked.contentType);
				expect(Buffer.compare(await env.storage.read(added.sha256), input.bytes)).toBe(0);
				return;
			}
			// Refused: a UserError with a message, and nothing written anywhere.
			expect(error, String((error as Error)?.stack)).toBeInstanceOf(UserError);
			const refusal = error as UserError;
			expect(refusal.message.trim().length).toBeGreaterThan(0);
			expect([400, 413, 415]).toContain(refusal.status);
			refusedBy.set(refusal.status, (refusedBy.get(refusal.status) ?? 0) + 1);
			expect(after).toEqual(rows);
			expect(await storedFiles()).toBe(files);
		}),
		{ numRuns: RUNS }
	);
	expect(await referenceAnswers()).toEqual(before);
	// The generators reach both outcomes: the property is not true for lack of trying.
	expect(accepted).toBeGreaterThan(0);
	expect(refusedBy.get(415) ?? 0).toBeGreaterThan(0);
	expect(refusedBy.get(400) ?? 0).toBeGreaterThan(0);
	console.log(
		`uploads: ${generated} hostile inputs generated, ${accepted} stored, refused ${JSON.stringify(
			Object.fromEntries(refusedBy)
		)}`
	);
}, 600_000);
