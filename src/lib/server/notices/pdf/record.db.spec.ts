// The PDF of record of a published notice version, made through the real modules on a real
// database (SQLite; PostgreSQL with `npm run test:pg`), read back with poppler's pdftotext and
// pdffonts (Debian's poppler-utils, which .ci/run installs).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../../tests/db/users.ts';
import type { Db } from '../../db/client.ts';
import type { NoticeForm } from '../../../domain/notice-form.ts';
import { addAttachment, createDraft } from '../drafts.ts';
import {
	publishCorrection,
	publishNotice,
	startCorrection,
	withdrawNotice
} from '../publishing.ts';
import { getNotice } from '../queries.ts';
import { ensureVersionPdf, recordVersionPdf, versionPdf } from './record.ts';
import { renderNoticePdf } from './render.ts';

const run = promisify(execFile);
const DEMO_DIR = path.resolve('prisma/data/demo');

type DemoNotice = {
	title: string;
	issuedOn: string;
	addresseeLines: string[];
	preamble: string;
	items: { number: number; heading: string; text: string }[];
	contacts: { office: string; names: string; extension: string; phone: string }[];
	references: { citation: string }[];
	attachments: { label: string; title: string; file: string }[];
};

let env: TestDatabase;
let db: Db;
let demo: DemoNotice;
const publicUrl = 'https://kairan.test';
const as = (email: string) => sessionUserFor(db, email);

async function officeOf(email: string) {
	return (await as(email)).departmentId!;
}

/** The demo notice's text, from two offices (MHLW signing first), to the 23 special wards. */
async function demoForm(issuerEmails: string[], title = demo.title): Promise<NoticeForm> {
	return {
		noticeType: 'administrative_liaison',
		itemNumbering: 'full_width',
		correctionReason: null,
		title,
		documentNumber: null,
		issuedOn: demo.issuedOn,
		deadline: null,
		addresseeLines: demo.addresseeLines,
		preamble: demo.preamble,
		items: demo.items,
		contacts: demo.contacts,
		references: demo.references,
		issuerDepartmentIds: await Promise.all(issuerEmails.map(officeOf)),
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] }
	};
}

async function publishDemo(issuerEmails: string[], title?: string, withAttachments = false) {
	const author = await as(issuerEmails[0]);
	const id = await createDraft(db, author, await demoForm(issuerEmails, title));
	if (withAttachments) {
		for (const a of demo.attachments) {
			await addAttachment(db, env.storage, author, id, {
				fileName: a.file,
				bytes: await readFile(path.join(DEMO_DIR, 'attachments', a.file)),
				title: a.title
			});
		}
	}
	await publishNotice(db, author, id, {
		publicUrl,
		now: new Date('2024-10-08T01:30:00Z')
	});
	return id;
}

async function pdftotext(bytes: Uint8Array): Promise<string> {
	const file = path.join(
		env.dataDir,
		`extract-${createHash('sha256').update(bytes).digest('hex')}.pdf`
	);
	await writeFile(file, bytes);
	try {
		return (await run('pdftotext', ['-layout', file, '-'])).stdout;
	} catch (e) {
		throw new Error(`pdftotext failed (install poppler-utils): ${(e as Error).message}`, {
			cause: e
		});
	}
}

/** Extracted text without the page numbers and without any white space (layout pads lines). */
const flat = (text: string) => text.replace(/^\s*-\s*\d+\s*-\s*$/gm, '').replace(/\s+/g, '');

/** Asserts every piece occurs in the text, in this order. */
function expectInOrder(text: string, pieces: string[]) {
	let from = 0;
	for (const piece of pieces) {
		const at = text.indexOf(flat(piece), from);
		expect(at, `「${piece.slice(0, 40)}」 after position ${from}`).toBeGreaterThanOrEqual(0);
		from = at + flat(piece).length;
	}
}

const paragraphs = (text: string) => text.split(/\n+/).filter((p) => p.trim() !== '');

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	demo = JSON.parse(await readFile(path.join(DEMO_DIR, 'notice-2024-10-08.json'), 'utf8'));
});

afterAll(async () => {
	await env?.cleanup();
});

describe('the PDF of record', () => {
	test('reads as the published version: top right, 御中, issuers in order, title, text, 記, 照会先', async () => {
		const id = await publishDemo(
			['mhlw.issuer@example.jp', 'cao.issuer@example.jp'],
			undefined,
			true
		);
		const setagaya = await as('setagaya.health@example.jp');
		const pdf = await versionPdf(db, env.storage, setagaya, id, 1);
		expect(pdf).not.toBeNull();
		expect(Buffer.from(pdf!.bytes.slice(0, 5)).toString()).toBe('%PDF-');
		const text = flat(await pdftotext(pdf!.bytes));
		expectInOrder(text, [
			'事務連絡',
			'令和6年10月8日',
			...demo.addresseeLines,
			// The issuers as the notice orders them: MHLW first, as the original signs.
			'厚生労働省医政局総務課',
			'内閣府男女共同参画局男女間暴力対策課',
			demo.title,
			...paragraphs(demo.preamble),
			'記',
			...demo.items.flatMap((item) => [
				`${String.fromCharCode(0xff10 + item.number)}．${item.heading}`,
				...paragraphs(item.text)
			]),
			...demo.attachments.map((a) => `${a.label}${a.title}`),
			...demo.references.map((r) => r.citation),
			'（照会先）',
			...demo.contacts.flatMap((c) => [
				c.office,
				`${c.names}（内線${c.extension}）`,
				`電話${c.phone}`
			])
		]);
		// Every addressee line ends with 御中 (the demo's lines carry it already, once).
		expect(text.split('御中')).toHaveLength(demo.addresseeLines.length + 1);

		const file = path.join(env.dataDir, 'fonts.pdf');
		await writeFile(file, pdf!.bytes);
		const fonts = (await run('pdffonts', [file])).stdout.split('\n').slice(2).filter(Boolean);
		// One font, the Japanese face, embedded as a subset with a Unicode map (searchable text).
		expect(fonts).toHaveLength(1);
		expect(fonts[0]).toMatch(
			/^[A-Z]{6}\+Noto(Serif|Sans)CJKjp-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/
		);
		const info = (await run('pdfinfo', [file])).stdout;
		expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
		// The whole font file is 26 MB; the subset keeps the three-page notice small.
		expect(pdf!.bytes.byteLength).toBeLessThan(300_000);
	});

	test('is made once: the second request gets the same bytes, recorded by their SHA-256', async () => {
		const id = await publishDemo(['mhlw.issuer@example.jp'], '一度だけ作られるPDF');
		const viewer = await as('viewer@example.jp');
		const first = await versionPdf(db, env.storage, viewer, id, 1);
		const second = await versionPdf(db, env.storage, await as('mhlw.issuer@example.jp'), id, 1);
		expect(first!.sha256).toBe(createHash('sha256').update(first!.bytes).digest('hex'));
		expect(second!.sha256).toBe(first!.sha256);
		expect(Buffer.compare(Buffer.from(second!.bytes), Buffer.from(first!.bytes))).toBe(0);
		const row = await db.noticeVersion.findUniqueOrThrow({
			where: { noticeId_number: { noticeId: id, number: 1 } }
		});
		expect(row.pdfSha256).toBe(first!.sha256);
		expect((await getNotice(db, viewer, id))!.version.pdfSha256).toBe(first!.sha256);
		expect(first!.fileName).toBe('一度だけ作られるPDF_第1版.pdf');
	});

	test('numbers 記 in the style the version was written in', async () => {
		const author = await as('mhlw.issuer@example.jp');
		const form = { ...(await demoForm(['mhlw.issuer@example.jp'], '括弧付き番号の通知')) };
		const id = await createDraft(db, author, { ...form, itemNumbering: 'parenthesized' });
		await publishNotice(db, author, id, { publicUrl, now: new Date('2024-10-08T01:30:00Z') });
		const text = flat(await pdftotext((await versionPdf(db, env.storage, author, id, 1))!.bytes));
		expect(text).toContain(`（１）${demo.items[0].heading}`.replace(/\s+/g, ''));
		expect(text).not.toContain(`１．${demo.items[0].heading}`.replace(/\s+/g, ''));
	});

	test('renders deterministically: dates are the publication time, the file ID follows them', async () => {
		// A title with what PDF strings and XML escape: it stays intact in text and info.
		const title = '決まったバイト列になるPDF <&> (括弧) \\ 「引用」';
		const id = await publishDemo(['mhlw.issuer@example.jp'], title);
		const notice = (await getNotice(db, await as('viewer@example.jp'), id))!;
		const input = {
			...notice.version,
			publishedAt: notice.version.publishedAt!,
			attachments: []
		};
		const a = await renderNoticePdf(input, notice.issuers);
		const b = await renderNoticePdf(input, notice.issuers);
		expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
		const file = path.join(env.dataDir, 'info.pdf');
		await writeFile(file, a);
		const info = (await run('pdfinfo', ['-isodates', file])).stdout;
		expect(info).toMatch(/CreationDate:\s+2024-10-08T01:30:00Z/);
		expect(info).toContain(`Title:           ${title}\n`);
		expect(flat(await pdftotext(a))).toContain(flat(title));
	});

	test('concurrent first requests record one PDF, whatever each of them rendered', async () => {
		const id = await publishDemo(['mhlw.issuer@example.jp'], '同時に求められるPDF');
		const notice = (await getNotice(db, await as('viewer@example.jp'), id))!;
		// Four renderers that disagree (as two releases of the layout would): one record wins
		// and every request answers with it.
		const results = await Promise.all(
			[1, 2, 3, 4].map((k) =>
				recordVersionPdf(db, env.storage, notice, async () =>
					new TextEncoder().encode(`%PDF-1.7\n% rendering ${k}\n%%EOF\n`)
				)
			)
		);
		const row = await db.noticeVersion.findUniqueOrThrow({
			where: { noticeId_number: { noticeId: id, number: 1 } }
		});
		expect(row.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
		expect(results).toEqual([row.pdfSha256, row.pdfSha256, row.pdfSha256, row.pdfSha256]);
		const served = await versionPdf(db, env.storage, await as('setagaya.health@example.jp'), id, 1);
		expect(served!.sha256).toBe(row.pdfSha256);
		expect(Buffer.from(served!.bytes).toString()).toMatch(/^%PDF-1\.7\n% rendering [1-4]\n/);

		// The real renderer, asked three times at once for a fresh version, renders once.
		const other = await publishDemo(['mhlw.issuer@example.jp'], '同時に求められるPDF その２');
		const fresh = (await getNotice(db, await as('viewer@example.jp'), other))!;
		let renders = 0;
		const counting = async (n: typeof fresh) => {
			renders++;
			return renderNoticePdf(
				{ ...n.version, publishedAt: n.version.publishedAt!, attachments: [] },
				n.issuers
			);
		};
		const hashes = await Promise.all(
			[1, 2, 3].map(() => ensureVersionPdf(db, env.storage, fresh, counting))
		);
		expect(renders).toBe(1);
		expect(new Set(hashes).size).toBe(1);
	});
});

describe('who may have it', () => {
	test('exactly those who may read the version; anyone else, and every draft, gets nothing', async () => {
		const id = await publishDemo(['mhlw.issuer@example.jp'], '厚生労働省だけが発出するPDF');
		const pdfFor = async (email: string, n = 1) =>
			versionPdf(db, env.storage, await as(email), id, n);
		// An addressed department, the issuing ministry, the national viewer.
		expect(await pdfFor('setagaya.health@example.jp')).not.toBeNull();
		expect(await pdfFor('mhlw.issuer@example.jp')).not.toBeNull();
		expect(await pdfFor('viewer@example.jp')).not.toBeNull();
		// The admin sees every notice past draft, as on the notice page.
		expect(await pdfFor('admin@example.jp')).not.toBeNull();
		// Departments it was not addressed to (Tokyo's prefectural health department, a
		// prefecture's center) and another ministry's issuer.
		expect(await pdfFor('tokyo.health@example.jp')).toBeNull();
		expect(await pdfFor('hokkaido.center@example.jp')).toBeNull();
		expect(await pdfFor('cao.issuer@example.jp')).toBeNull();
		// A version that does not exist.
		expect(await pdfFor('mhlw.issuer@example.jp', 2)).toBeNull();

		// A draft has no PDF of record, not even for its own issuer.
		const mhlw = await as('mhlw.issuer@example.jp');
		const draft = await createDraft(db, mhlw, await demoForm(['mhlw.issuer@example.jp'], '下書き'));
		expect(await versionPdf(db, env.storage, mhlw, draft, 1)).toBeNull();
		expect(
			(await db.noticeVersion.findFirstOrThrow({ where: { noticeId: draft } })).pdfSha256
		).toBeNull();

		// Nor has a correction being written; version 1 keeps its record meanwhile and after.
		const v1 = (await pdfFor('setagaya.health@example.jp'))!;
		await startCorrection(db, mhlw, id);
		expect(await pdfFor('mhlw.issuer@example.jp', 2)).toBeNull();
		await db.noticeVersion.update({
			where: { noticeId_number: { noticeId: id, number: 2 } },
			data: { title: '厚生労働省だけが発出するPDF（訂正）' }
		});
		await publishCorrection(db, mhlw, id, '表題の誤り', { publicUrl });
		const v2 = (await pdfFor('setagaya.health@example.jp', 2))!;
		expect(v2.sha256).not.toBe(v1.sha256);
		expect(flat(await pdftotext(v2.bytes))).toContain(flat('（第2版）'));
		expect(flat(await pdftotext(v2.bytes))).toContain('厚生労働省だけが発出するPDF（訂正）');
		expect((await pdfFor('setagaya.health@example.jp', 1))!.sha256).toBe(v1.sha256);

		// A withdrawn notice stays readable with its reason, and so does its record.
		await withdrawNotice(db, mhlw, id, '誤送付のため', { publicUrl });
		expect((await pdfFor('setagaya.health@example.jp', 2))!.sha256).toBe(v2.sha256);
	});
});
