// Who sees which notice, through the real queries on a real database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEmptyDatabase, TEST_PROVIDER } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { prepareDatabase } from '../startup.ts';
import type { Db } from '../db/client.ts';
import {
	findAttachment,
	getNotice,
	getNoticeWithHistory,
	listNotices,
	recordFirstView
} from './queries.ts';
import { managedNotices } from './access.ts';
import { noticeHistory } from './history.ts';

let env: Awaited<ReturnType<typeof createEmptyDatabase>>;
let db: Db;
let seedId: string;
let tokyoOnlyId: string;
let caoDraftId: string;

const as = (email: string) => sessionUserFor(db, email);

async function createNotice(issuerOffice: string, status: string, addressees: string[]) {
	const author = await db.user.findFirstOrThrow({ where: { role: 'issuer' } });
	const office = await db.department.findFirstOrThrow({
		where: { function: 'ministry_office', organization: { name: issuerOffice } }
	});
	const notice = await db.notice.create({
		data: {
			status,
			createdById: author.id,
			publishedAt: status === 'draft' ? null : new Date(),
			issuers: { create: [{ departmentId: office.id, position: 0 }] },
			versions: {
				create: {
					number: 1,
					noticeType: 'request',
					title: `テスト通知 ${status}`,
					issuedOn: '2026-11-01',
					addresseeLines: ['東京都衛生主管部（局）　御中'],
					addresseeRule: { bodyKinds: [], functions: [], include: addressees, exclude: [] },
					preamble: '本文',
					items: [],
					contacts: [],
					references: [],
					attachments: {
						create: [
							{
								position: 1,
								label: '別添１',
								title: '資料',
								fileName: 'a.pdf',
								contentType: 'application/pdf',
								size: 1,
								sha256: 'a'.repeat(64)
							}
						]
					}
				}
			},
			recipients: { create: addressees.map((departmentId) => ({ departmentId })) }
		}
	});
	return notice.id;
}

beforeAll(async () => {
	env = await createEmptyDatabase();
	db = env.open();
	await prepareDatabase({
		db,
		target: env.target,
		storage: env.storage,
		mode: 'demo',
		demoPassword: 'x-password',
		log: () => {}
	});
	seedId = (await db.notice.findFirstOrThrow()).id;
	const tokyo = await db.department.findFirstOrThrow({
		where: { function: 'health', organization: { localGovernmentCode: '130001' } }
	});
	tokyoOnlyId = await createNotice('厚生労働省', 'published', [tokyo.id]);
	caoDraftId = await createNotice('内閣府', 'draft', [tokyo.id]);
}, 60_000);
afterAll(async () => {
	await db.$disconnect();
	await env.cleanup();
});

describe(`notice visibility (${TEST_PROVIDER})`, () => {
	test('a respondent sees only notices addressed to their own department, never drafts', async () => {
		const tokyo = await as('tokyo.health@example.jp');
		const yokohama = await as('yokohama.health@example.jp');
		expect((await listNotices(db, tokyo)).map((n) => n.id).sort()).toEqual(
			[seedId, tokyoOnlyId].sort()
		);
		expect((await listNotices(db, yokohama)).map((n) => n.id)).toEqual([seedId]);
		expect(await getNotice(db, yokohama, tokyoOnlyId)).toBeNull();
		expect(await getNotice(db, tokyo, caoDraftId)).toBeNull();
		expect(await findAttachment(db, yokohama, tokyoOnlyId, 1)).toBeNull();
		expect(await findAttachment(db, tokyo, tokyoOnlyId, 1)).not.toBeNull();
		expect(await findAttachment(db, tokyo, tokyoOnlyId, 2)).toBeNull();
	});

	test("an issuer sees their own ministry's notices, drafts included, and not another ministry's drafts", async () => {
		const mhlw = await as('mhlw.issuer@example.jp');
		const cao = await as('cao.issuer@example.jp');
		expect((await listNotices(db, mhlw)).map((n) => n.id).sort()).toEqual(
			[seedId, tokyoOnlyId].sort()
		);
		// The seed is a joint issuance: both ministries see it.
		expect((await listNotices(db, cao)).map((n) => n.id).sort()).toEqual(
			[seedId, caoDraftId].sort()
		);
		expect(await getNotice(db, mhlw, caoDraftId)).toBeNull();
	});

	test('viewers see every notice past draft', async () => {
		const viewer = await as('viewer@example.jp');
		expect((await listNotices(db, viewer)).map((n) => n.id).sort()).toEqual(
			[seedId, tokyoOnlyId].sort()
		);
	});

	test('the list shows a respondent their own state; opening records the first view once', async () => {
		const setagaya = await as('setagaya.health@example.jp');
		const before = (await listNotices(db, setagaya)).find((n) => n.id === seedId)!;
		expect(before.mine).toEqual({ viewed: false, acknowledged: false, complete: false });

		const viewer = await as('viewer@example.jp');
		await recordFirstView(db, viewer, seedId); // not a recipient: records nothing
		await recordFirstView(db, setagaya, seedId);
		const row = await db.recipient.findFirstOrThrow({
			where: { noticeId: seedId, departmentId: setagaya.departmentId! }
		});
		expect(row.firstViewedById).toBe(setagaya.id);
		const first = row.firstViewedAt;
		await recordFirstView(db, setagaya, seedId);
		const again = await db.recipient.findFirstOrThrow({ where: { id: row.id } });
		expect(again.firstViewedAt).toEqual(first);
		expect((await listNotices(db, setagaya)).find((n) => n.id === seedId)!.mine?.viewed).toBe(true);
		// Nobody else's row changed.
		expect(
			await db.recipient.count({ where: { noticeId: seedId, firstViewedById: viewer.id } })
		).toBe(0);
	});

	test("the notice page's one reading decides access, management and history as the separate queries do", async () => {
		const emails = [
			'tokyo.health@example.jp',
			'yokohama.health@example.jp',
			'mhlw.issuer@example.jp',
			'cao.issuer@example.jp',
			'viewer@example.jp'
		];
		let managed = 0;
		for (const email of emails) {
			const user = await as(email);
			for (const id of [seedId, tokyoOnlyId, caoDraftId]) {
				const page = await getNoticeWithHistory(db, user, id);
				expect(page?.notice ?? null).toEqual(await getNotice(db, user, id));
				expect(page?.history ?? []).toEqual(await noticeHistory(db, user, id));
				if (!page) continue;
				const manages =
					(await db.notice.count({ where: { AND: [{ id }, managedNotices(user)] } })) === 1;
				expect(page.notice.manages, `${email} ${id}`).toBe(manages);
				if (manages) managed++;
			}
		}
		// The joint seed by both ministries, the CAO draft by CAO, the MHLW notice by MHLW.
		expect(managed).toBe(4);
	});
});
