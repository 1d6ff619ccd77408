// Notice.recipientCount is kept by triggers on "Recipient" (migration notice_recipient_count),
// and the notice page shows it as the number of departments a notice reached: it must equal the
// notice's Recipient rows after every kind of write — one row, many rows in one statement,
// deletions, a notice's deletion cascading to its recipients, a recipient moved.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createDemoDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import type { Db } from '../db/client.ts';

let env: TestDatabase;
let db: Db;

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
}, 120_000);
afterAll(async () => {
	await env?.cleanup();
});

/** Every notice's kept count beside its rows' count, where they differ. */
async function mismatches() {
	const notices = await db.notice.findMany({
		select: { id: true, recipientCount: true, _count: { select: { recipients: true } } }
	});
	return notices
		.filter((n) => n.recipientCount !== n._count.recipients)
		.map((n) => ({ id: n.id, kept: n.recipientCount, rows: n._count.recipients }));
}

/** Departments that are no recipient of these notices yet. */
async function otherDepartments(noticeIds: string[], take: number) {
	return db.department.findMany({
		where: { recipients: { none: { noticeId: { in: noticeIds } } } },
		select: { id: true },
		orderBy: { id: 'asc' },
		take
	});
}

describe(`Notice.recipientCount (${TEST_PROVIDER})`, () => {
	test('the demo data, written through the app, has every count right and some above 0', async () => {
		expect(await mismatches()).toEqual([]);
		const counts = await db.notice.findMany({ select: { recipientCount: true } });
		expect(counts.some((n) => n.recipientCount > 0)).toBe(true);
	});

	test('follows inserts of one and of many rows, deletions and moves', async () => {
		// The demo's notice and a new one without recipients (a bare draft row).
		const a = await db.notice.findFirstOrThrow({ select: { id: true, recipientCount: true } });
		const author = await db.user.findFirstOrThrow({ select: { id: true } });
		const b = await db.notice.create({
			data: { createdById: author.id },
			select: { id: true, recipientCount: true }
		});
		expect(b.recipientCount).toBe(0);
		const [one, ...many] = await otherDepartments([a.id, b.id], 7);
		expect(many.length).toBe(6);
		await db.recipient.create({ data: { noticeId: a.id, departmentId: one.id } });
		expect(await mismatches()).toEqual([]);

		const free = many.pop()!;
		await db.recipient.createMany({
			data: many.map((d) => ({ noticeId: a.id, departmentId: d.id }))
		});
		const afterInserts = await db.notice.findUniqueOrThrow({ where: { id: a.id } });
		expect(afterInserts.recipientCount).toBe(a.recipientCount + 1 + many.length);
		expect(await mismatches()).toEqual([]);

		await db.recipient.deleteMany({
			where: { noticeId: a.id, departmentId: { in: many.slice(0, 3).map((d) => d.id) } }
		});
		expect(await mismatches()).toEqual([]);

		// Moved to the other notice (never done by the app, but the count must not drift).
		const moving = await db.recipient.create({ data: { noticeId: a.id, departmentId: free.id } });
		await db.recipient.update({ where: { id: moving.id }, data: { noticeId: b.id } });
		const count = async (id: string) =>
			(await db.notice.findUniqueOrThrow({ where: { id } })).recipientCount;
		expect(await count(a.id)).toBe(a.recipientCount + 1 + many.length - 3);
		expect(await count(b.id)).toBe(1);
		expect(await mismatches()).toEqual([]);
	});

	test("a notice's deletion takes its recipients with it, and the other counts stay right", async () => {
		const withRecipients = await db.notice.findFirstOrThrow({
			where: { recipientCount: { gt: 0 } },
			select: { id: true }
		});
		// Its dependants first where they do not cascade (responses, mails, audit rows aside).
		await db.$transaction(async (tx) => {
			await tx.mail.deleteMany({ where: { recipient: { noticeId: withRecipients.id } } });
			await tx.notice.delete({ where: { id: withRecipients.id } });
		});
		expect(await db.recipient.count({ where: { noticeId: withRecipients.id } })).toBe(0);
		expect(await mismatches()).toEqual([]);
	});
});
