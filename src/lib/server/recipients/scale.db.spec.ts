// No query bound by the number of rows it names (issue 14): one notice addressed to 40,000
// departments, and 1,500 other published notices, filled by direct set-based inserts; then
// every function that reads or writes a notice's recipients, mails or the notice list runs on
// it. Before, SQLite refused several of them (P2029, too many bound parameters: an `IN (…)` of
// every id) and PostgreSQL timed publishing out (P2028). On both databases.
import { seedFunctions } from '../reference/load.ts';
import { TEMPLATES } from '../../domain/forms/templates/index.ts';
import { itemDefinitionColumns } from '../responses/items-store.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { createDraft } from '../notices/drafts.ts';
import {
	publishCorrection,
	publishNotice,
	startCorrection,
	withdrawNotice
} from '../notices/publishing.ts';
import { noticePage } from '../notices/queries.ts';
import { readPage, type PageRequest } from '../../domain/paging.ts';
import { nonResponders, noticeDashboard } from '../reports/progress.ts';
import { countAddressees, resolveAddressees } from './addressees.ts';
import { deliveryStatus, resendAllFailed } from './delivery.ts';
import { previewReminder, reminderAudience, sendManualReminder } from './reminders.ts';

const N = 40_000;
const OTHER_NOTICES = 1_500;
const RULE = {
	bodyKinds: ['core_city' as const],
	functions: ['health' as const],
	include: [],
	exclude: []
};

let env: TestDatabase;
let db: Db;
let issuer: SessionUser;
let viewer: SessionUser;
let noticeId: string;

/** 1…n as a derived table both databases understand. */
const numbers = (n: number) =>
	`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})`;
/** '01'…'47' from i. */
const prefecture = `CASE WHEN i % 47 + 1 < 10 THEN '0' ELSE '' END || CAST(i % 47 + 1 AS TEXT)`;
const ts = TEST_PROVIDER === 'postgresql' ? `CURRENT_TIMESTAMP` : `'2026-11-01T00:00:00.000+00:00'`;

beforeAll(async () => {
	env = await createTestDatabase();
	db = env.db;
	const run = (sql: string) => db.$executeRawUnsafe(sql);
	// The catalogue of department functions, as every start seeds it.
	await seedFunctions(db);
	await run(`INSERT INTO "Organization" ("id", "kind", "prefectureCode", "name", "nameKana")
		VALUES ('ministry', 'ministry', NULL, '厚生労働省', 'こうせいろうどうしょう')`);
	await run(`INSERT INTO "Department" ("id", "organizationId", "name", "function")
		VALUES ('office', 'ministry', '医政局総務課', 'ministry_office')`);
	await run(`INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "departmentId", "locale", "createdAt")
		VALUES ('issuer', 'scale.issuer@example.jp', '発出', '', 'issuer', 'office', 'ja', ${ts}),
		       ('viewer', 'scale.viewer@example.jp', '閲覧', '', 'viewer', 'office', 'ja', ${ts})`);
	// 400 bodies × 100 health departments, each with one address.
	await run(`${numbers(400)} INSERT INTO "Organization" ("id", "kind", "prefectureCode", "name", "nameKana")
		SELECT 'org' || CAST(i AS TEXT), 'core_city', ${prefecture}, '市' || CAST(i AS TEXT), 'し' FROM n`);
	await run(`${numbers(N)} INSERT INTO "Department" ("id", "organizationId", "name", "function")
		SELECT 'dep' || CAST(i AS TEXT), 'org' || CAST(i % 400 + 1 AS TEXT), '衛生主管部' || CAST(i AS TEXT), 'health' FROM n`);
	await run(`${numbers(N)} INSERT INTO "DepartmentEmail" ("id", "departmentId", "address")
		SELECT 'em' || CAST(i AS TEXT), 'dep' || CAST(i AS TEXT), 'd' || CAST(i AS TEXT) || '@example.jp' FROM n`);
	// Other published notices, as history accumulates: the list must not name them all at once.
	await run(`${numbers(OTHER_NOTICES)} INSERT INTO "Notice" ("id", "status", "currentVersionNumber", "createdById", "createdAt", "updatedAt", "publishedAt")
		SELECT 'old' || CAST(i AS TEXT), 'published', 1, 'issuer', ${ts}, ${ts}, ${ts} FROM n`);
	await run(`${numbers(OTHER_NOTICES)} INSERT INTO "NoticeVersion" ("id", "noticeId", "number", "noticeType", "title", "issuedOn", "addresseeLines", "addresseeRule", "preamble", "items", "contacts", "references", "createdAt", "publishedAt")
		SELECT 'oldv' || CAST(i AS TEXT), 'old' || CAST(i AS TEXT), 1, 'administrative_liaison', '過去の事務連絡' || CAST(i AS TEXT), '2025-04-01', '[]', '{}', '', '[]', '[]', '[]', ${ts}, ${ts} FROM n`);
	await run(`${numbers(OTHER_NOTICES)} INSERT INTO "NoticeIssuer" ("noticeId", "departmentId", "position")
		SELECT 'old' || CAST(i AS TEXT), 'office', 1 FROM n`);
	if (TEST_PROVIDER === 'sqlite') await run('PRAGMA optimize');
	else await run('ANALYZE');

	issuer = await sessionUserFor(db, 'scale.issuer@example.jp');
	viewer = await sessionUserFor(db, 'scale.viewer@example.jp');
	noticeId = await createDraft(db, issuer, {
		noticeType: 'administrative_liaison',
		itemNumbering: 'full_width',
		correctionReason: null,
		title: '全部局あて 周知について',
		documentNumber: null,
		issuedOn: '2026-11-28',
		deadline: '2026-12-25',
		addresseeLines: ['各中核市衛生主管部（局）　御中'],
		preamble: '周知についてご協力をお願いします。',
		items: [{ number: 1, heading: '周知', text: 'リーフレットを配布してください。' }],
		contacts: [{ office: '医政局総務課', names: '担当', extension: '2519', phone: '03-5253-1111' }],
		references: [],
		issuerDepartmentIds: [issuer.departmentId!],
		rule: RULE
	});
	const item = TEMPLATES.yes_no.build({ number: 1, title: '周知しましたか' });
	await db.responseItem.create({
		data: { noticeId, kind: 'yes_no', ...itemDefinitionColumns(item) }
	});
}, 600_000);

afterAll(async () => {
	await env?.cleanup();
});

describe(`${N.toLocaleString()} recipients of one notice (${TEST_PROVIDER})`, () => {
	test('the rule counts and resolves them all', async () => {
		expect(await countAddressees(db, RULE)).toBe(N);
		expect(await resolveAddressees(db, RULE)).toHaveLength(N);
	}, 120_000);

	test('publishing writes every recipient and one held-then-queued mail each, and one audit event', async () => {
		expect(await publishNotice(db, issuer, noticeId, { publicUrl: 'https://kairan.test' })).toBe(N);
		expect(await db.recipient.count({ where: { noticeId } })).toBe(N);
		expect(await db.mail.count({ where: { kind: 'publication', status: 'queued' } })).toBe(N);
		const events = await db.auditEvent.findMany({ where: { action: 'notice.publish' } });
		expect(events).toHaveLength(1);
		expect(events[0].after).toMatchObject({ recipients: N, mails: N, unaddressed: 0 });
	}, 300_000);

	test('the notice list of a viewer, with the other notices of history', async () => {
		// Page by page to the end: every page reads its relations for its own rows only.
		let request: PageRequest = { cursor: null, number: 1 };
		let seen = 0;
		for (;;) {
			const { rows, page } = await noticePage(db, viewer, {}, request);
			expect(page.total).toBe(OTHER_NOTICES + 1);
			seen += rows.length;
			if (!page.next) break;
			// As the pager's link carries it: ?after=<cursor>&page=<n>.
			request = readPage(new URLSearchParams({ after: page.next, page: String(page.number + 1) }));
		}
		expect(seen).toBe(OTHER_NOTICES + 1);
	}, 120_000);

	test('who has not answered: the audience, the non-responders list, the preview', async () => {
		expect(await reminderAudience(db, noticeId)).toHaveLength(N);
		const list = await nonResponders(db, viewer, noticeId, null);
		expect(list).toHaveLength(N);
		expect(list[0].prefectureCode).toBe('01');
		expect(list.every((r) => r.prefecture !== undefined)).toBe(true);
		expect(await previewReminder(db, issuer, noticeId)).toHaveLength(N);
	}, 300_000);

	test('the dashboard and the delivery page', async () => {
		const dashboard = await noticeDashboard(db, viewer, noticeId);
		expect(dashboard.notice.id).toBe(noticeId);
		const delivery = await deliveryStatus(db, issuer, noticeId);
		expect(delivery.rows).toHaveLength(N);
	}, 300_000);

	test('a manual reminder to all of them, then resending failed mails', async () => {
		const sent = await sendManualReminder(db, issuer, {
			noticeId,
			expectedCount: N,
			today: '2026-12-01'
		});
		expect(sent).toBe(N);
		expect(await db.mail.count({ where: { kind: 'reminder', status: 'queued' } })).toBe(N);

		await db.mail.updateMany({ where: { kind: 'publication' }, data: { status: 'failed' } });
		expect(await resendAllFailed(db, issuer, noticeId)).toBe(N);
		expect(await db.mail.count({ where: { kind: 'publication', status: 'queued' } })).toBe(N);
	}, 300_000);

	test('a correction and a withdrawal mail every recipient', async () => {
		await startCorrection(db, issuer, noticeId);
		expect(
			await publishCorrection(db, issuer, noticeId, '期限の延長', {
				publicUrl: 'https://kairan.test'
			})
		).toBe(N);
		expect(await db.mail.count({ where: { kind: 'correction', status: 'queued' } })).toBe(N);
		await withdrawNotice(db, issuer, noticeId, '誤送付のため', {
			publicUrl: 'https://kairan.test'
		});
		expect(await db.mail.count({ where: { kind: 'withdrawal', status: 'queued' } })).toBe(N);
	}, 300_000);
});
