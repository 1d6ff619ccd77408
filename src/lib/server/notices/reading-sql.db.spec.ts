// The notice page's one raw statement (reading-sql.ts) returns exactly what the ORM's read of the
// same notice returned (kept below as the reference): the access rule's answer for every role,
// every version with its attachments in order, the response items, the issuers in signing
// order and the recipient count, with the same values and types (dates, booleans, JSON).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { NoticeForm } from '../../domain/notice-form.ts';
import { visibleNotices } from './access.ts';
import { ISSUERS_IN_ORDER } from './issuers.ts';
import { addAttachment, createDraft, saveDraft } from './drafts.ts';
import { publishCorrection, publishNotice, startCorrection, withdrawNotice } from './publishing.ts';
import { readNoticeForUser } from './reading-sql.ts';

let env: TestDatabase;
let db: Db;
const publicUrl = 'https://kairan.test';

/** The ORM's read that readNoticeForUser replaced (reading.ts before it), as the reference. */
async function ormRead(user: SessionUser, id: string) {
	const notice = await db.notice.findFirst({
		where: { AND: [{ id }, visibleNotices(user)] },
		select: {
			id: true,
			status: true,
			currentVersionNumber: true,
			publishedAt: true,
			closedAt: true,
			withdrawnAt: true,
			withdrawalReason: true,
			forwardable: true,
			externalQuestion: true,
			versions: {
				orderBy: { number: 'asc' },
				select: {
					number: true,
					noticeType: true,
					title: true,
					documentNumber: true,
					issuedOn: true,
					deadline: true,
					addresseeLines: true,
					addresseeRule: true,
					preamble: true,
					items: true,
					itemNumbering: true,
					contacts: true,
					references: true,
					correctionReason: true,
					publishedAt: true,
					pdfSha256: true,
					attachments: {
						orderBy: { position: 'asc' },
						select: {
							position: true,
							label: true,
							title: true,
							fileName: true,
							contentType: true,
							size: true,
							sha256: true
						}
					}
				}
			},
			responseItems: {
				orderBy: { number: 'asc' },
				select: { id: true, number: true, title: true, kind: true }
			}
		}
	});
	if (!notice) return null;
	const issuers = await db.noticeIssuer.findMany({
		where: { noticeId: id },
		orderBy: ISSUERS_IN_ORDER.orderBy,
		select: {
			departmentId: true,
			department: { select: { name: true, organizationId: true, organization: true } }
		}
	});
	return {
		...notice,
		issuers: issuers.map((i) => ({
			departmentId: i.departmentId,
			organization: i.department.organization.name,
			department: i.department.name,
			organizationId: i.department.organizationId
		})),
		recipientCount: await db.recipient.count({ where: { noticeId: id } })
	};
}

const pdf = (text: string) =>
	new TextEncoder().encode(`%PDF-1.4\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

function form(title: string, issuerDepartmentIds: string[]): NoticeForm {
	return {
		noticeType: 'administrative_liaison',
		title,
		documentNumber: '事務連絡第1号',
		issuedOn: '2026-11-28',
		deadline: null,
		addresseeLines: ['各特別区衛生主管部（局）　御中'],
		preamble: '標記について、下記のとおりお願いします。\n「引用」と \\ と "quotes" を含む。',
		items: [{ number: 1, heading: '周知', text: '（１）配布\n（２）連携' }],
		itemNumbering: 'parenthesized',
		contacts: [{ office: '医政局総務課', names: '笹', extension: '37551', phone: '03‐5253‐2111' }],
		references: [],
		issuerDepartmentIds,
		rule: { bodyKinds: ['special_ward'], functions: ['health'], include: [], exclude: [] },
		correctionReason: null
	};
}

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	const mhlw = await sessionUserFor(db, 'mhlw.issuer@example.jp');
	const cao = await sessionUserFor(db, 'cao.issuer@example.jp');
	const offices = [mhlw.departmentId!, cao.departmentId!];
	// A joint draft with attachments; a notice corrected once (attachments relabelled) and being
	// corrected again; a withdrawn one of one ministry, a draft of the other.
	const draft = await createDraft(db, mhlw, form('連名の下書き', [offices[1], offices[0]]));
	const corrected = await createDraft(db, mhlw, form('訂正された通知', offices));
	for (const id of [draft, corrected])
		for (const n of [1, 2, 3])
			await addAttachment(db, env.storage, mhlw, id, {
				fileName: `${n}.pdf`,
				bytes: pdf(`${id} ${n}`),
				title: `資料${n}`
			});
	await publishNotice(db, mhlw, corrected, { publicUrl });
	await startCorrection(db, mhlw, corrected);
	await saveDraft(db, mhlw, corrected, form('訂正された通知', offices), [
		{ position: 2, label: '別添４', title: '改題' }
	]);
	await publishCorrection(db, mhlw, corrected, 'ラベルを改めます。', { publicUrl });
	await startCorrection(db, mhlw, corrected);
	const withdrawn = await createDraft(db, cao, form('取り消された通知', [offices[1]]));
	await publishNotice(db, cao, withdrawn, { publicUrl });
	await withdrawNotice(db, cao, withdrawn, '誤送付のため。', { publicUrl });
	await createDraft(db, mhlw, form('厚生労働省だけの下書き', [offices[0]]));
}, 120_000);
afterAll(async () => {
	await env?.cleanup();
});

describe(`the notice page's raw read (${TEST_PROVIDER})`, () => {
	const emails = [
		'tokyo.health@example.jp',
		'yokohama.health@example.jp',
		'setagaya.health@example.jp',
		'hokkaido.center@example.jp',
		'mhlw.issuer@example.jp',
		'cao.issuer@example.jp',
		'viewer@example.jp',
		'admin@example.jp'
	];

	test.each(emails)('%s reads every notice exactly as the ORM read it', async (email) => {
		const user = await sessionUserFor(db, email);
		const ids = (await db.notice.findMany({ select: { id: true } })).map((n) => n.id);
		let seen = 0;
		for (const id of ids) {
			const expected = await ormRead(user, id);
			expect(await readNoticeForUser(db, user, id), id).toStrictEqual(expected);
			if (expected) seen++;
		}
		// Neither nothing nor everything: the access rule decided something here.
		expect(seen).toBeGreaterThan(0);
		expect(seen).toBeLessThan(ids.length);
	});

	test('an unknown id, and users without a department or organization, read nothing', async () => {
		const viewer = await sessionUserFor(db, 'viewer@example.jp');
		expect(await readNoticeForUser(db, viewer, 'nonexistent')).toBeNull();
		const any = await db.notice.findFirstOrThrow({ select: { id: true } });
		for (const role of ['respondent', 'issuer'] as const) {
			const user: SessionUser = { ...viewer, role, departmentId: null, organizationId: null };
			expect(await readNoticeForUser(db, user, any.id)).toBeNull();
		}
	});

	test('the comparison covers what the page shows', async () => {
		// Several versions, one unpublished; attachments; items; joint issuers; a withdrawal.
		const ids = (await db.notice.findMany({ select: { id: true } })).map((n) => n.id);
		const reads = [];
		for (const email of ['mhlw.issuer@example.jp', 'cao.issuer@example.jp']) {
			const issuer = await sessionUserFor(db, email);
			for (const id of ids) reads.push(await readNoticeForUser(db, issuer, id));
		}
		const all = reads.filter((r) => r !== null);
		expect(all.some((r) => r.versions.length === 3 && r.versions[2].publishedAt === null)).toBe(
			true
		);
		expect(all.some((r) => r.versions.some((v) => v.attachments.length >= 3))).toBe(true);
		expect(all.some((r) => r.responseItems.length >= 2)).toBe(true);
		expect(all.some((r) => r.issuers.length >= 2)).toBe(true);
		expect(all.some((r) => r.withdrawnAt instanceof Date)).toBe(true);
		expect(all.some((r) => r.recipientCount > 0)).toBe(true);
	});
});
