// The second layer's roll-up (forwarding.ts) on a real database (SQLite, and PostgreSQL with
// KAIRAN_TEST_DB=postgresql): second-level recipients are written as the forward action writes
// them (Forwarding + Recipient.forwardingId) and counted by the rollup's recount; then random
// acknowledgments and submissions, each followed by the rollup's writer call. The figures must
// equal a recount here from the rows, equal the rollup rebuilt from scratch, and leave every
// first-level figure (progress, trend, prefecture drill-down, delivery, reminders) as it was.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { refusal } from '../../../../tests/db/refusal.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { createDraft } from '../notices/drafts.ts';
import { saveItems } from '../notices/items.ts';
import { publishNotice } from '../notices/publishing.ts';
import { acknowledge } from '../recipients/acknowledgments.ts';
import { reminderAudience } from '../recipients/reminders.ts';
import { deliveryStatus } from '../recipients/delivery.ts';
import { DUE_COLUMNS, dueItems } from '../responses/due.ts';
import { noticeDashboard } from './progress.ts';
import { prefectureDrilldown } from './prefecture.ts';
import { itemSummaries } from './item-summaries.ts';
import { rebuildNotice } from './rollup.ts';
import { noticeRef } from './rollup-sql.ts';
import { onAnswerSaved, onReceipt } from './recipient-rollup.ts';
import { onForwarded } from './forwarding-rollup.ts';
import {
	forwardedAccess,
	forwardedList,
	noticeSecondLayer,
	readSecondLayers,
	withItemCounts
} from './forwarding.ts';
import { forwardingReminderCount, sendForwardingReminder } from './forwarding-reminders.ts';
import { needsReminder } from '../../domain/second-layer.ts';

const RUNS = Number(process.env.KAIRAN_ROLLUP_RUNS ?? 6);
const publicUrl = 'https://kairan.test';
const RECOUNT = { timeout: 60_000 };
const NOW = new Date('2026-12-03T10:00:00+09:00');

let env: TestDatabase;
let db: Db;
let issuer: SessionUser;
let tokyo: SessionUser;
let setagaya: SessionUser;
let noticeId: string;
const second: { id: string; prefectureCode: string }[] = [];
let tokyoRecipientId: string;

function form(): NoticeForm {
	return {
		noticeType: 'request',
		title: '転送のテスト',
		documentNumber: null,
		issuedOn: '2026-12-01',
		deadline: '2026-12-20',
		addresseeLines: ['各都道府県衛生主管部（局）　御中'],
		preamble: '照会します。',
		items: [{ number: 1, heading: '状況', text: '回答してください。' }],
		itemNumbering: 'full_width',
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [issuer.departmentId!],
		correctionReason: null,
		rule: {
			bodyKinds: ['prefecture', 'special_ward'],
			functions: ['health'],
			include: [],
			exclude: []
		}
	};
}

const item = (title: string, bodyKinds: string[]) => ({
	paragraph: 1,
	title,
	instructions: '',
	appliesTo: { bodyKinds, functions: [] },
	deadline: null,
	fields: [
		{
			key: 'status',
			type: 'single_choice',
			label: '状況',
			required: true,
			choices: [{ value: 'done', label: '実施済み' }]
		}
	],
	checks: [],
	summary: ['status']
});

/** Departments of bodies a prefecture would forward to: the health department the demo gives
 * every 市・町・村 without a 保健所, every other one stripped of its address (its reminder is then
 * marked failed at once). */
async function municipalDepartments(prefectureCode: string, n: number) {
	const departments = await db.department.findMany({
		where: {
			function: 'health',
			retiredAt: null,
			organization: { prefectureCode, kind: { in: ['city', 'town', 'village'] } }
		},
		orderBy: { organization: { localGovernmentCode: 'asc' } },
		take: n,
		select: { id: true }
	});
	const ids = departments.map((d) => d.id);
	await db.departmentEmail.deleteMany({
		where: { departmentId: { in: ids.filter((_, i) => i % 2 === 1) } }
	});
	return ids;
}

/** As the forward action writes it: one Forwarding and its second-level recipients. */
async function forward(by: SessionUser, prefectureCode: string, departmentIds: string[]) {
	const own = await db.recipient.findFirstOrThrow({
		where: { noticeId, departmentId: by.departmentId! },
		select: { id: true }
	});
	const f = await db.forwarding.create({
		data: { noticeId, recipientId: own.id, prefectureCode, createdById: by.id, coverNote: '' }
	});
	for (const departmentId of departmentIds) {
		const r = await db.recipient.create({ data: { noticeId, departmentId, forwardingId: f.id } });
		second.push({ id: r.id, prefectureCode });
	}
	// Counted in as the forward action counts them; twice is once.
	await db.$transaction((tx) => onForwarded(tx, f.id), RECOUNT);
	await db.$transaction((tx) => onForwarded(tx, f.id), RECOUNT);
	return { forwardingId: f.id, ownRecipientId: own.id };
}

/** The first level's figures, as every first-level screen shows them. */
async function firstLevel() {
	const dashboard = await noticeDashboard(db, issuer, noticeId, NOW);
	const drill = await prefectureDrilldown(db, issuer, noticeId, '13', NOW);
	const delivery = await deliveryStatus(db, issuer, noticeId, NOW);
	const audience = await reminderAudience(db, noticeId);
	const summaries = await itemSummaries(db, issuer, noticeId);
	return {
		summaries,
		progress: dashboard.progress,
		trend: dashboard.trend,
		prefectures: dashboard.prefectures,
		drill: drill.rows.map((r) => r.recipientId).sort(),
		delivery: { rows: delivery.rows.length, totals: delivery.totals },
		audience: audience.map((a) => a.recipientId)
	};
}

/** The second layer recounted here from the rows, per prefecture. */
async function recount() {
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: {
			currentVersionNumber: true,
			responseItems: { select: { id: true, ...DUE_COLUMNS } },
			recipients: {
				where: { forwardingId: { not: null } },
				select: {
					forwarding: { select: { prefectureCode: true } },
					department: { select: { function: true, organization: { select: { kind: true } } } },
					acknowledgments: { select: { versionNumber: true } },
					responses: { where: { status: 'submitted' }, select: { responseItemId: true } }
				}
			}
		}
	});
	const out = new Map<
		string,
		{ recipients: number; acknowledged: number; complete: number; waiting: number }
	>();
	for (const r of notice.recipients) {
		const code = r.forwarding!.prefectureCode;
		const row = out.get(code) ?? { recipients: 0, acknowledged: 0, complete: 0, waiting: 0 };
		row.recipients++;
		const acknowledged = r.acknowledgments.some(
			(a) => a.versionNumber === notice.currentVersionNumber
		);
		if (acknowledged) row.acknowledged++;
		const due = dueItems(notice.responseItems, {
			bodyKind: r.department.organization.kind,
			function: r.department.function
		});
		const complete =
			due.length > 0 && due.every((i) => r.responses.some((s) => s.responseItemId === i.id));
		if (complete) row.complete++;
		// 未確認: neither acknowledged nor answered.
		if (!acknowledged && !complete) row.waiting++;
		out.set(code, row);
	}
	return out;
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
	tokyo = await sessionUserFor(db, 'tokyo.health@example.jp');
	setagaya = await sessionUserFor(db, 'setagaya.health@example.jp');
	noticeId = await createDraft(db, issuer, form());
	await saveItems(db, issuer, noticeId, [
		item('全部局', []),
		item('市町村のみ', ['city', 'town', 'village']),
		item('都道府県のみ', ['prefecture'])
	]);
	await db.notice.update({ where: { id: noticeId }, data: { forwardable: true } });
	await publishNotice(db, issuer, noticeId, {
		publicUrl,
		now: new Date('2026-12-01T09:00:00+09:00')
	});
	// Some first-level work, so its figures are not all zero.
	await acknowledge(db, tokyo, noticeId, new Date('2026-12-02T10:00:00+09:00'));
	await acknowledge(db, setagaya, noticeId, new Date('2026-12-02T11:00:00+09:00'));
}, 120_000);

afterAll(async () => {
	await env?.cleanup();
});

test('forwarding leaves every first-level figure as it was', async () => {
	const before = await firstLevel();
	expect(before.progress.recipients).toBeGreaterThan(40);
	const tokyoDepartments = await municipalDepartments('13', 4);
	const { ownRecipientId } = await forward(tokyo, '13', tokyoDepartments);
	tokyoRecipientId = ownRecipientId;
	// Kanagawa has no demo account: its department's forwarding is written for it.
	const kanagawa = await db.recipient.findFirstOrThrow({
		where: { noticeId, department: { organization: { kind: 'prefecture', prefectureCode: '14' } } },
		select: { departmentId: true }
	});
	await forward(
		{ ...tokyo, departmentId: kanagawa.departmentId },
		'14',
		await municipalDepartments('14', 5)
	);
	expect(second).toHaveLength(9);
	expect(await firstLevel()).toEqual(before);
	// Counting the forwardings in equals recounting the notice.
	const rollup = async () => ({
		recipients: await db.recipientTally.findMany({
			where: { noticeId },
			orderBy: { recipientId: 'asc' }
		}),
		progress: await db.progressTally.findMany({
			where: { noticeId, recipients: { not: 0 } },
			orderBy: [
				{ prefectureCode: 'asc' },
				{ scope: 'asc' },
				{ state: 'asc' },
				{ acknowledged: 'asc' },
				{ openDeadline: 'asc' }
			]
		}),
		items: await db.itemTally.findMany({
			where: { noticeId },
			orderBy: [{ itemId: 'asc' }, { prefectureCode: 'asc' }, { scope: 'asc' }]
		})
	});
	const counted = await rollup();
	await db.$transaction((tx) => rebuildNotice(tx, noticeId), RECOUNT);
	expect(await rollup()).toEqual(counted);
	const layer = (await readSecondLayers(db, [noticeId])).get(noticeId)!;
	const forwarded = layer.filter((r) => r.forwarded).map((r) => [r.prefectureCode, r.recipients]);
	expect(forwarded).toEqual([
		['13', 4],
		['14', 5]
	]);
	expect(layer.filter((r) => r.addressed).length).toBe(47);
	expect(layer.find((r) => r.prefectureCode === '13')?.firstForwardedOn).toMatch(
		/^\d{4}-\d{2}-\d{2}$/
	);
}, 120_000);

test('second-level counts equal a recount after random acknowledgments and submissions', async () => {
	const items = await db.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		select: { id: true }
	});
	const before = await firstLevel();
	const op = fc.record({
		who: fc.integer({ min: 0, max: second.length - 1 }),
		ack: fc.boolean(),
		item: fc.integer({ min: 0, max: items.length - 1 }),
		submit: fc.boolean()
	});
	await fc.assert(
		fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
			for (const o of ops) {
				const recipientId = second[o.who].id;
				if (o.ack) {
					const exists = await db.acknowledgment.findFirst({
						where: { recipientId, versionNumber: 1 }
					});
					await db.$transaction(async (tx) => {
						if (exists) await tx.acknowledgment.delete({ where: { id: exists.id } });
						else
							await tx.acknowledgment.create({
								data: { recipientId, versionNumber: 1, userId: tokyo.id, createdAt: NOW }
							});
						await onReceipt(tx, recipientId);
					}, RECOUNT);
				} else {
					const itemId = items[o.item].id;
					await db.$transaction(async (tx) => {
						const old = await tx.response.findUnique({
							where: { recipientId_responseItemId: { recipientId, responseItemId: itemId } }
						});
						const status = o.submit ? 'submitted' : 'draft';
						const saved = await tx.response.upsert({
							where: { recipientId_responseItemId: { recipientId, responseItemId: itemId } },
							create: {
								recipientId,
								responseItemId: itemId,
								status,
								data: { status: 'done' },
								updatedById: tokyo.id,
								submittedAt: o.submit ? NOW : null
							},
							update: { status, submittedAt: o.submit ? NOW : null }
						});
						// A submission on record, as the respond page keeps one (summaries read it).
						if (o.submit)
							await tx.responseSubmission.create({
								data: {
									responseId: saved.id,
									number:
										(await tx.responseSubmission.count({ where: { responseId: saved.id } })) + 1,
									data: { status: 'done' },
									submittedAt: NOW,
									submittedById: tokyo.id
								}
							});
						await onAnswerSaved(tx, {
							notice: (await noticeRef(tx, noticeId))!,
							recipientId,
							itemId,
							before: old?.status ?? null,
							after: status,
							// Every submission here is made at NOW.
							firstSubmittedAt: o.submit && old?.status !== 'submitted' ? NOW : null,
							receivedAt: null
						});
					}, RECOUNT);
				}
			}
			const expected = await recount();
			const layer = (await readSecondLayers(db, [noticeId])).get(noticeId)!;
			for (const [code, want] of expected) {
				const got = layer.find((r) => r.prefectureCode === code)!;
				const { waiting, ...counts } = want;
				expect({
					recipients: got.recipients,
					acknowledged: got.acknowledged,
					complete: got.complete
				}).toEqual(counts);
				// The list's filters in the address bar agree with the same recount.
				const scope = { prefectureCode: code };
				expect((await forwardedList(db, noticeId, scope, 'unacknowledged')).length).toBe(waiting);
				expect((await forwardedList(db, noticeId, scope, 'answered')).length).toBe(want.complete);
				expect((await forwardedList(db, noticeId, scope, 'unanswered')).length).toBe(
					want.recipients - want.complete
				);
			}
			// The incremental rollup equals the rollup rebuilt from the rows.
			await db.$transaction((tx) => rebuildNotice(tx, noticeId), RECOUNT);
			expect((await readSecondLayers(db, [noticeId])).get(noticeId)).toEqual(layer);
			// The list's statuses agree with the counts, and the reminder audience with the list.
			const list = await forwardedList(db, noticeId, { prefectureCode: '13' });
			expect(list.filter((r) => r.status === 'answered').length).toBe(expected.get('13')!.complete);
			expect(await forwardingReminderCount(db, noticeId, tokyoRecipientId)).toBe(
				list.filter((r) => needsReminder(r.status)).length
			);
			// And none of it moves a first-level figure (the trend included).
			expect(await firstLevel()).toEqual(before);
		}),
		{ numRuns: RUNS }
	);
}, 300_000);

test('external recipients are counted per forwarding prefecture', async () => {
	const forwarding = await db.forwarding.findFirstOrThrow({
		where: { noticeId, prefectureCode: '14' }
	});
	const later = new Date(NOW.getTime() + 30 * 86_400_000);
	const rows = [
		{ acknowledgedAt: NOW, answeredAt: NOW },
		{ acknowledgedAt: NOW, answeredAt: null },
		{ acknowledgedAt: null, answeredAt: null }
	];
	for (const [i, r] of rows.entries())
		await db.externalRecipient.create({
			data: {
				forwardingId: forwarding.id,
				noticeId,
				name: `病院${i}`,
				email: `h${i}@example.jp`,
				expiresAt: later,
				...r
			}
		});
	const layer = await noticeSecondLayer(db, issuer, noticeId);
	expect(layer?.rows.find((r) => r.prefectureCode === '14')?.external).toEqual({
		recipients: 3,
		acknowledged: 2,
		answered: 1
	});
	expect(layer?.rows.find((r) => r.prefectureCode === '13')?.external.recipients).toBe(0);
	expect(layer?.totals.externalAnswered).toBe(1);
});

test('who sees forwarded recipients: the forwarding prefecture its own, readers all', async () => {
	expect(await forwardedAccess(db, tokyo, noticeId)).toMatchObject({
		mode: 'forwarder',
		prefectureCode: '13'
	});
	expect(await forwardedAccess(db, issuer, noticeId)).toEqual({ mode: 'reader' });
	// A first-level ward is not a prefecture: it forwarded nothing and sees nothing.
	expect((await refusal(forwardedAccess(db, setagaya, noticeId))).status).toBe(404);
	// A second-level municipality neither.
	const municipal = await db.user.create({
		data: {
			email: 'muni@example.jp',
			name: '市町村職員',
			role: 'respondent',
			departmentId: (await db.recipient.findUniqueOrThrow({ where: { id: second[0].id } }))
				.departmentId,
			passwordHash: 'x'
		}
	});
	expect(
		(await refusal(forwardedAccess(db, await sessionUserFor(db, municipal.email), noticeId))).status
	).toBe(404);
	// Tokyo's list is Tokyo's forwarded recipients only, with item counts and no answers.
	const own = await forwardedList(db, noticeId, { forwardedBy: tokyoRecipientId });
	expect(own.map((r) => r.prefectureCode)).toEqual(['13', '13', '13', '13']);
	const counted = await withItemCounts(db, noticeId, own);
	expect(counted.every((r) => r.itemsDue === 2)).toBe(true);
	expect(Object.keys(counted[0])).not.toContain('data');
	// A notice that is not forwardable has no second layer.
	await db.notice.update({ where: { id: noticeId }, data: { forwardable: false } });
	expect(await noticeSecondLayer(db, issuer, noticeId)).toBeNull();
	expect((await refusal(forwardedAccess(db, tokyo, noticeId))).status).toBe(404);
	await db.notice.update({ where: { id: noticeId }, data: { forwardable: true } });
});

test('the prefecture reminds those of its forwarded recipients who have something left', async () => {
	const today = '2026-12-03';
	// One of Tokyo's recipients has done nothing (whatever the random steps left).
	await db.acknowledgment.deleteMany({ where: { recipientId: second[0].id } });
	await db.response.deleteMany({ where: { recipientId: second[0].id } });
	await db.$transaction((tx) => rebuildNotice(tx, noticeId), RECOUNT);
	const count = await forwardingReminderCount(db, noticeId, tokyoRecipientId);
	const input = { noticeId, publicUrl, today, now: NOW };
	expect(
		(await refusal(sendForwardingReminder(db, tokyo, { ...input, expectedCount: count + 1 })))
			.status
	).toBe(409);
	expect(
		(await refusal(sendForwardingReminder(db, issuer, { ...input, expectedCount: count }))).status
	).toBe(404);
	expect(count).toBeGreaterThan(0);
	expect(await sendForwardingReminder(db, tokyo, { ...input, expectedCount: count })).toBe(count);
	const mails = await db.mail.findMany({ where: { kind: 'forwarding_reminder' } });
	expect(mails).toHaveLength(count);
	const tokyoSecond = new Set(second.filter((s) => s.prefectureCode === '13').map((s) => s.id));
	expect(mails.every((m) => tokyoSecond.has(m.recipientId!))).toBe(true);
	expect(mails.every((m) => m.subject?.includes('【督促】') && m.text?.includes(publicUrl))).toBe(
		true
	);
	expect(mails.every((m) => (m.toAddresses === '') === (m.status === 'failed'))).toBe(true);
	expect(await db.auditEvent.count({ where: { action: 'forwarding.remind' } })).toBe(1);
	// Twice the same day: nothing new.
	expect(
		(await refusal(sendForwardingReminder(db, tokyo, { ...input, expectedCount: count }))).status
	).toBe(409);
});
