// Forwarding (issue 13) through the real modules on a real database (SQLite, and PostgreSQL with
// KAIRAN_TEST_DB=postgresql): who may forward, to which bodies (duplicate avoidance, the
// prefecture's boundary), what it writes (second-level recipients, one mail per department, an
// invitation where nobody can sign in), and that second-level recipients answer like the first
// while the first-level figures stay as they were.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { refusal } from '../../../../tests/db/refusal.ts';
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { createDraft } from '../notices/drafts.ts';
import { saveItems } from '../notices/items.ts';
import { publishNotice } from '../notices/publishing.ts';
import { getNotice } from '../notices/queries.ts';
import { acknowledge } from '../recipients/acknowledgments.ts';
import { saveResponse } from '../responses/own.ts';
import { readTallies } from '../reports/tallies.ts';
import { rebuildNotice } from '../reports/rollup.ts';
import { messageOfRow } from '../mail/notice-mails.ts';
import { acceptInvitation, findInvitation } from '../people/invitations.ts';
import { forward } from './forward.ts';
import { forwarder } from './access.ts';
import { listCandidates } from './rules.ts';
import { findForwardingAttachment, storeForwardingUploads } from './attachments.ts';
import { noticeForwarding } from './queries.ts';

const publicUrl = 'https://kairan.test';
const NOW = new Date('2026-12-02T10:00:00+09:00');

let env: TestDatabase;
let db: Db;
let issuer: SessionUser;
let kanagawa: SessionUser;
let tokyo: SessionUser;
let yokohama: SessionUser;
let viewer: SessionUser;
let hiratsuka: SessionUser;
let forwardableId: string;
let plainId: string;

/** The health department (with its address) the demo gives every 市・町・村 without a 保健所. */
async function healthDepartment(code: string) {
	return db.department.findFirstOrThrow({
		where: { organization: { localGovernmentCode: code }, function: 'health', retiredAt: null }
	});
}

async function respondent(email: string, departmentId: string) {
	await db.user.create({
		data: { email, name: '担当', passwordHash: 'x', role: 'respondent', departmentId }
	});
	return sessionUserFor(db, email);
}

function form(title: string, forwardable: boolean): NoticeForm {
	return {
		noticeType: 'administrative_liaison',
		title,
		documentNumber: null,
		issuedOn: '2026-12-01',
		deadline: '2026-12-25',
		addresseeLines: ['各都道府県・保健所設置市・特別区衛生主管部（局）　御中'],
		preamble: '管内市町村への周知をお願いします。',
		items: [{ number: 1, heading: '周知', text: '周知してください。' }],
		itemNumbering: 'full_width',
		contacts: [],
		references: [],
		issuerDepartmentIds: [issuer.departmentId!],
		correctionReason: null,
		forwardable,
		rule: {
			bodyKinds: [
				'prefecture',
				'designated_city',
				'core_city',
				'other_health_center_city',
				'special_ward'
			],
			functions: ['health'],
			include: [],
			exclude: []
		}
	};
}

async function published(title: string, forwardable: boolean) {
	const id = await createDraft(db, issuer, form(title, forwardable));
	await saveItems(db, issuer, id, [
		{
			paragraph: 1,
			title: '周知の状況',
			instructions: '',
			appliesTo: { bodyKinds: [], functions: [] },
			deadline: null,
			fields: [
				{
					key: 'status',
					type: 'single_choice',
					label: '状況',
					required: true,
					choices: [
						{ value: 'done', label: '周知済み' },
						{ value: 'planned', label: '予定' }
					]
				}
			],
			checks: [],
			summary: ['status']
		}
	]);
	await publishNotice(db, issuer, id, { publicUrl, now: NOW });
	return id;
}

const cover = {
	documentNumber: '神健第123号',
	issuedOn: '令和8年12月3日',
	coverNote: '標記について、別添のとおり通知がありましたので、お知らせします。',
	attachments: []
};

/**
 * The first-level figures of the dashboards. Not `days` (DailyTally): it has no scope yet and
 * counts every level (the second-layer views' work, reported to the lead).
 */
const figures = async (noticeId: string) => {
	const t = (await readTallies(db, [noticeId], 'all')).get(noticeId)!;
	return JSON.stringify([t.states, [...t.items.entries()], t.prefectures]);
};

async function tallyRows(noticeId: string) {
	const rows = async (table: string) =>
		(
			await db.$queryRaw<Record<string, unknown>[]>(
				Prisma.sql`SELECT * FROM ${Prisma.raw(`"${table}"`)} WHERE "noticeId" = ${noticeId}`
			)
		)
			.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? Number(v) : v)))
			.sort();
	return {
		recipients: await rows('RecipientTally'),
		// A bucket emptied by a move stays as a row of 0 (recipient-rollup.ts); a recount writes none.
		progress: (await rows('ProgressTally')).filter((r) => !r.includes('"recipients":0}')),
		items: await rows('ItemTally')
	};
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	issuer = await sessionUserFor(db, 'mhlw.issuer@example.jp');
	tokyo = await sessionUserFor(db, 'tokyo.health@example.jp');
	yokohama = await sessionUserFor(db, 'yokohama.health@example.jp');
	viewer = await sessionUserFor(db, 'viewer@example.jp');
	const pref = await db.department.findFirstOrThrow({
		where: { function: 'health', organization: { localGovernmentCode: '140007' } }
	});
	kanagawa = await respondent('kanagawa.test@example.jp', pref.id);
	// The demo gives every 市・町・村 a health department and 鎌倉市 an account; this spec wants a
	// smaller world: 鎌倉市 (nobody who can sign in yet), 平塚市 (one account) and 逗子市 may be
	// forwarded to, 神奈川県's other 市・町・村 (大和市 among them) have no department in the
	// directory; 武蔵野市 is one of 東京都's.
	await db.department.updateMany({
		where: {
			function: 'health',
			organization: {
				prefectureCode: '14',
				kind: { in: ['city', 'town', 'village'] },
				localGovernmentCode: { notIn: ['142034', '142042', '142085'] }
			}
		},
		data: { retiredAt: new Date() }
	});
	await db.user.updateMany({
		where: { department: { organization: { localGovernmentCode: '142042' } } },
		data: { disabledAt: new Date() }
	});
	await healthDepartment('142042');
	hiratsuka = await respondent('hiratsuka.test@example.jp', (await healthDepartment('142034')).id);
	await healthDepartment('142085');
	await healthDepartment('132039');
	forwardableId = await published('転送を依頼する通知', true);
	plainId = await published('転送を依頼しない通知', false);
}, 120_000);

afterAll(async () => {
	await env?.cleanup();
});

describe('who may forward', () => {
	test('a first-level prefecture department on a forwardable notice', async () => {
		const who = await forwarder(db, kanagawa, forwardableId);
		expect(who).toMatchObject({ prefectureCode: '14', function: 'health' });
		expect((await noticeForwarding(db, kanagawa, forwardableId)).mayForward).toBe(true);
	});

	test('not a designated city, a viewer, an issuer, nor on a notice without forwarding', async () => {
		for (const user of [yokohama, viewer, issuer])
			expect(
				(
					await refusal(
						forward(db, user, forwardableId, { ...cover, bodies: 'all' }, { publicUrl })
					)
				).status
			).toBe(404);
		expect(
			(await refusal(forward(db, kanagawa, plainId, { ...cover, bodies: 'all' }, { publicUrl })))
				.status
		).toBe(404);
		expect(await forwarder(db, kanagawa, plainId)).toBeNull();
		expect((await noticeForwarding(db, yokohama, forwardableId)).mayForward).toBe(false);
	});
});

describe('which bodies', () => {
	test("the screen's list: direct recipients, missing departments and bodies that may be forwarded to", async () => {
		const list = await listCandidates(db, {
			noticeId: forwardableId,
			prefectureCode: '14',
			function: 'health'
		});
		const status = Object.fromEntries(list.map((c) => [c.code, c.status]));
		expect(status['141003']).toBe('direct'); // 横浜市, a designated city addressed directly
		expect(status['142077']).toBe('direct'); // 茅ヶ崎市, a health-center city
		expect(status['142042']).toBe('available');
		expect(status['142131']).toBe('no_department'); // 大和市
		expect(status['140007']).toBeUndefined(); // the prefecture itself
		expect(list.every((c) => c.code.startsWith('14'))).toBe(true);
		expect(
			list
				.filter((c) => c.status === 'available')
				.map((c) => c.code)
				.sort()
		).toEqual(['142034', '142042', '142085']);
	});

	test("another prefecture's bodies are refused and nothing is written", async () => {
		const e = await refusal(
			forward(db, tokyo, forwardableId, { ...cover, bodies: ['142042'] }, { publicUrl })
		);
		expect(e.status).toBe(400);
		expect(e.message).toContain('142042');
		const e2 = await refusal(
			forward(
				db,
				kanagawa,
				forwardableId,
				{ ...cover, bodies: ['142042', '132039'] },
				{ publicUrl }
			)
		);
		expect(e2.message).toContain('132039');
		expect(await db.forwarding.count()).toBe(0);
		expect(await db.recipient.count({ where: { forwardingId: { not: null } } })).toBe(0);
	});

	test('a body addressed directly is refused by name, all or nothing', async () => {
		const e = await refusal(
			forward(
				db,
				kanagawa,
				forwardableId,
				{ ...cover, bodies: ['142042', '141003'] },
				{ publicUrl }
			)
		);
		expect(e.status).toBe(409);
		expect(e.message).toContain('横浜市（既に直接の宛先）');
		const e2 = await refusal(
			forward(db, kanagawa, forwardableId, { ...cover, bodies: ['142131'] }, { publicUrl })
		);
		expect(e2.message).toContain('大和市（部局が名簿にありません）');
		expect(await db.forwarding.count()).toBe(0);
		expect(await db.mail.count({ where: { kind: 'forwarding' } })).toBe(0);
	});

	test('malformed input is a 400 with a message', async () => {
		for (const bad of [
			{ ...cover, bodies: [] },
			{ ...cover, bodies: ['14204'] },
			{ ...cover, bodies: ['142042'], issuedOn: '12月のどこか' },
			{ ...cover, bodies: ['142042'], documentNumber: 'x'.repeat(101) }
		]) {
			const e = await refusal(forward(db, kanagawa, forwardableId, bad, { publicUrl }));
			expect(e.status).toBe(400);
			expect(e.message).not.toBe('');
		}
	});
});

describe('forwarding', () => {
	let first: string;
	let before: string;

	test('to one municipality: a recipient, its mail with an invitation link, an audit event', async () => {
		before = await figures(forwardableId);
		const stored = await storeForwardingUploads(env.storage, [
			{
				fileName: 'cover.txt',
				title: '送付文',
				bytes: new TextEncoder().encode('神奈川県からの送付文です。\n')
			}
		]);
		const result = await forward(
			db,
			kanagawa,
			forwardableId,
			{ ...cover, bodies: ['142042'], attachments: stored },
			{ publicUrl, now: NOW }
		);
		first = result.forwardingId;
		expect(result).toMatchObject({ recipients: 1, invitations: 1 });
		const f = await db.forwarding.findUniqueOrThrow({
			where: { id: first },
			include: { attachments: true }
		});
		expect(f).toMatchObject({
			prefectureCode: '14',
			documentNumber: '神健第123号',
			issuedOn: '2026-12-03'
		});
		expect(f.attachments).toHaveLength(1);
		const mails = await db.mail.findMany({ where: { kind: 'forwarding' } });
		expect(mails).toHaveLength(1);
		expect(mails[0].status).toBe('queued');
		expect(mails[0].toAddresses).toBe('health.142042@example.jp');
		const message = await messageOfRow(db, mails[0].id, { publicUrl }, NOW);
		expect(message.subject).toContain('【転送】');
		expect(message.subject).toContain('神奈川県');
		expect(message.subject).toContain('神健第123号');
		expect(message.subject).toContain('令和8年12月3日付け');
		expect(message.text).toContain(`${publicUrl}/notices/${forwardableId}`);
		expect(message.text).toContain('アカウントを作成してください');
		const link = /\/invitation\/(\S+)/.exec(message.text)![1];
		const invitation = await findInvitation(db, link, NOW);
		expect(invitation).toMatchObject({
			role: 'respondent',
			manager: true,
			email: 'health.142042@example.jp'
		});
		expect(
			await db.auditEvent.count({ where: { action: 'notice.forward', objectId: forwardableId } })
		).toBe(1);
	});

	test('to all the rest: the bodies already reached are not sent it again', async () => {
		const result = await forward(
			db,
			kanagawa,
			forwardableId,
			{ ...cover, bodies: 'all' },
			{ publicUrl, now: NOW }
		);
		// 平塚市 and 逗子市; 鎌倉市 was forwarded to, 横浜市 and the other cities are first level.
		expect(result).toMatchObject({ recipients: 2, invitations: 1 });
		const perDepartment = await db.mail.groupBy({
			by: ['recipientId'],
			where: { kind: 'forwarding' },
			_count: { _all: true }
		});
		expect(perDepartment).toHaveLength(3);
		expect(perDepartment.every((r) => r._count._all === 1)).toBe(true);
		const hiratsukaMail = await db.mail.findFirstOrThrow({
			where: { kind: 'forwarding', recipient: { departmentId: hiratsuka.departmentId! } }
		});
		expect((await messageOfRow(db, hiratsukaMail.id, { publicUrl }, NOW)).text).not.toContain(
			'アカウントを作成'
		);
		// Nothing is left to forward to; a body named again is refused as 転送済み.
		expect(
			(
				await refusal(
					forward(db, kanagawa, forwardableId, { ...cover, bodies: 'all' }, { publicUrl })
				)
			).status
		).toBe(400);
		const again = await refusal(
			forward(db, kanagawa, forwardableId, { ...cover, bodies: ['142042'] }, { publicUrl })
		);
		expect(again.message).toContain('鎌倉市（転送済み）');
		expect(await db.mail.count({ where: { kind: 'forwarding' } })).toBe(3);
		const yokohamaForwarded = await db.recipient.count({
			where: {
				noticeId: forwardableId,
				forwardingId: { not: null },
				department: { organization: { localGovernmentCode: '141003' } }
			}
		});
		expect(yokohamaForwarded).toBe(0);
	});

	test('the first-level figures are unchanged; the rollup equals a recount', async () => {
		expect(await figures(forwardableId)).toBe(before);
		const kept = await tallyRows(forwardableId);
		expect(kept.recipients.filter((r) => r.includes('"scope":"forwarded"'))).toHaveLength(3);
		await db.$transaction((tx) => rebuildNotice(tx, forwardableId), { timeout: 60_000 });
		expect(await tallyRows(forwardableId)).toEqual(kept);
	});

	test('a municipal department reads the cover note, acknowledges and answers like the first level', async () => {
		const kamakuraDept = await db.department.findFirstOrThrow({
			where: { function: 'health', organization: { localGovernmentCode: '142042' } }
		});
		// The department claims access through the link its forwarding mail carried.
		const mail = await db.mail.findFirstOrThrow({
			where: { kind: 'forwarding', recipient: { departmentId: kamakuraDept.id } }
		});
		const token = /\/invitation\/(\S+)/.exec(
			(await messageOfRow(db, mail.id, { publicUrl }, NOW)).text
		)![1];
		const accepted = await acceptInvitation(db, token, 'tsuru-oka-Hachiman-7391-sakura', {
			ip: null,
			now: NOW
		});
		expect(accepted.ok).toBe(true);
		const kamakura = await sessionUserFor(db, 'health.142042@example.jp');
		expect(kamakura).toMatchObject({
			role: 'respondent',
			manager: true,
			departmentId: kamakuraDept.id
		});
		expect(await getNotice(db, kamakura, forwardableId)).not.toBeNull();
		const seen = await noticeForwarding(db, kamakura, forwardableId);
		expect(seen.mayForward).toBe(false);
		expect(seen.received).toMatchObject({
			by: '神奈川県 衛生主管部（局）',
			documentNumber: '神健第123号'
		});
		expect(seen.received!.attachments).toHaveLength(1);
		// A second-level department never forwards further.
		expect(
			(
				await refusal(
					forward(db, kamakura, forwardableId, { ...cover, bodies: 'all' }, { publicUrl })
				)
			).status
		).toBe(404);

		await acknowledge(db, kamakura, forwardableId, NOW);
		const item = await db.responseItem.findFirstOrThrow({ where: { noticeId: forwardableId } });
		const saved = await saveResponse(
			db,
			kamakura,
			forwardableId,
			{ itemId: item.id, data: { status: 'done' }, revision: 0, mode: 'submit' },
			NOW
		);
		expect(saved).toMatchObject({ ok: true, status: 'submitted' });
		// Still only the first level in 'all'; the forwarded scope counts it.
		expect(await figures(forwardableId)).toBe(before);
		const forwarded = await db.recipientTally.findFirstOrThrow({
			where: {
				noticeId: forwardableId,
				recipientId: (
					await db.recipient.findFirstOrThrow({
						where: { noticeId: forwardableId, departmentId: kamakuraDept.id }
					})
				).id
			}
		});
		expect(forwarded).toMatchObject({ scope: 'forwarded', state: 'complete' });
		expect(forwarded.ackDay).not.toBe('');
		const kept = await tallyRows(forwardableId);
		await db.$transaction((tx) => rebuildNotice(tx, forwardableId), { timeout: 60_000 });
		expect(await tallyRows(forwardableId)).toEqual(kept);
	});

	test("the cover note's attachments: the forwarder, issuers, viewers and its own recipients only", async () => {
		const kamakura = await sessionUserFor(db, 'health.142042@example.jp');
		for (const user of [kanagawa, issuer, viewer, kamakura])
			expect(await findForwardingAttachment(db, user, forwardableId, first, 1)).not.toBeNull();
		for (const user of [hiratsuka, yokohama, tokyo])
			expect(await findForwardingAttachment(db, user, forwardableId, first, 1)).toBeNull();
		expect(await findForwardingAttachment(db, kanagawa, forwardableId, first, 2)).toBeNull();
		expect(await findForwardingAttachment(db, kanagawa, plainId, first, 1)).toBeNull();
	});
});
