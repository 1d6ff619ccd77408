// A notice's response items (回答項目) as its issuers write them.
//
// Where they live: the unpublished version holds them (NoticeVersion.responseItems, the
// ItemDefinition list), so a draft and a correction are written the same way and nothing a
// recipient reads changes before publication. Publication writes them to ResponseItem, the
// rows answers belong to; the published version keeps its list, frozen. A version whose list is
// null (written before items were data, or a correction not touching them) means "the notice's
// rows as they are".
//
// What a correction (訂正) may do to items already published: add items, extend a deadline,
// add choices, reword titles and instructions. It may not remove or renumber an item (answers
// belong to it). Any other change to a field changes what answers mean: the item re-opens —
// every submitted answer to it goes back to draft — and the correction mail names it.
import { unknownFunctionCodes } from '../directory/functions.ts';
import { itemDefinitionColumns } from '../responses/items-store.ts';
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError, notFound } from '../errors.ts';
import { editableVersion } from './drafts.ts';
import { managedNotices, visibleNotices } from './access.ts';
import {
	itemDefinitionsSchema,
	parseDefinition,
	serializeDefinition,
	type Field,
	type FieldProblem,
	type ItemDefinition
} from '../../domain/forms/index.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';

/** The kind of a row whose definition was written as data (not inserted by the demo's code). */
export const DEFINED_KIND = 'defined';

/** Items refused, with each problem's place (items.2.fields.0.label) and message. */
export class ItemsRefused extends UserError {
	constructor(readonly problems: FieldProblem[]) {
		super(400, problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join(' '));
	}
}

const ROW_SELECT = {
	id: true,
	number: true,
	title: true,
	deadline: true,
	kind: true,
	definition: true
} as const;

/** The notice's published items (its ResponseItem rows), in order. */
export async function liveItems(tx: Tx | Db, noticeId: string): Promise<ItemDefinition[]> {
	const rows = await tx.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		select: ROW_SELECT
	});
	return rows.map(itemFromRow);
}

/** The items of an unpublished version: its own list, or (null) the notice's rows. */
async function versionItems(
	tx: Tx,
	noticeId: string,
	version: { responseItems: unknown }
): Promise<ItemDefinition[]> {
	if (version.responseItems === null || version.responseItems === undefined)
		return liveItems(tx, noticeId);
	const parsed = itemDefinitionsSchema.safeParse(version.responseItems);
	// Written only through validateItems below: a failure is a database edited by hand.
	if (!parsed.success) throw new Error(`Version of ${noticeId} holds invalid response items`);
	return parsed.data;
}

/** The items being written in the notice's editor (draft or correction), for its issuers. */
export async function editableItems(db: Db, user: SessionUser, noticeId: string) {
	return db.$transaction(async (tx) => {
		const { notice, version } = await editableVersion(tx, user, noticeId);
		const items = await versionItems(tx, noticeId, version);
		const published = notice.status === 'draft' ? [] : await liveItems(tx, noticeId);
		return { status: notice.status, items, published };
	});
}

/** Checks a whole list as the editor or an upload gives it; numbers the items 1…N in order. */
export function validateItems(
	input: unknown
): { ok: true; items: ItemDefinition[] } | { ok: false; problems: FieldProblem[] } {
	const list = Array.isArray(input)
		? input.map((item, i) =>
				item && typeof item === 'object' ? { ...(item as object), number: i + 1 } : item
			)
		: input;
	const parsed = parseDefinition({ format: 'kairan.items/1', items: list });
	return parsed.ok ? { ok: true, items: parsed.items } : parsed;
}

function sameJson(a: unknown, b: unknown) {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** A field with its choices removed, to compare everything but added choices. */
function withoutChoices(f: Field): unknown {
	const rest: Record<string, unknown> = { ...f };
	delete rest.choices;
	return rest;
}

/** Whether `after` keeps every choice of `before` (same value and label), possibly adding more. */
function choicesExtended(before: Field, after: Field) {
	const a = (before as { choices?: { value: string; label: string }[] }).choices;
	const b = (after as { choices?: { value: string; label: string }[] }).choices;
	if (!a && !b) return true;
	if (!a || !b) return false;
	return a.every((c) => b.some((d) => d.value === c.value && d.label === c.label));
}

/** Whether a published field's meaning changed (anything but added choices). */
function fieldChanged(before: Field, after: Field | undefined): boolean {
	if (!after) return true;
	if (before.type === 'table' && after.type === 'table') {
		const { columns: ca, ...ra } = before;
		const { columns: cb, ...rb } = after;
		if (!sameJson(ra, rb)) return true;
		if (
			ca.some((c) =>
				fieldChanged(
					c,
					cb.find((d) => d.key === c.key)
				)
			)
		)
			return true;
		// A new column an answer cannot have left blank changes what is asked.
		return cb.some((d) => !ca.some((c) => c.key === d.key) && d.required !== false);
	}
	return (
		!sameJson(withoutChoices(before), withoutChoices(after)) || !choicesExtended(before, after)
	);
}

/**
 * What a correction does to the published items: refusals (a removed or renumbered item, a
 * shortened deadline) and the items it re-opens (a changed field, a removed one, or a new
 * field that must be answered).
 */
export function correctionEffects(
	published: ItemDefinition[],
	next: ItemDefinition[],
	deadlines: { published: string | null; next: string | null }
) {
	const problems: FieldProblem[] = [];
	const reopened: ItemDefinition[] = [];
	for (const before of published) {
		const i = next.findIndex((n) => n.number === before.number);
		const after = next[i];
		if (!after) {
			problems.push({
				path: `items.${before.number - 1}`,
				message: `記${before.number}「${before.title}」は回答を受け付けた項目です。訂正では削除・並べ替えできません。`
			});
			continue;
		}
		// Effective deadlines: an item without its own follows its version's.
		const was = before.deadline ?? deadlines.published;
		const will = after.deadline ?? deadlines.next;
		if (was && (!will || will < was))
			problems.push({
				path: `items.${i}.deadline`,
				message: `「${before.title}」の期限は訂正で延ばせますが、早めることはできません。`
			});
		const changed =
			before.behaviour !== after.behaviour ||
			!sameJson(before.checks, after.checks) ||
			before.fields.some((f) =>
				fieldChanged(
					f,
					after.fields.find((g) => g.key === f.key)
				)
			) ||
			after.fields.some((g) => !before.fields.some((f) => f.key === g.key) && g.required !== false);
		if (changed) reopened.push(after);
	}
	return { problems, reopened };
}

/**
 * Saves the editor's whole list of items into the unpublished version. Every problem is listed
 * and nothing is saved on any. Returns the saved items.
 */
export async function saveItems(
	db: Db,
	user: SessionUser,
	noticeId: string,
	input: unknown,
	action = 'notice.items_save'
): Promise<ItemDefinition[]> {
	const checked = validateItems(input);
	if (!checked.ok) throw new ItemsRefused(checked.problems);
	const unknown = await unknownFunctionCodes(
		db,
		checked.items.flatMap((item) => item.appliesTo.functions)
	);
	if (unknown.length > 0)
		throw new ItemsRefused(
			checked.items.flatMap((item, i) =>
				item.appliesTo.functions.some((f) => unknown.includes(f))
					? [
							{
								path: `items.${i}.appliesTo.functions`,
								message: `機能（主管部局の種類）の一覧にないコードです：${unknown.join('、')}`
							}
						]
					: []
			)
		);
	return db.$transaction(async (tx) => {
		const { notice, version } = await editableVersion(tx, user, noticeId);
		if (notice.status !== 'draft') {
			const { problems } = correctionEffects(
				await liveItems(tx, noticeId),
				checked.items,
				await correctionDeadlines(tx, noticeId, version)
			);
			if (problems.length) throw new ItemsRefused(problems);
		}
		const before = await versionItems(tx, noticeId, version);
		await tx.noticeVersion.update({
			where: { id: version.id },
			data: { responseItems: checked.items as object[] }
		});
		await tx.notice.update({ where: { id: noticeId }, data: { updatedAt: new Date() } });
		await record(tx, {
			...actor(user),
			action,
			objectType: 'notice',
			objectId: noticeId,
			before: { version: version.number, items: before.length },
			after: {
				version: version.number,
				items: checked.items.length,
				titles: checked.items.map((i) => i.title)
			}
		});
		return checked.items;
	});
}

/** Reads an uploaded `kairan.items/1` file into the draft's editor; nothing saved on a problem. */
export async function uploadItems(db: Db, user: SessionUser, noticeId: string, text: string) {
	// Authorize before reading what a stranger sent.
	await db.$transaction((tx) => editableVersion(tx, user, noticeId));
	const parsed = parseDefinition(text);
	if (!parsed.ok) throw new ItemsRefused(parsed.problems);
	return saveItems(db, user, noticeId, parsed.items, 'notice.items_upload');
}

/**
 * Appends the items of an earlier notice this user may see (past draft, as the editor's list of
 * earlier notices offers) after the draft's own, numbered on.
 */
export async function copyItemsFrom(db: Db, user: SessionUser, noticeId: string, sourceId: string) {
	const { items } = await editableItems(db, user, noticeId);
	const source = await db.notice.findFirst({
		where: { AND: [{ id: sourceId }, visibleNotices(user), { status: { not: 'draft' } }] },
		select: { id: true }
	});
	if (!source) throw new UserError(404, 'コピー元の通知が見つかりません。', 'copyFrom');
	const copied = await liveItems(db, source.id);
	if (copied.length === 0)
		throw new UserError(400, 'コピー元の通知には回答項目がありません。', 'copyFrom');
	return saveItems(db, user, noticeId, [...items, ...copied], 'notice.items_copy');
}

/**
 * GET /notices/{id}/items.json: the items as the file format. The notice's issuers get the
 * published items, or a draft's items as written; anyone else who may see the notice gets them
 * once published; everyone else a 404.
 */
export async function itemsFile(db: Db, user: SessionUser, noticeId: string) {
	const managed = await db.notice.findFirst({
		where: { AND: [{ id: noticeId }, managedNotices(user)] },
		select: { id: true, status: true }
	});
	if (managed?.status === 'draft') {
		const { items } = await editableItems(db, user, noticeId);
		return serializeDefinition(items);
	}
	const visible =
		managed ??
		(await db.notice.findFirst({
			where: { AND: [{ id: noticeId }, visibleNotices(user), { status: { not: 'draft' } }] },
			select: { id: true }
		}));
	if (!visible) throw notFound();
	return serializeDefinition(await liveItems(db, noticeId));
}

/** The notice's deadline as published and as the correction being written has it. */
async function correctionDeadlines(
	tx: Tx,
	noticeId: string,
	version: { number: number; deadline: string | null }
) {
	const current = await tx.noticeVersion.findUniqueOrThrow({
		where: { noticeId_number: { noticeId, number: version.number - 1 } },
		select: { deadline: true }
	});
	return { published: current.deadline, next: version.deadline };
}

/** The row's columns: the definition and what grouped SQL reads of it (items-store.ts). */
const rowData = (item: ItemDefinition) => itemDefinitionColumns(item);

/**
 * Publication of a draft: its version's items become the notice's ResponseItem rows (a draft
 * has no answers, so the rows are simply replaced). Inside the caller's transaction.
 */
export async function publishDraftItems(
	tx: Tx,
	noticeId: string,
	version: { responseItems: unknown }
) {
	if (version.responseItems === null || version.responseItems === undefined) return;
	const items = await versionItems(tx, noticeId, version);
	await tx.responseItem.deleteMany({ where: { noticeId } });
	if (items.length)
		await tx.responseItem.createMany({
			data: items.map((item) => ({ noticeId, kind: DEFINED_KIND, ...rowData(item) }))
		});
}

/**
 * Publication of a correction: changed items are rewritten, new ones added, and every
 * submitted answer to a re-opened item goes back to draft (one statement per item: at most
 * MAX_ITEMS, whatever the number of recipients). Returns the re-opened items for the mail.
 */
export async function publishCorrectionItems(
	tx: Tx,
	user: SessionUser,
	noticeId: string,
	version: { number: number; deadline: string | null; responseItems: unknown }
): Promise<{ number: number; title: string }[]> {
	if (version.responseItems === null || version.responseItems === undefined) return [];
	const next = await versionItems(tx, noticeId, version);
	const rows = await tx.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		select: ROW_SELECT
	});
	const published = rows.map(itemFromRow);
	const { problems, reopened } = correctionEffects(
		published,
		next,
		await correctionDeadlines(tx, noticeId, version)
	);
	if (problems.length) throw new ItemsRefused(problems);
	for (const item of next) {
		const row = rows.find((r) => r.number === item.number);
		const data = rowData(item);
		if (!row) await tx.responseItem.create({ data: { noticeId, kind: DEFINED_KIND, ...data } });
		else if (!sameJson(itemFromRow(row), item))
			await tx.responseItem.update({ where: { id: row.id }, data });
	}
	for (const item of reopened) {
		const row = rows.find((r) => r.number === item.number)!;
		const { count } = await tx.response.updateMany({
			where: { responseItemId: row.id, status: 'submitted' },
			data: { status: 'draft', revision: { increment: 1 } }
		});
		await record(tx, {
			...actor(user),
			action: 'response_item.reopen',
			objectType: 'response_item',
			objectId: row.id,
			after: { noticeId, version: version.number, number: item.number, responses: count }
		});
	}
	return reopened.map((i) => ({ number: i.number, title: i.title }));
}
