// Writing a notice: the draft before publication, and a correction (訂正) being prepared.
// Both are an unpublished NoticeVersion; published versions are never written here.
//
// Which version is editable:
// - a draft notice: its version 1 (currentVersionNumber = 1, publishedAt null);
// - a published notice with a correction started: version currentVersionNumber + 1.
import { assertKnownFunctions } from '../directory/functions.ts';
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Storage } from '../storage/index.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { managedNotices, visibleNotices } from './access.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { noticeSearchText, versionContent, type NoticeContent } from '../../domain/notices.ts';
import { validateAttachmentUpload } from '../uploads/validate.ts';
import { fullWidthDigits } from '../../domain/item-numbering.ts';

/** 別添１, 別添２ … as official documents write them (full-width digits). */
export function defaultAttachmentLabel(position: number): string {
	return `別添${fullWidthDigits(position)}`;
}

/** The ministry offices that can issue notices, for the issuer picker. */
export function issuingOffices(db: Db) {
	return db.department.findMany({
		where: { function: 'ministry_office' },
		orderBy: [{ organization: { name: 'asc' } }, { name: 'asc' }],
		select: { id: true, name: true, organizationId: true, organization: { select: { name: true } } }
	});
}

async function checkIssuers(db: Tx, user: SessionUser, ids: string[]) {
	const offices = await db.department.findMany({
		where: { id: { in: ids }, function: 'ministry_office' },
		select: { id: true, organizationId: true }
	});
	if (offices.length !== ids.length)
		throw new UserError(400, '発出元に選べない部局が含まれています。', 'issuers');
	if (!offices.some((o) => o.organizationId === user.organizationId))
		throw new UserError(
			400,
			'発出元には自府省の課室を1つ以上含めてください（含めないと以後この通知を管理できません）。',
			'issuers'
		);
}

function versionData(form: NoticeContent, attachmentTitles: string[] = []) {
	return {
		noticeType: form.noticeType,
		title: form.title,
		documentNumber: form.documentNumber,
		issuedOn: form.issuedOn,
		deadline: form.deadline,
		addresseeLines: form.addresseeLines,
		preamble: form.preamble,
		items: form.items,
		itemNumbering: form.itemNumbering,
		contacts: form.contacts,
		references: form.references,
		searchText: noticeSearchText(form, attachmentTitles)
	};
}

/**
 * A reference links to an earlier notice only if this user may see it past draft (the same
 * notices the editor offers); any other posted id is dropped and the citation kept as text, so
 * a link shown to every recipient can never point at someone's draft or outside /notices.
 */
async function linkableReferences(tx: Tx, user: SessionUser, references: NoticeForm['references']) {
	const ids = references.flatMap((r) => (r.noticeId ? [r.noticeId] : []));
	if (ids.length === 0) return references;
	const visible = await tx.notice.findMany({
		where: { AND: [{ id: { in: ids } }, visibleNotices(user), { status: { not: 'draft' } }] },
		select: { id: true }
	});
	const ok = new Set(visible.map((n) => n.id));
	return references.map((r) =>
		r.noticeId && !ok.has(r.noticeId) ? { citation: r.citation, noticeId: undefined } : r
	);
}

/**
 * The notice's forwarding settings (issue 13) as the form gives them; a form without them (an
 * older caller) leaves them unchanged. They belong to the notice, not to a version: asking
 * prefectures to forward can be switched on in a correction too.
 */
function forwardingSettings(form: NoticeForm) {
	return {
		...(form.forwardable === undefined ? {} : { forwardable: form.forwardable }),
		...(form.externalQuestion === undefined ? {} : { externalQuestion: form.externalQuestion })
	};
}

export async function createDraft(db: Db, user: SessionUser, form: NoticeForm): Promise<string> {
	if (user.role !== 'issuer') throw new UserError(403, '通知を作成できるのは発出者だけです。');
	return db.$transaction(async (tx) => {
		await checkIssuers(tx, user, form.issuerDepartmentIds);
		await assertKnownFunctions(tx, form.rule.functions, 'rule');
		form = { ...form, references: await linkableReferences(tx, user, form.references) };
		const notice = await tx.notice.create({
			data: {
				createdById: user.id,
				...forwardingSettings(form),
				issuers: {
					create: form.issuerDepartmentIds.map((departmentId, position) => ({
						departmentId,
						position
					}))
				},
				versions: {
					create: { number: 1, ...versionData(form), addresseeRule: form.rule }
				}
			}
		});
		await record(tx, {
			...actor(user),
			action: 'notice.create',
			objectType: 'notice',
			objectId: notice.id,
			after: { title: form.title }
		});
		return notice.id;
	});
}

/** The unpublished version of a notice this user manages, or a UserError explaining why not. */
export async function editableVersion(db: Tx, user: SessionUser, noticeId: string) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, managedNotices(user)] },
		select: { id: true, status: true, currentVersionNumber: true }
	});
	if (!notice) throw notFound();
	const number =
		notice.status === 'draft' ? notice.currentVersionNumber : notice.currentVersionNumber + 1;
	const version = await db.noticeVersion.findUnique({
		where: { noticeId_number: { noticeId, number } },
		include: { attachments: { orderBy: { position: 'asc' } } }
	});
	if (!version || version.publishedAt !== null) {
		throw new UserError(
			409,
			notice.status === 'draft'
				? 'この下書きは編集できません。'
				: '公開済みの通知は直接編集できません。「訂正する」から新しい版を作成してください。'
		);
	}
	return { notice, version };
}

/**
 * Saves the editor's content, and the attachments' labels and titles edited in the same form
 * (an empty label or title keeps the saved one).
 */
export async function saveDraft(
	db: Db,
	user: SessionUser,
	noticeId: string,
	form: NoticeForm,
	attachmentEdits: { position: number; label: string; title: string }[] = []
) {
	await db.$transaction(async (tx) => {
		const { notice, version } = await editableVersion(tx, user, noticeId);
		await assertKnownFunctions(tx, form.rule.functions, 'rule');
		form = { ...form, references: await linkableReferences(tx, user, form.references) };
		for (const edit of attachmentEdits) {
			const a = version.attachments.find((x) => x.position === edit.position);
			if (!a) continue;
			const label = edit.label.slice(0, 40) || a.label;
			const title = edit.title.slice(0, 200) || a.title;
			if (label === a.label && title === a.title) continue;
			await tx.attachment.update({ where: { id: a.id }, data: { label, title } });
			a.label = label;
			a.title = title;
		}
		const renamed = attachmentEdits.length;
		const titles = version.attachments.map((a) => a.title);
		if (notice.status === 'draft') {
			await checkIssuers(tx, user, form.issuerDepartmentIds);
			await tx.noticeIssuer.deleteMany({ where: { noticeId } });
			await tx.noticeIssuer.createMany({
				data: form.issuerDepartmentIds.map((departmentId, position) => ({
					noticeId,
					departmentId,
					position
				}))
			});
			await tx.noticeVersion.update({
				where: { id: version.id },
				data: { ...versionData(form, titles), addresseeRule: form.rule }
			});
		} else {
			// A correction keeps the issuers and addressees it was published to. Its reason is
			// kept as typed so far, so saving never loses it; publishing requires it.
			await tx.noticeVersion.update({
				where: { id: version.id },
				data: { ...versionData(form, titles), correctionReason: form.correctionReason }
			});
		}
		await tx.notice.update({
			where: { id: noticeId },
			data: { updatedAt: new Date(), ...forwardingSettings(form) }
		});
		await record(tx, {
			...actor(user),
			action: notice.status === 'draft' ? 'notice.save_draft' : 'notice.save_correction',
			objectType: 'notice',
			objectId: noticeId,
			after: { version: version.number, title: form.title, attachmentEdits: renamed }
		});
	});
}

/** A draft that was never published can be deleted; nothing was sent, nothing is lost. */
export async function deleteDraft(db: Db, user: SessionUser, noticeId: string) {
	await db.$transaction(async (tx) => {
		const { notice } = await editableVersion(tx, user, noticeId);
		if (notice.status !== 'draft') throw new UserError(409, '公開済みの通知は削除できません。');
		// Conditional: on PostgreSQL two deletions of one draft can both get past the read above;
		// the second finds nothing to delete and answers as for a notice that is not there.
		const { count } = await tx.notice.deleteMany({ where: { id: noticeId, status: 'draft' } });
		if (count !== 1) throw notFound();
		await record(tx, {
			...actor(user),
			action: 'notice.delete_draft',
			objectType: 'notice',
			objectId: noticeId
		});
	});
}

/** Keeps searchText in step with attachment titles, which are searchable too. */
async function refreshSearchText(tx: Tx, versionId: string) {
	const v = await tx.noticeVersion.findUniqueOrThrow({
		where: { id: versionId },
		include: { attachments: { select: { title: true } } }
	});
	await tx.noticeVersion.update({
		where: { id: versionId },
		data: {
			searchText: noticeSearchText(
				versionContent(v),
				v.attachments.map((a) => a.title)
			)
		}
	});
}

export async function addAttachment(
	db: Db,
	storage: Storage,
	user: SessionUser,
	noticeId: string,
	upload: { fileName: string; bytes: Uint8Array; title: string }
) {
	const checked = await validateAttachmentUpload({
		fileName: upload.fileName,
		bytes: upload.bytes
	});
	if (!checked.ok)
		throw new UserError(checked.status, `${checked.message.ja} / ${checked.message.en}`, 'file');
	// Authorize before writing anything to disk.
	await editableVersion(db, user, noticeId);
	const stored = await storage.put(upload.bytes);
	await db.$transaction(async (tx) => {
		const { version } = await editableVersion(tx, user, noticeId);
		const position = version.attachments.length + 1;
		const title = upload.title || checked.fileName.replace(/\.[^.]+$/, '');
		const created = await tx.attachment.create({
			data: {
				versionId: version.id,
				position,
				label: defaultAttachmentLabel(position),
				title,
				fileName: checked.fileName,
				contentType: checked.contentType,
				size: stored.size,
				sha256: stored.sha256
			}
		});
		await refreshSearchText(tx, version.id);
		await record(tx, {
			...actor(user),
			action: 'attachment.add',
			objectType: 'attachment',
			objectId: created.id,
			after: {
				noticeId,
				version: version.number,
				position,
				contentType: checked.contentType,
				size: stored.size,
				sha256: stored.sha256
			}
		});
	});
}

/**
 * Writes attachments back in the given order, renumbering positions 1…N. A label that was the
 * default for its old place (別添２ at position 2) follows its new place; a custom one stays.
 */
async function renumber(tx: Tx, versionId: string, ordered: { id: string; label: string }[]) {
	const current = await tx.attachment.findMany({ where: { versionId } });
	const byId = new Map(current.map((a) => [a.id, a]));
	// Move every row out of the way first: (versionId, position) is unique.
	for (const a of current) {
		await tx.attachment.update({ where: { id: a.id }, data: { position: -a.position } });
	}
	for (const [i, { id }] of ordered.entries()) {
		const a = byId.get(id)!;
		const label =
			a.label === defaultAttachmentLabel(a.position) ? defaultAttachmentLabel(i + 1) : a.label;
		await tx.attachment.update({ where: { id }, data: { position: i + 1, label } });
	}
}

export async function moveAttachment(
	db: Db,
	user: SessionUser,
	noticeId: string,
	position: number,
	direction: 'up' | 'down'
) {
	await db.$transaction(async (tx) => {
		const { version } = await editableVersion(tx, user, noticeId);
		const list = [...version.attachments];
		const from = list.findIndex((a) => a.position === position);
		const to = direction === 'up' ? from - 1 : from + 1;
		if (from < 0 || to < 0 || to >= list.length) return;
		[list[from], list[to]] = [list[to], list[from]];
		await renumber(tx, version.id, list);
		await record(tx, {
			...actor(user),
			action: 'attachment.move',
			objectType: 'attachment',
			objectId: list[to].id,
			before: { noticeId, version: version.number, position },
			after: { noticeId, version: version.number, position: to + 1 }
		});
	});
}

export async function removeAttachment(
	db: Db,
	user: SessionUser,
	noticeId: string,
	position: number
) {
	await db.$transaction(async (tx) => {
		const { version } = await editableVersion(tx, user, noticeId);
		const target = version.attachments.find((a) => a.position === position);
		if (!target) throw new UserError(404, '添付資料が見つかりません。');
		await tx.attachment.delete({ where: { id: target.id } });
		// The stored bytes stay: another version or notice may hold the same file.
		await renumber(
			tx,
			version.id,
			version.attachments.filter((a) => a.id !== target.id)
		);
		await refreshSearchText(tx, version.id);
		await record(tx, {
			...actor(user),
			action: 'attachment.remove',
			objectType: 'attachment',
			objectId: target.id,
			before: { noticeId, version: version.number, position, sha256: target.sha256 }
		});
	});
}
