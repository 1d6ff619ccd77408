// A department's answers through the real modules and a real database: drafts, submissions
// and their history, the edit conflict, tenant isolation, the registry, and reminders.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { refusal } from '../../../../tests/db/refusal.ts';
import type { Db } from '../db/client.ts';
import { EditConflict, ownResponses, saveResponse } from './own.ts';
import { itemDefinitionSchema } from '../../domain/forms/definition.ts';
import { toStoredDefinition } from '../../domain/forms/stored.ts';
import { registryFor } from './registry.ts';
import { registryTable } from '../reports/registry-table.ts';
import { nationalResponseTable } from '../reports/responses-table.ts';
import { openFiscalYear, updateGrantLine } from './grant-lines.ts';
import { deliveryStatus } from '../recipients/delivery.ts';
import { revokeAcknowledgment } from '../recipients/acknowledgments.ts';
import { previewReminder, queueDueReminders, sendManualReminder } from '../recipients/reminders.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const as = (email: string) => sessionUserFor(db, email);
const today = '2024-10-20';
const now = new Date('2024-10-20T10:00:00+09:00');

async function itemId(kind: string) {
	return (await db.responseItem.findFirstOrThrow({ where: { noticeId, kind } })).id;
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
});

afterAll(async () => {
	await env?.cleanup();
});

describe('answering', () => {
	test('a health department answers the four items; a center department is asked only its own', async () => {
		const yokohama = await ownResponses(db, await as('yokohama.health@example.jp'), noticeId);
		// The product asks every health department for all four (記4 included, see the seed).
		expect(yokohama.items.map((i) => i.number)).toEqual([1, 2, 3, 4]);
		expect(yokohama.items.every((i) => i.response === null)).toBe(true);
		const hokkaido = await ownResponses(db, await as('hokkaido.center@example.jp'), noticeId);
		expect(hokkaido.items.length).toBeGreaterThan(0);
		expect(hokkaido.items.length).toBeLessThanOrEqual(4);
	});

	test('draft, then submit, then revise: each submission is kept', async () => {
		const user = await as('yokohama.health@example.jp');
		const id = await itemId('status_checklist');
		const draft = await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: id, data: { status: 'in_progress' }, revision: 0, mode: 'draft' },
			now
		);
		expect(draft).toEqual({ ok: true, revision: 1, status: 'draft' });

		const incomplete = await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: id, data: { status: 'done' }, revision: 1, mode: 'submit' },
			now
		);
		expect(incomplete.ok).toBe(false);
		// A refused submission changes nothing.
		expect((await db.response.findFirstOrThrow({ where: { responseItemId: id } })).revision).toBe(
			1
		);

		const full = {
			status: 'done',
			distributedOn: '令和6年10月15日',
			institutionsReached: '１２０',
			methods: ['mail']
		};
		expect(
			await saveResponse(
				db,
				user,
				noticeId,
				{ itemId: id, data: full, revision: 1, mode: 'submit' },
				now
			)
		).toEqual({ ok: true, revision: 2, status: 'submitted' });
		await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: id, data: { ...full, institutionsReached: '130' }, revision: 2, mode: 'submit' },
			now
		);
		const item = (await ownResponses(db, user, noticeId)).items.find((i) => i.id === id)!;
		expect(item.response?.status).toBe('submitted');
		expect(item.response?.data).toMatchObject({
			institutionsReached: 130,
			distributedOn: '2024-10-15'
		});
		expect(item.response?.submissions.map((s) => s.number)).toEqual([2, 1]);
	});

	test('the second of two saves from the same revision is refused, and the first is kept', async () => {
		const a = await as('yokohama.health@example.jp');
		const id = await itemId('coordination_record');
		const first = await saveResponse(
			db,
			a,
			noticeId,
			{ itemId: id, data: { entries: [{ topic: '一人目の入力' }] }, revision: 0, mode: 'draft' },
			now
		);
		expect(first.ok).toBe(true);
		const error = await refusal(
			saveResponse(
				db,
				a,
				noticeId,
				{ itemId: id, data: { entries: [{ topic: '二人目の入力' }] }, revision: 0, mode: 'draft' },
				now
			)
		);
		expect(error.status).toBe(409);
		expect(error.message).toContain('先に保存');
		const stored = await db.response.findFirstOrThrow({
			where: { responseItemId: id, recipient: { departmentId: a.departmentId! } }
		});
		expect(stored.data).toEqual({ entries: [{ topic: '一人目の入力' }] });
	});

	test('no department can read or write another department’s answers', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const id = await itemId('status_checklist');
		// Tokyo's own answers never include Yokohama's saved data.
		const own = await ownResponses(db, tokyo, noticeId);
		expect(own.items.find((i) => i.id === id)?.response).toBeNull();
		// Issuers and viewers do not answer; an unaddressed department gets 404.
		expect((await refusal(ownResponses(db, await as('viewer@example.jp'), noticeId))).status).toBe(
			404
		);
		expect(
			(
				await refusal(
					saveResponse(
						db,
						await as('mhlw.issuer@example.jp'),
						noticeId,
						{ itemId: id, data: {}, revision: 0, mode: 'draft' },
						now
					)
				)
			).status
		).toBe(404);
		// An item id of another notice is not found, even for an addressed department.
		const other = await refusal(
			saveResponse(
				db,
				tokyo,
				'cxxxxxxxxxxxxxxxxxxxxxxxx',
				{ itemId: id, data: {}, revision: 0, mode: 'draft' },
				now
			)
		);
		expect(other.status).toBe(404);
		// A respondent whose department the notice is not addressed to gets 404 for the notice.
		const unaddressed = await db.user.findFirstOrThrow({
			where: {
				role: 'respondent',
				department: { recipients: { none: { noticeId } } }
			}
		});
		const outsider = await as(unaddressed.email);
		expect((await refusal(ownResponses(db, outsider, noticeId))).status).toBe(404);
		expect(
			(
				await refusal(
					saveResponse(
						db,
						outsider,
						noticeId,
						{ itemId: id, data: {}, revision: 0, mode: 'draft' },
						now
					)
				)
			).status
		).toBe(404);
	});

	test('submitted institutions enter the registry; the next answer starts from it', async () => {
		const user = await as('yokohama.health@example.jp');
		const id = await itemId('medical_institutions');
		const institutions = [
			{
				name: '横浜市立大学附属市民総合医療センター',
				institutionCode: '1411234567',
				municipality: '横浜市南区',
				clinicalDepartments: ['obstetrics_gynecology', 'emergency'],
				accepts24Hours: 'true'
			},
			{
				name: '済生会横浜市東部病院',
				municipality: '横浜市鶴見区',
				clinicalDepartments: ['emergency']
			}
		];
		expect(
			(
				await saveResponse(
					db,
					user,
					noticeId,
					{ itemId: id, data: { institutions }, revision: 0, mode: 'submit' },
					now
				)
			).ok
		).toBe(true);
		const registry = await registryFor(db, user.organizationId!);
		expect(registry.map((r) => r.name).sort()).toEqual(institutions.map((i) => i.name).sort());
		expect(registry.find((r) => r.institutionCode === '1411234567')).toMatchObject({
			accepts24Hours: true,
			clinicalDepartments: expect.arrayContaining(['obstetrics_gynecology', 'emergency'])
		});
		// Submitting again with a renamed entry of the same code updates it, not duplicates it.
		await saveResponse(
			db,
			user,
			noticeId,
			{
				itemId: id,
				data: { institutions: [{ ...institutions[0], name: '横浜市大センター病院' }] },
				revision: 1,
				mode: 'submit'
			},
			now
		);
		expect(
			await db.medicalInstitution.count({ where: { organizationId: user.organizationId! } })
		).toBe(2);
	});
});

describe('two first saves at once', () => {
	test('one is saved, the other is an edit conflict with its message, never a server error', async () => {
		const user = await as('setagaya.health@example.jp');
		const id = await itemId('coordination_record');
		const data = {
			entries: [{ date: '2024-10-18', counterpart: '東京都', topic: '連携', outcome: '' }]
		};
		const results = await Promise.allSettled(
			[0, 1].map(() =>
				saveResponse(db, user, noticeId, { itemId: id, data, revision: 0, mode: 'draft' }, now)
			)
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toBeInstanceOf(EditConflict);
		expect((refused.reason as EditConflict).status).toBe(409);
	});

	test("a fiscal year typed in 和暦 gets that year's rates", async () => {
		const user = await as('setagaya.health@example.jp');
		const id = await itemId('grant_report');
		const saved = await saveResponse(
			db,
			user,
			noticeId,
			{
				itemId: id,
				data: {
					fiscalYear: '令和6年度',
					lines: [{ code: 'operating_costs', planned: '1,000', actual: '800' }]
				},
				revision: 0,
				mode: 'draft'
			},
			now
		);
		expect(saved).toMatchObject({ ok: true });
	});
});

describe('issuer view of answers', () => {
	test('per department: items submitted of those due, and overdue once the deadline passed', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const before = await deliveryStatus(db, mhlw, noticeId, new Date('2024-11-08T12:00:00+09:00'));
		expect(before.totals.overdue).toBe(0);
		const after = await deliveryStatus(db, mhlw, noticeId, new Date('2024-11-09T12:00:00+09:00'));
		const yokohama = after.rows.find((r) => r.organization === '横浜市')!;
		expect(yokohama).toMatchObject({ itemsDue: 4, itemsSubmitted: 2, overdue: true });
		expect(after.totals.overdue).toBe(
			after.rows.filter((r) => r.itemsSubmitted < r.itemsDue).length
		);
		expect(after.totals.overdue).toBeGreaterThan(0);
	});
});

describe('registry export', () => {
	test('filters by prefecture and clinical department; a respondent sees only its own', async () => {
		const viewer = await as('viewer@example.jp');
		const all = await registryTable(db, viewer, {});
		expect(all.rows.length).toBeGreaterThanOrEqual(2);
		const kanagawa = await registryTable(db, viewer, { prefecture: '14' });
		expect(kanagawa.rows.every((r) => r[0] === '14')).toBe(true);
		expect(kanagawa.rows.map((r) => r[1])).toContain('横浜市');
		const obgyn = await registryTable(db, viewer, {
			prefecture: '14',
			clinicalDepartment: 'obstetrics_gynecology'
		});
		// The demo registry holds other departments' entries too: count what the filter must find.
		const inRegistry = (prefectureCode: string, clinicalDepartment?: string) =>
			db.medicalInstitution.count({
				where: {
					prefectureCode,
					...(clinicalDepartment ? { clinicalDepartments: { some: { clinicalDepartment } } } : {})
				}
			});
		expect(obgyn.rows.length).toBe(await inRegistry('14', 'obstetrics_gynecology'));
		expect(obgyn.rows.every((r) => String(r[5]).includes('産婦人科'))).toBe(true);
		expect(kanagawa.rows.length).toBe(await inRegistry('14'));
		expect((await registryTable(db, viewer, { prefecture: '13' })).rows).toHaveLength(
			await inRegistry('13')
		);
		// Tokyo's department sees no other organization's entries.
		expect((await registryTable(db, await as('tokyo.health@example.jp'), {})).rows).toEqual([]);
		expect((await registryTable(db, await as('yokohama.health@example.jp'), {})).rows.length).toBe(
			2
		);
	});
});

describe('reminders', () => {
	test('the audience is exactly those who have not submitted; the count shown is the count sent', async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const id = await itemId('status_checklist');
		const audience = await previewReminder(db, mhlw, noticeId, id);
		const applies = await db.recipient.count({
			where: { noticeId, department: { function: 'health' } }
		});
		const submitted = await db.response.count({
			where: { responseItemId: id, status: 'submitted' }
		});
		expect(audience).toHaveLength(applies - submitted);
		expect(audience.map((a) => a.name)).not.toContain('横浜市 衛生主管部（局）');

		// Someone submits between preview and send: nothing is sent, the new count is given.
		const tokyo = await as('tokyo.health@example.jp');
		await saveResponse(
			db,
			tokyo,
			noticeId,
			{
				itemId: id,
				data: { status: 'not_started' },
				revision: 0,
				mode: 'submit'
			},
			now
		);
		const changed = await refusal(
			sendManualReminder(db, mhlw, {
				noticeId,
				itemId: id,
				expectedCount: audience.length,
				publicUrl: 'https://kairan.test',
				today
			})
		);
		expect(changed.message).toContain(`${audience.length - 1} 部局に変わりました`);
		expect(await db.mail.count({ where: { kind: 'reminder' } })).toBe(0);

		const sent = await sendManualReminder(db, mhlw, {
			noticeId,
			itemId: id,
			expectedCount: audience.length - 1,
			publicUrl: 'https://kairan.test',
			today
		});
		expect(sent).toBe(audience.length - 1);
		expect(await db.mail.count({ where: { kind: 'reminder' } })).toBe(sent);
		// Only an issuer of the notice (here either of the joint issuers) may remind.
		expect(
			(await previewReminder(db, await as('cao.issuer@example.jp'), noticeId, id)).length
		).toBe(audience.length - 1);
		for (const email of ['tokyo.health@example.jp', 'viewer@example.jp'])
			expect((await refusal(previewReminder(db, await as(email), noticeId, id))).status).toBe(404);
	});

	test('automatic reminders go out once per round, after the deadline in business days', async () => {
		// The demo seed has automatic reminders off (its deadline is in the past): a first start
		// sends nothing. Turn them on for this test.
		expect(
			await queueDueReminders(db, {
				publicUrl: 'https://kairan.test',
				now: new Date('2024-11-11T09:00:00+09:00')
			})
		).toBe(0);
		await db.notice.update({ where: { id: noticeId }, data: { reminderDaysAfter: 1 } });
		const before = await db.mail.count({ where: { kind: 'reminder' } });
		// Deadline 2024-11-08 (Fri); one business day after is Mon 11-11.
		expect(
			await queueDueReminders(db, {
				publicUrl: 'https://kairan.test',
				now: new Date('2024-11-09T09:00:00+09:00')
			})
		).toBe(0);
		const first = await queueDueReminders(db, {
			publicUrl: 'https://kairan.test',
			now: new Date('2024-11-11T09:00:00+09:00')
		});
		expect(first).toBeGreaterThan(0);
		expect(
			await queueDueReminders(db, {
				publicUrl: 'https://kairan.test',
				now: new Date('2024-11-12T09:00:00+09:00')
			})
		).toBe(0);
		expect(await db.mail.count({ where: { kind: 'reminder' } })).toBe(before + first);
	});
});

describe('grant lines are data', () => {
	test('an admin opens a fiscal year from the latest and edits its rates; nobody else can', async () => {
		const admin = await as('admin@example.jp');
		await openFiscalYear(db, admin, 2025);
		const lines2025 = await db.grantLine.findMany({ where: { fiscalYear: 2025 } });
		expect(lines2025.map((l) => l.code).sort()).toEqual([
			'legal_support',
			'medical_costs',
			'operating_costs'
		]);
		expect((await refusal(openFiscalYear(db, admin, 2025))).status).toBe(409);

		const operating = lines2025.find((l) => l.code === 'operating_costs')!;
		await updateGrantLine(db, admin, {
			id: operating.id,
			name: operating.name,
			subsidyRateNumerator: '2',
			subsidyRateDenominator: '3'
		});
		expect(await db.grantLine.findUniqueOrThrow({ where: { id: operating.id } })).toMatchObject({
			subsidyRateNumerator: 2,
			subsidyRateDenominator: 3
		});
		// 2024 keeps its own rate.
		expect(
			(
				await db.grantLine.findFirstOrThrow({
					where: { fiscalYear: 2024, code: 'operating_costs' }
				})
			).subsidyRateNumerator
		).toBe(1);
		// A 令和6年度 answer in the national table keeps 令和6年度's 1/2 after 令和7年度 moved to 2/3.
		const viewer = await as('viewer@example.jp');
		const table = await nationalResponseTable(db, viewer, noticeId);
		const col = (name: string) => table.columns.indexOf(name);
		const yearCol = table.columns.findIndex((c) => / 年度$/.test(c));
		const reported = table.rows.find((r) => r[yearCol] === 2024)!;
		const operatingName = lines2025.find((l) => l.code === 'operating_costs')!.name;
		const actual = Number(reported[col(`記4 ${operatingName} 実績額`)]);
		expect(reported[col(`記4 ${operatingName} 国庫補助額`)]).toBe(Math.floor(actual / 2));
		const tooHigh = await refusal(
			updateGrantLine(db, admin, {
				id: operating.id,
				name: 'x',
				subsidyRateNumerator: 3,
				subsidyRateDenominator: 2
			})
		);
		expect(tooHigh.status).toBe(400);
		const issuer = await refusal(openFiscalYear(db, await as('mhlw.issuer@example.jp'), 2026));
		expect(issuer.status).toBe(403);
	});
});

describe('receipt', () => {
	test('saving an answer records receipt of the current version, once, audited as implied', async () => {
		const user = await as('hokkaido.center@example.jp');
		const recipient = await db.recipient.findFirstOrThrow({
			where: { noticeId, departmentId: user.departmentId! },
			include: { notice: { select: { currentVersionNumber: true } } }
		});
		expect(await db.acknowledgment.count({ where: { recipientId: recipient.id } })).toBe(0);
		const item = (await ownResponses(db, user, noticeId)).items[0];

		// A refused save (a wrong revision) records nothing.
		expect(
			(
				await refusal(
					saveResponse(db, user, noticeId, {
						itemId: item.id,
						data: {},
						revision: 7,
						mode: 'draft'
					})
				)
			).status
		).toBe(409);
		expect(await db.acknowledgment.count({ where: { recipientId: recipient.id } })).toBe(0);

		const saved = await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: item.id, data: {}, revision: 0, mode: 'draft' },
			now
		);
		expect(saved.ok).toBe(true);
		const acks = await db.acknowledgment.findMany({ where: { recipientId: recipient.id } });
		expect(acks).toEqual([
			expect.objectContaining({
				versionNumber: recipient.notice.currentVersionNumber,
				userId: user.id,
				createdAt: now
			})
		]);
		const event = await db.auditEvent.findFirstOrThrow({
			where: { action: 'acknowledgment.create', objectId: recipient.id }
		});
		expect(event.after).toMatchObject({ impliedBy: 'response.save_draft' });
		expect(
			(await db.recipient.findUniqueOrThrow({ where: { id: recipient.id } })).firstViewedAt
		).toEqual(now);

		// The next save keeps the first receipt.
		await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: item.id, data: {}, revision: 1, mode: 'draft' },
			new Date(now.getTime() + 60_000)
		);
		expect(await db.acknowledgment.count({ where: { recipientId: recipient.id } })).toBe(1);
		const delivery = await deliveryStatus(db, await as('mhlw.issuer@example.jp'), noticeId);
		const row = delivery.rows.find((r) => r.recipientId === recipient.id);
		expect(row?.acknowledgedAt).toEqual(now);

		// A receipt an issuer took back is recorded again by the next save.
		await revokeAcknowledgment(db, await as('mhlw.issuer@example.jp'), noticeId, recipient.id);
		const later = new Date(now.getTime() + 120_000);
		await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: item.id, data: {}, revision: 2, mode: 'draft' },
			later
		);
		expect(await db.acknowledgment.findMany({ where: { recipientId: recipient.id } })).toEqual([
			expect.objectContaining({ userId: user.id, createdAt: later })
		]);
	});
});

describe('an item defined as data', () => {
	test('is answered by its stored definition, not by its kind', async () => {
		const custom = itemDefinitionSchema.parse({
			number: 9,
			title: '研修の実施状況',
			fields: [
				{ key: 'held', type: 'yes_no', label: '研修の実施', required: true },
				{
					key: 'rate',
					type: 'percentage',
					label: '受講率',
					required: true,
					shownIf: { field: 'held', equals: true }
				}
			]
		});
		// Its kind says free_text; its definition asks something else entirely.
		const row = await db.responseItem.create({
			data: {
				noticeId,
				number: 9,
				title: custom.title,
				kind: 'free_text',
				functions: [],
				definition: toStoredDefinition(custom)
			}
		});
		try {
			const user = await as('setagaya.health@example.jp');
			const mine = await ownResponses(db, user, noticeId);
			const listed = mine.items.find((i) => i.id === row.id);
			expect(listed?.definition.fields.map((f) => f.key)).toEqual(['held', 'rate']);
			const save = (data: unknown, revision: number) =>
				saveResponse(db, user, noticeId, { itemId: row.id, data, revision, mode: 'submit' }, now);
			const refused = await save({ held: 'はい', rate: '120%', text: '自由記述' }, 0);
			expect(refused).toEqual({
				ok: false,
				errors: [{ path: 'rate', message: '受講率は100以下で入力してください。' }]
			});
			expect(await save({ held: 'はい', rate: '８５．５％' }, 0)).toMatchObject({ ok: true });
			const stored = await db.response.findFirstOrThrow({ where: { responseItemId: row.id } });
			expect(stored.data).toEqual({ held: true, rate: 85.5 });
		} finally {
			await db.responseItem.delete({ where: { id: row.id } });
		}
	});
});
