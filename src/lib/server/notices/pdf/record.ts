// The PDF of record of a notice version: who may have it, and making it once.
//
// - Who: exactly those who may read that version today (getNotice: the notice is visible to
//   them and the version is the current one or an older published one). Anyone else gets null
//   and the route answers 404, so a notice's existence does not leak.
// - Drafts: never. A version has a PDF of record only once it is published; a draft or a
//   correction being written can still change, and a PDF of it would be a record of nothing
//   (issuers see the draft in the preview page). Its issuers get the same 404.
// - Once: the first request renders the PDF, stores the bytes under their SHA-256 and records
//   the hash on the version with a compare-and-set (`pdfSha256: null`). Every later request —
//   and every concurrent first request that lost the race — serves the recorded bytes, so a
//   version never has two different records, even if the renderer changes between releases.
import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../auth/sessions.ts';
import type { Storage } from '../../storage/index.ts';
import { getNotice, type NoticeDetail } from '../queries.ts';
import { renderNoticePdf } from './render.ts';
import { PdfFontMissingError } from './font.ts';
import { logger } from '../../log.ts';

export type VersionPdf = { bytes: Uint8Array; sha256: string; fileName: string };

type Render = (notice: NoticeDetail) => Promise<Uint8Array>;

// Issuers belong to the notice, not to a version (schema): a version's PDF shows the issuers
// as they stand when it is first made — in practice right after publication, by its first reader.
const renderDetail: Render = (notice) =>
	renderNoticePdf(
		{
			...notice.version,
			publishedAt: notice.version.publishedAt!,
			attachments: notice.version.attachments.map((a) => ({ label: a.label, title: a.title }))
		},
		notice.issuers
	);

/**
 * The PDF of record of version `number` of a notice, or null when this user may not read that
 * version or it is not published.
 */
export async function versionPdf(
	db: Db,
	storage: Storage,
	user: SessionUser,
	noticeId: string,
	number: number
): Promise<VersionPdf | null> {
	const notice = await getNotice(db, user, noticeId, number);
	if (!notice || !notice.version.publishedAt) return null;
	const sha256 = await ensureVersionPdf(db, storage, notice);
	return { bytes: await storage.read(sha256), sha256, fileName: pdfFileName(notice) };
}

/** 「…」について_第1版.pdf: the title (cut at 80 characters) with what no file system accepts replaced. */
export function pdfFileName(notice: Pick<NoticeDetail, 'version'>): string {
	const v = notice.version;
	return `${v.title.slice(0, 80)}_第${v.number}版`.replace(/[\\/:*?"<>|\r\n]+/g, '_') + '.pdf';
}

// One rendering at a time per version in this process: the first visitors after publication
// arrive together, and each rendering reads a 26 MB font.
const inFlight = new Map<string, Promise<string>>();

/**
 * The SHA-256 of a published version's PDF of record, rendering and recording it on first use.
 * `notice` is what getNotice returned for this user (authorization is the caller's).
 */
export function ensureVersionPdf(
	db: Db,
	storage: Storage,
	notice: NoticeDetail,
	render: Render = renderDetail
): Promise<string> {
	if (notice.version.pdfSha256) return Promise.resolve(notice.version.pdfSha256);
	const key = `${notice.id}/${notice.version.number}`;
	let pending = inFlight.get(key);
	if (!pending) {
		pending = recordVersionPdf(db, storage, notice, render).finally(() => inFlight.delete(key));
		inFlight.set(key, pending);
	}
	return pending;
}

/**
 * Renders, stores and records the PDF unless another request (in any process) recorded one
 * first; returns the recorded hash either way.
 */
export async function recordVersionPdf(
	db: Db,
	storage: Storage,
	notice: NoticeDetail,
	render: Render = renderDetail
): Promise<string> {
	if (!notice.version.publishedAt) throw new Error('an unpublished version has no PDF of record');
	const where = { noticeId: notice.id, number: notice.version.number };
	const { sha256 } = await storage.put(await render(notice));
	const { count } = await db.noticeVersion.updateMany({
		where: { ...where, pdfSha256: null, publishedAt: { not: null } },
		data: { pdfSha256: sha256 }
	});
	if (count === 1) return sha256;
	const recorded = await db.noticeVersion.findUnique({
		where: { noticeId_number: where },
		select: { pdfSha256: true }
	});
	if (!recorded?.pdfSha256)
		throw new Error(`notice ${notice.id} v${where.number}: PDF not recorded`);
	// Bytes stored by a losing rendering stay in storage unreferenced; with a deterministic
	// renderer they are the recorded bytes anyway.
	return recorded.pdfSha256;
}

/**
 * For the notice page: the hash of the shown version's PDF of record (made now if this is its
 * first viewer), or null for an unpublished version — or when no PDF can be made here (no
 * Japanese font), which must not keep anyone from reading the notice itself.
 */
export async function shownVersionPdfHash(
	db: Db,
	storage: Storage,
	notice: NoticeDetail
): Promise<string | null> {
	if (!notice.version.publishedAt) return null;
	try {
		return await ensureVersionPdf(db, storage, notice);
	} catch (e) {
		if (!(e instanceof PdfFontMissingError)) throw e;
		logger.error({ err: e }, 'no PDF of record: font missing');
		return null;
	}
}
