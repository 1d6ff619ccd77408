// The audit trail on a real database (SQLite, or PostgreSQL with `npm run test:pg`): every kind
// of state change writes its event in the same transaction, the chain verifies, an edited row
// is named, concurrent writers do not fork the chain, and PostgreSQL refuses UPDATE/DELETE.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	TEST_PROVIDER,
	createDemoDatabase,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { actor, record, withAuditContext } from './index.ts';
import { GENESIS, GLOBAL_STREAM, canonicalJson, sealUnchained, verifyChain } from './chain.ts';
import {
	addAttachment,
	createDraft,
	deleteDraft,
	moveAttachment,
	removeAttachment,
	saveDraft
} from '../notices/drafts.ts';
import {
	closeNotice,
	discardCorrection,
	publishCorrection,
	publishNotice,
	startCorrection,
	withdrawNotice
} from '../notices/publishing.ts';
import { recordFirstView } from '../notices/queries.ts';
import { acknowledge, revokeAcknowledgment } from '../recipients/acknowledgments.ts';
import { resendAllFailed, resendToRecipient } from '../recipients/delivery.ts';
import { previewReminder, queueDueReminders, sendManualReminder } from '../recipients/reminders.ts';
import { saveResponse } from '../responses/own.ts';
import { openFiscalYear, updateGrantLine } from '../responses/grant-lines.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';

let env: TestDatabase;
let db: Db;
const publicUrl = 'https://kairan.test';
const as = (email: string) => sessionUserFor(db, email);

const pdf = (text: string) =>
	new TextEncoder().encode(
		`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`
	);

async function wardsForm(title: string): Promise<NoticeForm> {
	const mhlw = await as('mhlw.issuer@example.jp');
	return {
		noticeType: 'administrative_liaison',
		itemNumbering: 'full_width',
		correctionReason: null,
		title,
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-25',
		addresseeLines: ['各特別区衛生主管部（局）　御中'],
		preamble: 'センターの周知についてご協力をお願いします。',
		items: [{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' }],
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [mhlw.departmentId!],
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] }
	};
}

/**
 * The same database, except that writing an audit event fails. A change whose event is in its
 * own transaction must then not happen at all — which is what this proves for each kind.
 */
function withBrokenAudit(real: Db): Db {
	const brokenTx = <T extends object>(tx: T): T =>
		new Proxy(tx, {
			get(target, prop, receiver) {
				if (prop === 'auditEvent')
					return new Proxy(Reflect.get(target, prop, receiver) as object, {
						get(model, method, r) {
							// Events of one change are written together (recordAll: createMany).
							if (method === 'create' || method === 'createMany')
								return () => Promise.reject(new Error('the audit trail is unavailable'));
							return Reflect.get(model, method, r);
						}
					});
				return Reflect.get(target, prop, receiver);
			}
		});
	return new Proxy(real, {
		get(target, prop, receiver) {
			if (prop === '$transaction')
				return (fn: (tx: object) => Promise<unknown>, options?: object) =>
					target.$transaction((tx) => fn(brokenTx(tx)), options);
			if (prop === 'auditEvent') return brokenTx(target).auditEvent;
			return Reflect.get(target, prop, receiver);
		}
	}) as Db;
}

/** Everything a change in these tests may touch, to compare before and after a refusal. */
async function snapshot() {
	const [notices, versions, attachments, recipients, acks, responses, submissions, mails, lines] =
		await Promise.all([
			// Not recipientCount: it counts the Recipient rows, which a failed publication leaves
			// for its retry to reuse (publishing.ts), unseen while the notice is a draft.
			db.notice.findMany({ orderBy: { id: 'asc' }, omit: { recipientCount: true } }),
			db.noticeVersion.findMany({ orderBy: { id: 'asc' } }),
			db.attachment.findMany({ orderBy: { id: 'asc' } }),
			db.recipient.findMany({
				where: { firstViewedAt: { not: null } },
				orderBy: { id: 'asc' },
				select: { id: true, firstViewedAt: true }
			}),
			db.acknowledgment.findMany({ orderBy: { id: 'asc' } }),
			db.response.findMany({ orderBy: { id: 'asc' }, select: { id: true, revision: true } }),
			db.responseSubmission.count(),
			// Not `held` rows: a publication writes them before its transaction, and they stay
			// unsent until one commits (mail/queue.ts); a failed commit leaves only those.
			db.mail.findMany({
				where: { status: { not: 'held' } },
				orderBy: { id: 'asc' },
				select: { id: true, status: true }
			}),
			db.grantLine.findMany({ orderBy: { id: 'asc' } })
		]);
	return { notices, versions, attachments, recipients, acks, responses, submissions, mails, lines };
}

const eventCount = () => db.auditEvent.count();
/** Newest first is by time (the chains are per department, so `seq` orders one stream only). */
const newestFirst = [{ at: 'desc' as const }, { id: 'desc' as const }];
const lastEvent = () => db.auditEvent.findFirstOrThrow({ orderBy: newestFirst });
const globalCount = () => db.auditEvent.count({ where: { stream: GLOBAL_STREAM } });

/**
 * Runs a change first against the broken audit trail (it must fail and leave every table as it
 * was, and no event), then for real (it must append exactly the expected events).
 */
async function audited<T>(
	actions: string[],
	change: (db: Db) => Promise<T>
): Promise<{ result: T; events: Awaited<ReturnType<typeof lastEvent>>[] }> {
	const before = await snapshot();
	const count = await eventCount();
	await expect(change(withBrokenAudit(db))).rejects.toThrow('the audit trail is unavailable');
	expect(await snapshot()).toEqual(before);
	expect(await eventCount()).toBe(count);

	// The demo data records no events, so every event from now on is this change's.
	const since = new Date();
	const result = await change(db);
	const events = await db.auditEvent.findMany({
		where: { at: { gte: since } },
		// A change's events share a stream and may share a millisecond: their seq orders them.
		orderBy: [{ at: 'asc' }, { stream: 'asc' }, { seq: 'asc' }]
	});
	expect(events).toHaveLength((await eventCount()) - count);
	expect(events.map((e) => e.action)).toEqual(actions);
	return { result, events };
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
});

afterAll(async () => {
	await env?.cleanup();
});

describe('every kind of state change is audited in its own transaction', () => {
	test('drafts, attachments, publishing, corrections, acknowledgments, responses, reminders, closing, withdrawal, grant lines', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const setagaya = await as('setagaya.health@example.jp');
		const admin = await as('admin@example.jp');

		const form = await wardsForm('監査テスト');
		const { result: id, events: created } = await audited(['notice.create'], (d) =>
			createDraft(d, mhlw, form)
		);
		expect(created[0]).toMatchObject({
			actorId: mhlw.id,
			departmentId: mhlw.departmentId,
			objectType: 'notice',
			objectId: id
		});
		await audited(['notice.save_draft'], (d) =>
			saveDraft(d, mhlw, id, { ...form, title: '監査テスト（改）' })
		);
		const { events: added } = await audited(['attachment.add'], (d) =>
			addAttachment(d, env.storage, mhlw, id, {
				fileName: 'a.pdf',
				bytes: pdf('a'),
				title: 'A'
			})
		);
		expect(added[0].after).toMatchObject({ noticeId: id, position: 1, size: expect.any(Number) });
		await audited(['attachment.add'], (d) =>
			addAttachment(d, env.storage, mhlw, id, { fileName: 'b.pdf', bytes: pdf('b'), title: 'B' })
		);
		const { events: moved } = await audited(['attachment.move'], (d) =>
			moveAttachment(d, mhlw, id, 2, 'up')
		);
		expect(moved[0].before).toMatchObject({ position: 2 });
		expect(moved[0].after).toMatchObject({ position: 1 });
		await audited(['attachment.remove'], (d) => removeAttachment(d, mhlw, id, 2));
		await audited(['notice.publish'], (d) => publishNotice(d, mhlw, id, { publicUrl }));

		await audited(['recipient.first_view'], (d) => recordFirstView(d, setagaya, id));
		// Only the first view is a change.
		const n = await eventCount();
		await recordFirstView(db, setagaya, id);
		expect(await eventCount()).toBe(n);

		await audited(['acknowledgment.create'], (d) => acknowledge(d, setagaya, id));
		const recipient = await db.recipient.findFirstOrThrow({
			where: { noticeId: id, departmentId: setagaya.departmentId! }
		});
		await audited(['acknowledgment.revoke'], (d) =>
			revokeAcknowledgment(d, mhlw, id, recipient.id)
		);

		await audited(['notice.correction_start'], (d) => startCorrection(d, mhlw, id));
		await audited(['notice.correction_discard'], (d) => discardCorrection(d, mhlw, id));
		await startCorrection(db, mhlw, id);
		await audited(['notice.save_correction'], (d) =>
			saveDraft(d, mhlw, id, { ...form, title: '監査テスト（訂正）' })
		);
		await audited(['notice.correct'], (d) => publishCorrection(d, mhlw, id, '誤記', { publicUrl }));

		// Mails that failed, sent again.
		await db.mail.updateMany({ where: { recipientId: recipient.id }, data: { status: 'failed' } });
		const mail = await db.mail.findFirstOrThrow({
			where: { recipientId: recipient.id },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }]
		});
		await audited(['mail.resend'], (d) => resendToRecipient(d, mhlw, id, recipient.id));
		expect((await db.mail.findUniqueOrThrow({ where: { id: mail.id } })).status).toBe('queued');
		await db.mail.updateMany({ where: { recipientId: recipient.id }, data: { status: 'failed' } });
		await audited(['mail.resend_failed'], (d) => resendAllFailed(d, mhlw, id));

		await audited(['notice.close'], (d) => closeNotice(d, mhlw, id));
		await audited(['notice.withdraw'], (d) => withdrawNotice(d, mhlw, id, '重複', { publicUrl }));

		const draft = await createDraft(db, mhlw, await wardsForm('下書きのまま'));
		await audited(['notice.delete_draft'], (d) => deleteDraft(d, mhlw, draft));

		// Responses to the demo notice: a draft, a submission, and the registry it feeds.
		const demo = await db.notice.findFirstOrThrow({ where: { status: 'published' } });
		const tokyo = await as('tokyo.health@example.jp');
		const now = new Date('2024-10-20T10:00:00+09:00');
		const checklist = await db.responseItem.findFirstOrThrow({
			where: { noticeId: demo.id, kind: 'status_checklist' }
		});
		// The first answer also records the department's receipt of the notice.
		const { events: draftEvents } = await audited(
			['acknowledgment.create', 'response.save_draft'],
			(d) =>
				saveResponse(
					d,
					tokyo,
					demo.id,
					{ itemId: checklist.id, data: { status: 'in_progress' }, revision: 0, mode: 'draft' },
					now
				).then((r) => {
					if (!r.ok) throw new Error('not saved');
					return r;
				})
		);
		// No answer content in the trail: ids, revision and status only.
		expect(draftEvents[0].after).toEqual({
			noticeId: demo.id,
			versionNumber: demo.currentVersionNumber,
			impliedBy: 'response.save_draft'
		});
		expect(draftEvents[1].after).toEqual({
			noticeId: demo.id,
			itemId: checklist.id,
			item: checklist.number,
			revision: 1,
			status: 'draft'
		});
		const institutions = await db.responseItem.findFirstOrThrow({
			where: { noticeId: demo.id, kind: 'medical_institutions' }
		});
		const { events: submitted } = await audited(['registry.sync', 'response.submit'], (d) =>
			saveResponse(
				d,
				tokyo,
				demo.id,
				{
					itemId: institutions.id,
					data: {
						institutions: [
							{ name: '都立病院', municipality: '新宿区', clinicalDepartments: ['emergency'] }
						]
					},
					revision: 0,
					mode: 'submit'
				},
				now
			).then((r) => {
				if (!r.ok) throw new Error(JSON.stringify(r.errors));
				return r;
			})
		);
		expect(JSON.stringify(submitted)).not.toContain('都立病院');
		expect(submitted[0].after).toMatchObject({ added: 1, updated: 0 });

		const due = await previewReminder(db, mhlw, demo.id, checklist.id);
		await audited(['reminder.send'], (d) =>
			sendManualReminder(d, mhlw, {
				noticeId: demo.id,
				itemId: checklist.id,
				expectedCount: due.length,
				publicUrl,
				today: '2024-10-20',
				now
			})
		);
		await db.notice.update({ where: { id: demo.id }, data: { reminderDaysAfter: 1 } });
		const { events: auto } = await audited(['reminder.send_auto'], (d) =>
			queueDueReminders(d, { publicUrl, now: new Date('2025-06-01T10:00:00+09:00') })
		);
		expect(auto[0].actorId).toBeNull();

		const line = await db.grantLine.findFirstOrThrow();
		await audited(['grant_line.update'], (d) =>
			updateGrantLine(d, admin, {
				id: line.id,
				name: `${line.name}（改）`,
				subsidyRateNumerator: line.subsidyRateNumerator,
				subsidyRateDenominator: line.subsidyRateDenominator
			})
		);
		await audited(['grant_line.open_year'], (d) => openFiscalYear(d, admin, 2031));

		// One naming style: <subject>.<verb>, object types in snake_case.
		const all = await db.auditEvent.findMany({ select: { action: true, objectType: true } });
		for (const e of all) {
			expect(e.action).toMatch(/^[a-z_]+\.[a-z_]+$/);
			expect(e.objectType).toMatch(/^[a-z_]+$/);
		}
		expect(await verifyChain(db)).toMatchObject({ ok: true, events: await eventCount() });
	}, 120_000);

	test('a refused change leaves no event', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await createDraft(db, mhlw, await wardsForm('二度公開'));
		await publishNotice(db, mhlw, id, { publicUrl });
		const count = await eventCount();
		await expect(publishNotice(db, mhlw, id, { publicUrl })).rejects.toThrow();
		await expect(deleteDraft(db, mhlw, id)).rejects.toThrow();
		const viewer = await as('viewer@example.jp');
		await expect(closeNotice(db, viewer, id)).rejects.toThrow();
		const setagaya = await as('setagaya.health@example.jp');
		await expect(revokeAcknowledgment(db, setagaya, id, 'x')).rejects.toThrow();
		expect(await eventCount()).toBe(count);
	});

	test('the IP and department of the request are recorded from its context', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		await withAuditContext({ ip: '203.0.113.7', departmentId: mhlw.departmentId }, () =>
			record(db, { actorId: mhlw.id, action: 'test.context', objectType: 'user' })
		);
		expect(await lastEvent()).toMatchObject({
			action: 'test.context',
			ip: '203.0.113.7',
			departmentId: mhlw.departmentId
		});
		expect(actor(mhlw)).toEqual({ actorId: mhlw.id, departmentId: mhlw.departmentId });
	});
});

describe('the chain', () => {
	test('20 concurrent writers of one stream do not fork it', async () => {
		const start = await globalCount();
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				db.$transaction(async (tx) => {
					await tx.grantLine.count();
					await record(tx, {
						actorId: null,
						action: 'test.concurrent',
						objectType: 'test',
						objectId: String(i)
					});
				})
			)
		);
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				record(db, {
					actorId: null,
					action: 'test.concurrent',
					objectType: 'test',
					objectId: `d${i}`
				})
			)
		);
		const events = await db.auditEvent.findMany({
			where: { stream: GLOBAL_STREAM, seq: { gt: start } },
			orderBy: { seq: 'asc' }
		});
		expect(events).toHaveLength(40);
		expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => start + i + 1));
		// Every event's predecessor is the event just before it: one line, no branches.
		const byHash = new Set(events.map((e) => e.hash));
		expect(new Set(events.map((e) => e.prevHash)).size).toBe(40);
		for (const e of events.slice(1)) expect(byHash.has(e.prevHash!)).toBe(true);
		expect(await verifyChain(db)).toMatchObject({ ok: true, events: await eventCount() });
	});

	test("each department's events form a chain of their own; events with no department the global one", async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const yokohama = await as('yokohama.health@example.jp');
		const globalBefore = await globalCount();
		// Interleaved, concurrent: three streams, each must come out as one unbroken line.
		await Promise.all(
			Array.from({ length: 30 }, (_, i) => {
				const who = [tokyo, yokohama, null][i % 3];
				return record(db, {
					...(who ? actor(who) : { actorId: null, departmentId: null }),
					action: 'test.streams',
					objectType: 'test',
					objectId: `s${i}`
				});
			})
		);
		for (const who of [tokyo, yokohama]) {
			const events = await db.auditEvent.findMany({
				where: { stream: who.departmentId! },
				orderBy: { seq: 'asc' }
			});
			expect(events.every((e) => e.departmentId === who.departmentId)).toBe(true);
			expect(events.filter((e) => e.action === 'test.streams')).toHaveLength(10);
			expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
			expect(events[0].prevHash).toBe(GENESIS);
			for (const [i, e] of events.slice(1).entries()) expect(e.prevHash).toBe(events[i].hash);
			const head = await db.auditChainHead.findUniqueOrThrow({
				where: { stream: who.departmentId! }
			});
			expect(head).toMatchObject({ seq: events.length, hash: events.at(-1)!.hash });
		}
		expect(await globalCount()).toBe(globalBefore + 10);
		const result = await verifyChain(db);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.streams).toBeGreaterThanOrEqual(3);
	});

	test.runIf(TEST_PROVIDER === 'postgresql')(
		"a department's writer does not wait for another department's open transaction; one of the same department does",
		async () => {
			const tokyo = await as('tokyo.health@example.jp');
			const yokohama = await as('yokohama.health@example.jp');
			const event = (who: typeof tokyo, objectId: string) => ({
				...actor(who),
				action: 'test.wait',
				objectType: 'test',
				objectId
			});
			const order: string[] = [];
			let release!: () => void;
			const released = new Promise<void>((resolve) => (release = resolve));
			let recorded!: () => void;
			const holding = new Promise<void>((resolve) => (recorded = resolve));
			// Tokyo's transaction records its event (taking Tokyo's head) and stays open until
			// released, or 5 s at most so that a regression fails instead of hanging.
			const open = db.$transaction(async (tx) => {
				await record(tx, event(tokyo, 'held'));
				recorded();
				await Promise.race([released, new Promise((r) => setTimeout(r, 5_000))]);
				order.push('tokyo committed');
			});
			await holding;
			await record(db, event(yokohama, 'other department')).then(() => order.push('yokohama'));
			const sameStream = record(db, event(tokyo, 'same department')).then(() =>
				order.push('tokyo again')
			);
			// Give the same-department writer time to reach the head; it must still be waiting.
			await new Promise((r) => setTimeout(r, 300));
			order.push('released');
			release();
			await Promise.all([open, sameStream]);
			expect(order).toEqual(['yokohama', 'released', 'tokyo committed', 'tokyo again']);
			expect((await verifyChain(db)).ok).toBe(true);
		}
	);

	test('events written before the chain existed are sealed into it at start', async () => {
		const legacy = await db.auditEvent.create({
			data: {
				at: new Date('2026-01-05T09:00:00Z'),
				actorId: null,
				action: 'notice.publish',
				objectType: 'notice',
				objectId: 'old',
				after: { recipients: 3 }
			}
		});
		const outside = await verifyChain(db);
		expect(outside.ok).toBe(false);
		if (!outside.ok) expect(outside.break.id).toBe(legacy.id);
		expect(await sealUnchained(db)).toBe(1);
		expect(await db.auditEvent.findUniqueOrThrow({ where: { id: legacy.id } })).toMatchObject({
			objectId: 'old',
			stream: GLOBAL_STREAM,
			seq: await globalCount()
		});
		expect((await verifyChain(db)).ok).toBe(true);
	});

	test('canonical JSON sorts keys and drops no value', () => {
		expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: '漢' } })).toBe(
			'{"a":[true,null,"x"],"b":1,"c":{"y":"漢","z":1}}'
		);
		expect(GENESIS).toMatch(/^0{64}$/);
	});

	test('a row edited by hand breaks verification, which names it', async () => {
		await record(db, { actorId: null, action: 'test.tamper', objectType: 'test', objectId: 'x' });
		const victim = await db.auditEvent.findFirstOrThrow({
			where: { stream: GLOBAL_STREAM, seq: 3 }
		});
		await asOwner(async (sql) => {
			await sql(`UPDATE "AuditEvent" SET "objectId" = 'forged' WHERE "id" = '${victim.id}'`);
		});
		const result = await verifyChain(db, 7);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.break.stream).toBe(GLOBAL_STREAM);
			expect(result.break.seq).toBe(3);
			expect(result.break.id).toBe(victim.id);
			expect(result.break.reason).toMatch(/does not match/);
		}
		// Put it back: the chain verifies again (the hash covers content only).
		await asOwner((sql) =>
			sql(
				`UPDATE "AuditEvent" SET "objectId" = ${victim.objectId === null ? 'NULL' : `'${victim.objectId}'`} WHERE "id" = '${victim.id}'`
			)
		);
		expect((await verifyChain(db)).ok).toBe(true);

		// Deleting the last row is seen through the chain head.
		const last = await lastEvent();
		await asOwner((sql) => sql(`DELETE FROM "AuditEvent" WHERE "id" = '${last.id}'`));
		const truncated = await verifyChain(db);
		expect(truncated.ok).toBe(false);
		if (!truncated.ok)
			expect(truncated.break).toMatchObject({ stream: last.stream, seq: last.seq });
		// Put back, it verifies again.
		await db.auditEvent.create({
			data: {
				...last,
				before: last.before ?? undefined,
				after: last.after ?? undefined
			}
		});
		expect((await verifyChain(db)).ok).toBe(true);

		// Deleting a whole department's stream is seen through its head.
		const yokohama = await as('yokohama.health@example.jp');
		const stream = await db.auditEvent.findMany({ where: { stream: yokohama.departmentId! } });
		expect(stream.length).toBeGreaterThan(0);
		await asOwner((sql) =>
			sql(`DELETE FROM "AuditEvent" WHERE "stream" = '${yokohama.departmentId}'`)
		);
		const gone = await verifyChain(db);
		expect(gone.ok).toBe(false);
		if (!gone.ok)
			expect(gone.break).toMatchObject({
				stream: yokohama.departmentId,
				reason: expect.stringMatching(/has none/)
			});
		await db.auditEvent.createMany({
			data: stream.map((e) => ({
				...e,
				before: e.before ?? undefined,
				after: e.after ?? undefined
			}))
		});
		expect((await verifyChain(db)).ok).toBe(true);
	});
});

/**
 * Edits as someone with the table owner's power would: on PostgreSQL the append-only trigger
 * is switched off for the statement (what an attacker with owner rights could do), and back on.
 */
async function asOwner(run: (sql: (statement: string) => Promise<unknown>) => Promise<unknown>) {
	if (TEST_PROVIDER === 'postgresql') {
		await db.$transaction(async (tx) => {
			await tx.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER');
			await run((s) => tx.$executeRawUnsafe(s));
			await tx.$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER USER');
		});
	} else {
		await run((s) => db.$executeRawUnsafe(s));
	}
}

describe(`append-only (${TEST_PROVIDER})`, () => {
	test('UPDATE, DELETE and TRUNCATE of audit rows are refused on PostgreSQL', async () => {
		await record(db, { actorId: null, action: 'test.append_only', objectType: 'test' });
		const row = await lastEvent();
		const attempts = [
			`UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = '${row.id}'`,
			`DELETE FROM "AuditEvent" WHERE "id" = '${row.id}'`,
			...(TEST_PROVIDER === 'postgresql' ? [`TRUNCATE "AuditEvent"`] : [])
		];
		for (const sql of attempts) {
			const attempt = db.$executeRawUnsafe(sql);
			if (TEST_PROVIDER === 'postgresql') await expect(attempt).rejects.toThrow(/append-only/);
			// SQLite has no roles to refuse with: there, verification is the protection.
			else await attempt;
		}
		if (TEST_PROVIDER === 'postgresql') {
			expect(await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
			expect((await verifyChain(db)).ok).toBe(true);
		} else {
			expect((await verifyChain(db)).ok).toBe(false);
		}
	});
});
