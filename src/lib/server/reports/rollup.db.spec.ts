// Property test: the dashboards' rollup (rollup.ts), kept by every write, equals a full recount
// after any sequence of what people do — publish, acknowledge, save a draft, submit, correct
// (with or without re-opening an item), take an acknowledgment back, withdraw, close — on a
// real database (SQLite, and PostgreSQL with KAIRAN_TEST_DB=postgresql). Two recounts: the
// rollup rebuilt from the rows by rebuildNotice, and the figures computed here in JavaScript
// from the rows by due.ts's own functions (rowAppliesTo, itemOverdue), compared with what the
// progress page shows on several days.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import type { ItemDefinition } from '../../domain/forms/index.ts';
import { UserError } from '../errors.ts';
import { createDraft } from '../notices/drafts.ts';
import { editableItems, saveItems } from '../notices/items.ts';
import {
	closeNotice,
	publishCorrection,
	publishNotice,
	startCorrection,
	withdrawNotice
} from '../notices/publishing.ts';
import { acknowledge, revokeAcknowledgment } from '../recipients/acknowledgments.ts';
import { saveResponse } from '../responses/own.ts';
import { DUE_COLUMNS, itemOverdue, rowAppliesTo } from '../responses/due.ts';
import { todayInJapan } from '../../domain/dates.ts';
import { noticeDashboard } from './progress.ts';
import { rebuildNotice } from './rollup.ts';

const RUNS = Number(process.env.KAIRAN_ROLLUP_RUNS ?? 10);
const publicUrl = 'https://kairan.test';
/** A recount is one notice's work; on a loaded shared machine it may outlast Prisma's 5 s. */
const RECOUNT = { timeout: 60_000 };
const RESPONDENTS = [
	'setagaya.health@example.jp',
	'tokyo.health@example.jp',
	'yokohama.health@example.jp',
	'hokkaido.center@example.jp'
] as const;

let env: TestDatabase;
let db: Db;
let issuer: SessionUser;
let viewer: SessionUser;
const people = new Map<string, SessionUser>();

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
	viewer = await sessionUserFor(db, 'viewer@example.jp');
	for (const email of RESPONDENTS) people.set(email, await sessionUserFor(db, email));
});

afterAll(async () => {
	await env?.cleanup();
});

function form(title: string, wardsOnly: boolean): NoticeForm {
	return {
		noticeType: 'request',
		title,
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-20',
		addresseeLines: ['各都道府県・政令市・特別区衛生主管部（局）　御中'],
		preamble: '照会します。',
		items: [{ number: 1, heading: '状況', text: '回答してください。' }],
		itemNumbering: 'full_width',
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [issuer.departmentId!],
		correctionReason: null,
		rule: wardsOnly
			? { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] }
			: {
					bodyKinds: ['prefecture', 'designated_city', 'special_ward'],
					functions: ['health', 'onestop_center'],
					include: [],
					exclude: []
				}
	};
}

/** Items that apply to different departments with different deadlines. */
function items(): Record<string, unknown>[] {
	const item = (
		title: string,
		appliesTo: { bodyKinds: string[]; functions: string[] },
		deadline: string | null
	) => ({
		paragraph: 1,
		title,
		instructions: '',
		appliesTo,
		deadline,
		fields: [
			{
				key: 'status',
				type: 'single_choice',
				label: '状況',
				required: true,
				choices: [
					{ value: 'done', label: '実施済み' },
					{ value: 'planned', label: '予定' }
				]
			},
			{ key: 'count', type: 'whole_number', label: '件数', unit: '件', required: false }
		],
		checks: [],
		summary: ['status']
	});
	return [
		item('全部局', { bodyKinds: [], functions: [] }, null),
		item('都道府県のみ', { bodyKinds: ['prefecture'], functions: [] }, '2026-12-05'),
		item('センターのみ', { bodyKinds: [], functions: ['onestop_center'] }, '2026-12-12')
	];
}

async function publishedNotice(title: string, wardsOnly = false) {
	const id = await createDraft(db, issuer, form(title, wardsOnly));
	await saveItems(db, issuer, id, items());
	await publishNotice(db, issuer, id, { publicUrl, now: new Date('2026-12-01T09:00:00+09:00') });
	return id;
}

type Op =
	| { kind: 'ack'; who: number; day: number }
	| { kind: 'save'; who: number; item: number; submit: boolean; day: number }
	| { kind: 'revoke'; who: number }
	| { kind: 'correct'; reopen: boolean }
	| { kind: 'publish' }
	| { kind: 'withdraw' }
	| { kind: 'close' };

const who = fc.integer({ min: 0, max: RESPONDENTS.length - 1 });
/** Days passed since the previous operation (time only moves forward). */
const day = fc.integer({ min: 0, max: 3 });
const ack = fc.record({ kind: fc.constant('ack' as const), who, day });
const save = fc.record({
	kind: fc.constant('save' as const),
	who,
	item: fc.integer({ min: 0, max: 2 }),
	submit: fc.boolean(),
	day
});
const revoke = fc.record({ kind: fc.constant('revoke' as const), who });
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: ack },
	{ weight: 8, arbitrary: save },
	{ weight: 4, arbitrary: revoke },
	{
		weight: 2,
		arbitrary: fc.record({ kind: fc.constant('correct' as const), reopen: fc.boolean() })
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('publish' as const) }) }
);
/** A life: ordinary work, perhaps an end (withdrawn or closed), and what may still happen after. */
const life = fc
	.tuple(
		fc.array(op, { minLength: 4, maxLength: 16 }),
		fc.constantFrom<Op[]>([], [{ kind: 'withdraw' }], [{ kind: 'close' }]),
		fc.array(fc.oneof(ack, save, revoke), { maxLength: 3 })
	)
	.map(([work, end, after]) => {
		let clock = 0;
		return [...work, ...end, ...after].map((o) =>
			'day' in o ? { ...o, day: (clock += o.day) } : o
		);
	});

const at = (d: number) => new Date(Date.parse('2026-12-01T10:00:00+09:00') + d * 86_400_000);

/** Refusals a person meets in ordinary use (closed notice, not addressed, nothing to revoke). */
async function allowingRefusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		if (!(e instanceof UserError)) throw e;
	}
}

async function apply(noticeId: string, o: Op, run: number, step: number) {
	const person = people.get(RESPONDENTS[('who' in o ? o.who : 0) as number])!;
	switch (o.kind) {
		case 'ack':
			return allowingRefusal(acknowledge(db, person, noticeId, at(o.day)));
		case 'save': {
			const rows = await db.responseItem.findMany({
				where: { noticeId },
				orderBy: { number: 'asc' },
				select: { id: true }
			});
			const item = rows[o.item % rows.length];
			const recipient = await db.recipient.findFirst({
				where: { noticeId, departmentId: person.departmentId! },
				select: { id: true }
			});
			const existing = recipient
				? await db.response.findFirst({
						where: { recipientId: recipient.id, responseItemId: item.id },
						select: { revision: true }
					})
				: null;
			const data = o.submit ? { status: 'done', count: String(step) } : { status: 'planned' };
			return allowingRefusal(
				saveResponse(
					db,
					person,
					noticeId,
					{
						itemId: item.id,
						data,
						revision: existing?.revision ?? 0,
						mode: o.submit ? 'submit' : 'draft'
					},
					at(o.day)
				)
			);
		}
		case 'revoke': {
			const recipient = await db.recipient.findFirst({
				where: { noticeId, departmentId: person.departmentId! },
				select: { id: true }
			});
			if (!recipient) return;
			return allowingRefusal(revokeAcknowledgment(db, issuer, noticeId, recipient.id));
		}
		case 'correct': {
			const notice = await db.notice.findUniqueOrThrow({ where: { id: noticeId } });
			if (notice.status !== 'published') return;
			await startCorrection(db, issuer, noticeId);
			const next: ItemDefinition[] = structuredClone(
				(await editableItems(db, issuer, noticeId)).items
			);
			if (o.reopen) (next[0].fields[1] as { unit?: string }).unit = `単位${run}-${step}`;
			else next[2].deadline = '2027-01-15';
			await saveItems(db, issuer, noticeId, next);
			return publishCorrection(db, issuer, noticeId, '訂正します。', { publicUrl });
		}
		case 'publish':
			await publishedNotice(`別の通知 ${run}-${step}`, true);
			return;
		case 'withdraw':
			return allowingRefusal(withdrawNotice(db, issuer, noticeId, '取り消します。', { publicUrl }));
		case 'close':
			return allowingRefusal(closeNotice(db, issuer, noticeId));
	}
}

/** The rollup's rows for a notice, in a stable order (zero counters are no information). */
async function snapshot(noticeId: string) {
	const where = { noticeId };
	const [recipients, progress, items, days] = await Promise.all([
		db.recipientTally.findMany({ where, orderBy: { recipientId: 'asc' } }),
		db.progressTally.findMany({ where: { ...where, recipients: { not: 0 } } }),
		db.itemTally.findMany({
			where,
			orderBy: [{ itemId: 'asc' }, { prefectureCode: 'asc' }, { scope: 'asc' }]
		}),
		db.dailyTally.findMany({
			where: { ...where, OR: [{ acknowledged: { not: 0 } }, { submitted: { not: 0 } }] },
			orderBy: { day: 'asc' }
		})
	]);
	const key = (p: (typeof progress)[number]) =>
		[p.prefectureCode, p.scope, p.acknowledged, p.state, p.openDeadline].join('|');
	progress.sort((a, b) => key(a).localeCompare(key(b)));
	return { recipients, progress, items, days };
}

/** The national figures computed here from the rows, by due.ts's functions. */
async function recount(noticeId: string, today: string) {
	const notice = await db.notice.findUniqueOrThrow({
		where: { id: noticeId },
		select: {
			currentVersionNumber: true,
			versions: { select: { number: true, deadline: true } },
			responseItems: { select: { id: true, ...DUE_COLUMNS } },
			recipients: {
				select: {
					department: { select: { function: true, organization: { select: { kind: true } } } },
					acknowledgments: { select: { versionNumber: true } },
					responses: { select: { responseItemId: true, status: true } }
				}
			}
		}
	});
	const deadline =
		notice.versions.find((v) => v.number === notice.currentVersionNumber)?.deadline ?? null;
	let acknowledged = 0;
	let complete = 0;
	let overdue = 0;
	const submitted = new Map(notice.responseItems.map((i) => [i.id, 0]));
	for (const r of notice.recipients) {
		const dept = { bodyKind: r.department.organization.kind, function: r.department.function };
		if (r.acknowledgments.some((a) => a.versionNumber === notice.currentVersionNumber))
			acknowledged++;
		const due = notice.responseItems.filter((i) => rowAppliesTo(i, dept));
		const done = (id: string) =>
			r.responses.some((s) => s.responseItemId === id && s.status === 'submitted');
		for (const i of due) if (done(i.id)) submitted.set(i.id, submitted.get(i.id)! + 1);
		if (due.length > 0 && due.every((i) => done(i.id))) complete++;
		if (due.some((i) => !done(i.id) && itemOverdue(i, deadline, today))) overdue++;
	}
	return { recipients: notice.recipients.length, acknowledged, complete, overdue, submitted };
}

async function expectRollupExact(noticeId: string) {
	const kept = await snapshot(noticeId);
	await db.$transaction((tx) => rebuildNotice(tx, noticeId), RECOUNT);
	expect(kept).toEqual(await snapshot(noticeId));
	for (const d of [0, 11, 90]) {
		const now = at(d);
		const expected = await recount(noticeId, todayInJapan(now));
		const { progress, trend, prefectures } = await noticeDashboard(db, viewer, noticeId, now);
		expect(progress.recipients).toBe(expected.recipients);
		expect(progress.acknowledged).toBe(expected.acknowledged);
		expect(progress.complete).toBe(expected.complete);
		expect(progress.overdue).toBe(expected.overdue);
		for (const item of progress.items) expect(item.submitted).toBe(expected.submitted.get(item.id));
		expect(prefectures.reduce((n, p) => n + p.complete, 0)).toBe(expected.complete);
		if (trend.length > 0 && d === 90) {
			const last = trend.at(-1)!;
			expect(last.acknowledged).toBe(expected.acknowledged);
			expect(last.submitted).toBe([...expected.submitted.values()].reduce((a, b) => a + b, 0));
		}
	}
}

test('after any sequence of operations the rollup equals a full recount', async () => {
	let run = 0;
	await fc.assert(
		fc.asyncProperty(life, async (ops) => {
			run++;
			const noticeId = await publishedNotice(`集計の検証 ${run}`);
			for (const [step, o] of ops.entries()) await apply(noticeId, o, run, step);
			await expectRollupExact(noticeId);
		}),
		{ numRuns: RUNS, endOnFailure: true }
	);
	// The other notices published along the way were kept exactly too.
	const others = await db.notice.findMany({
		where: { status: { not: 'draft' } },
		select: { id: true }
	});
	for (const { id } of others) {
		const kept = await snapshot(id);
		await db.$transaction((tx) => rebuildNotice(tx, id), RECOUNT);
		expect(kept).toEqual(await snapshot(id));
	}
}, 600_000);

test('answers saved at the same moment by several departments are all counted', async () => {
	const noticeId = await publishedNotice('同時の回答');
	const rows = await db.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		select: { id: true }
	});
	const when = at(3);
	// Receipt first, one at a time: two first saves of one department at once both try to write
	// its acknowledgment, and one fails on the unique key (recordReceipt's own race, reported).
	for (const email of RESPONDENTS) await acknowledge(db, people.get(email)!, noticeId, when);
	// Every department answers every item at once: drafts, then submissions, all concurrent
	// (items that do not apply to a department are refused and change nothing).
	for (const mode of ['draft', 'submit'] as const) {
		const revisions = await db.response.findMany({
			where: { responseItem: { noticeId } },
			select: { recipientId: true, responseItemId: true, revision: true }
		});
		await Promise.all(
			RESPONDENTS.flatMap((email) =>
				rows.map(async (item) => {
					const person = people.get(email)!;
					const recipient = await db.recipient.findFirstOrThrow({
						where: { noticeId, departmentId: person.departmentId! },
						select: { id: true }
					});
					const revision =
						revisions.find((r) => r.recipientId === recipient.id && r.responseItemId === item.id)
							?.revision ?? 0;
					return allowingRefusal(
						saveResponse(
							db,
							person,
							noticeId,
							{ itemId: item.id, data: { status: 'done', count: '1' }, revision, mode },
							when
						)
					);
				})
			)
		);
	}
	const submitted = await db.response.count({
		where: { responseItem: { noticeId }, status: 'submitted' }
	});
	expect(submitted).toBeGreaterThan(RESPONDENTS.length);
	await expectRollupExact(noticeId);
}, 120_000);
