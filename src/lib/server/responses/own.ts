// A department's answers to the response items (記) of a notice: drafts, submissions, their
// history, and the edit-conflict rule. Every function takes the signed-in user and reads or
// writes only that user's own department's rows — one department can never reach another's
// answers through here, whatever ids a request carries.
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, recordAll, type AuditInput } from '../audit/index.ts';
import { recordReceipt } from '../recipients/acknowledgments.ts';
import { UserError, notFound } from '../errors.ts';
import { ownRecipient, type OwnRecipient, type StoredAnswer } from './own-read.ts';
import { acceptsAnswers, dueItems, rowAppliesTo } from './due.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { validateAnswer } from '../../domain/forms/validate.ts';
import { effectiveDeadline } from '../../domain/forms/applies.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { parseFiscalYear } from '../../domain/responses/grant-report.ts';
import { syncRegistry } from './registry.ts';
import * as rollup from '../reports/recipient-rollup.ts';

/** The items the user's department must answer, with its current answers and their history. */
export async function ownResponses(db: Db, user: SessionUser, noticeId: string) {
	const recipient = await ownRecipient(db, user, noticeId);
	const items = await db.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		include: {
			responses: {
				where: { recipientId: recipient.id },
				include: {
					submissions: {
						orderBy: { number: 'desc' },
						select: { number: true, submittedAt: true, submittedById: true }
					}
				}
			}
		}
	});
	const people = new Map(
		(
			await db.user.findMany({
				where: { departmentId: user.departmentId },
				select: { id: true, name: true }
			})
		).map((u) => [u.id, u.name])
	);
	return {
		recipientId: recipient.id,
		noticeStatus: recipient.notice.status,
		/** Whether answers may still be saved (responses/due.ts acceptsAnswers). */
		acceptsAnswers: acceptsAnswers(recipient.notice),
		items: dueItems(items, recipient.dueRef).map((item) => {
			const response = item.responses[0] ?? null;
			const definition = itemFromRow(item);
			return {
				id: item.id,
				number: item.number,
				title: item.title,
				/** What the item asks: the respond page renders and checks by it. */
				definition,
				deadline: effectiveDeadline(definition, { deadline: recipient.notice.deadline }),
				response: response && {
					status: response.status,
					data: response.data as Record<string, unknown>,
					revision: response.revision,
					updatedAt: response.updatedAt,
					updatedBy: people.get(response.updatedById) ?? null,
					submittedAt: response.submittedAt,
					submissions: response.submissions.map((s) => ({
						number: s.number,
						submittedAt: s.submittedAt,
						by: people.get(s.submittedById) ?? null
					}))
				}
			};
		})
	};
}

export type SaveInput = {
	itemId: string;
	data: unknown;
	/** The revision the person started editing from; 0 for a first save. */
	revision: number;
	mode: 'draft' | 'submit';
};

export type SaveResult =
	| { ok: true; revision: number; status: string }
	| { ok: false; errors: { path: string; message: string }[] };

/**
 * Saves a draft or submits. A save that names an older revision than the stored one is refused
 * (409): someone of the same department saved in between, and nothing is overwritten silently.
 *
 * What only reads (the department's recipient row, the item, the grant lines) and the
 * validation happen before the transaction; the transaction holds only the writes and the
 * reads that must see them (the stored revision). In the deadline rush every save queues for
 * the one writer (SQLite) or the audit chain's head (both databases), so the time a save holds
 * them is what the last in the queue waits for, once per save ahead of it. A notice closed
 * between the check and the write lets that one save through, as it would on PostgreSQL
 * before (the check never locked the notice).
 */
export async function saveResponse(
	db: Db,
	user: SessionUser,
	noticeId: string,
	input: SaveInput,
	now = new Date()
): Promise<SaveResult> {
	const checked = await checkSave(db, user, noticeId, input, now);
	if (!checked.ok) return checked;
	return db.$transaction((tx) => writeSave(tx, user, noticeId, input.revision, checked.save, now));
}

/**
 * saveResponse's body, inside a transaction the caller holds (several answers saved together,
 * all or none: see workbook.ts). The same rules; a refusal or conflict throws or returns as
 * saveResponse does, and the caller must roll back on either.
 */
export async function saveResponseIn(
	tx: Tx,
	user: SessionUser,
	noticeId: string,
	input: SaveInput,
	now = new Date()
): Promise<SaveResult> {
	const checked = await checkSave(tx, user, noticeId, input, now);
	if (!checked.ok) return checked;
	return writeSave(tx, user, noticeId, input.revision, checked.save, now);
}

type CheckedSave = {
	recipient: OwnRecipient;
	item: { id: string; number: number };
	/** The stored answer as the read before the transaction saw it (see writeSave). */
	stored: StoredAnswer | null;
	behaviour: string | undefined;
	data: object;
	submitted: boolean;
};

/** The reads and checks of a save: who may save it, whether the answer is valid (no writes). */
async function checkSave(
	db: Tx,
	user: SessionUser,
	noticeId: string,
	input: SaveInput,
	now: Date
): Promise<
	{ ok: true; save: CheckedSave } | { ok: false; errors: { path: string; message: string }[] }
> {
	// The recipient, the item and the stored answer in one statement (own-read.ts).
	const { item, stored, ...recipient } = await ownRecipient(db, user, noticeId, input.itemId);
	if (!acceptsAnswers(recipient.notice))
		throw new UserError(409, 'この通知は回答の受付を終了しています。');
	if (!item || !rowAppliesTo(item, recipient.dueRef)) throw notFound();

	// The year read as the validator reads it (「令和6年度」 too), so its rates are the ones used.
	const fiscalYear = parseFiscalYear((input.data as { fiscalYear?: unknown } | null)?.fiscalYear);
	const definition = itemFromRow(item);
	const grantLines =
		definition.behaviour === 'grant_share'
			? await db.grantLine.findMany({
					where: { fiscalYear: fiscalYear ?? -1 },
					orderBy: { code: 'asc' }
				})
			: undefined;
	const checked = validateAnswer(definition, input.data, {
		mode: input.mode,
		today: todayInJapan(now),
		grantLines
	});
	if (!checked.ok) return { ok: false, errors: checked.errors };

	// A revision no save could have produced (a hand-edited 回答様式, a forged form) is a
	// conflict like any stale one — never a number the database refuses (INT range).
	if (!Number.isSafeInteger(input.revision) || input.revision < 0 || input.revision >= 2 ** 31)
		throw conflict();
	return {
		ok: true,
		save: {
			recipient,
			item: { id: item.id, number: item.number },
			stored,
			behaviour: definition.behaviour,
			data: checked.value as object,
			submitted: input.mode === 'submit'
		}
	};
}

/** The writes of a checked save, in the caller's transaction. */
async function writeSave(
	tx: Tx,
	user: SessionUser,
	noticeId: string,
	fromRevision: number,
	save: CheckedSave,
	now: Date
): Promise<SaveResult> {
	const { recipient, item, data, submitted } = save;
	// The stored answer was read before the transaction (checkSave). That read still holds when
	// the conditional update below matches: every write of a Response's status or submissions
	// raises its revision (saves here, a correction's reopening in notices/items.ts), so a row
	// still at the revision read is the row read. A first save (revision 0) inserts: if a row
	// appeared meanwhile, the insert's unique key refuses it, the same conflict.
	const existing = fromRevision === 0 ? null : save.stored;
	let responseId: string;
	let revision: number;
	if (!existing) {
		if (fromRevision !== 0 || save.stored) throw conflict();
		const created = await tx.response
			.create({
				data: {
					recipientId: recipient.id,
					responseItemId: item.id,
					status: submitted ? 'submitted' : 'draft',
					data,
					revision: 1,
					updatedById: user.id,
					submittedAt: submitted ? now : null
				},
				select: { id: true }
			})
			.catch((e: unknown) => {
				// An answer already saved (by another person of the department, or at the same moment).
				throw isUniqueViolation(e) ? conflict() : e;
			});
		responseId = created.id;
		revision = 1;
	} else {
		// Conditional update: of two saves from the same revision, only the first matches.
		if (existing.revision !== fromRevision) throw conflict();
		const updated = await tx.response.updateMany({
			where: { id: existing.id, revision: fromRevision },
			data: {
				data,
				revision: { increment: 1 },
				updatedById: user.id,
				updatedAt: now,
				// A new draft after a submission keeps the submitted status until resubmitted:
				// the submitted answer stays what the issuer counts.
				...(submitted ? { status: 'submitted', submittedAt: now } : {})
			}
		});
		if (updated.count !== 1) throw conflict();
		responseId = existing.id;
		revision = fromRevision + 1;
	}
	// The save's audit events, recorded together below (one claim of the chain head).
	const events: AuditInput[] = [];
	/** When the answer was first submitted, if this save makes it submitted (for the rollup). */
	let firstSubmittedAt: Date | null = null;
	if (submitted) {
		// Submissions are counted by the same read as the revision the update matched (above).
		await tx.responseSubmission.create({
			data: {
				responseId,
				number: (existing?.submissions ?? 0) + 1,
				data,
				submittedAt: now,
				submittedById: user.id
			},
			select: { id: true }
		});
		const first = existing?.firstSubmittedAt ?? null;
		if (existing?.status !== 'submitted') firstSubmittedAt = first && first < now ? first : now;
		if (save.behaviour === 'registry') {
			const synced = await syncRegistry(tx, {
				organizationId: recipient.department.organizationId,
				responseId,
				data
			});
			events.push({
				...actor(user),
				action: 'registry.sync',
				objectType: 'organization',
				objectId: recipient.department.organizationId,
				after: { responseId, ...synced }
			});
		}
	}
	// recordReceipt adds its event exactly when it records the receipt (none existed). A receipt
	// the read before the transaction saw needs no second look: only an issuer's revocation
	// removes one, and a revocation between that read and this save leaves what a revocation
	// just after the save would (the answer saved, no receipt), which is already allowed.
	const eventsBeforeReceipt = events.length;
	if (!recipient.received)
		await recordReceipt(
			tx,
			{
				recipientId: recipient.id,
				versionNumber: recipient.notice.currentVersionNumber,
				userId: user.id,
				departmentId: user.departmentId,
				noticeId,
				now,
				cause: submitted ? 'response.submit' : 'response.save_draft'
			},
			events
		);
	const received = events.length > eventsBeforeReceipt;
	events.push({
		...actor(user),
		action: submitted ? 'response.submit' : 'response.save_draft',
		objectType: 'response',
		objectId: responseId,
		// Never the answer itself: which item, which revision, what status.
		after: {
			noticeId,
			itemId: item.id,
			item: item.number,
			revision,
			status: submitted ? 'submitted' : 'draft'
		}
	});
	await recordAll(tx, events);
	// The dashboards' rollup, last: after the audit events, whose chain head orders writers (a
	// rollup row locked before it could deadlock with an acknowledgment, which takes the head
	// first). It is told what this save changed rather than reading it back.
	const { currentVersionNumber, deadline } = recipient.notice;
	await rollup.onAnswerSaved(tx, {
		notice: { id: noticeId, currentVersionNumber, deadline },
		recipientId: recipient.id,
		itemId: item.id,
		before: existing?.status ?? null,
		// A draft after a submission keeps the submitted status (see the update above).
		after: submitted ? 'submitted' : (existing?.status ?? 'draft'),
		firstSubmittedAt,
		receivedAt: received ? now : null
	});
	return { ok: true, revision, status: submitted ? 'submitted' : 'draft' };
}

/** Someone saved the item since this person's revision: a kind of its own, so callers (the
 * workbook import) can recognise it without reading its words. */
export class EditConflict extends UserError {
	constructor() {
		super(
			409,
			'同じ部局の別の担当者が先に保存したため、保存できませんでした。最新の内容を読み込み直してから、もう一度入力してください。 / Someone else in your department saved first; reload and try again.'
		);
	}
}
const conflict = () => new EditConflict();

/** The database's unique-constraint refusal (Prisma P2002), whichever adapter raised it. */
const isUniqueViolation = (e: unknown) =>
	typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
