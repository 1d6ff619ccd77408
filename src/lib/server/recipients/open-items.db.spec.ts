// A respondent's home lists only its own department's unfinished notices, and drops a notice
// once it is acknowledged and every item that applies is submitted.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import type { Db } from '../db/client.ts';
import { openItems } from './open-items.ts';
import { businessDaysBetween } from '../../domain/business-days.ts';
import { acknowledge } from './acknowledgments.ts';
import { saveResponse } from '../responses/own.ts';

let env: TestDatabase;
let db: Db;
let noticeId: string;
const as = (email: string) => sessionUserFor(db, email);
const during = new Date('2024-10-20T10:00:00+09:00');

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
	noticeId = (await db.notice.findFirstOrThrow()).id;
});

afterAll(async () => {
	await env?.cleanup();
});

describe('respondent home', () => {
	test('shows the seed notice with everything still to do, and the days left', async () => {
		const yokohama = await as('yokohama.health@example.jp');
		const home = await openItems(db, yokohama, during);
		expect(home.department).toBe('横浜市 衛生主管部（局）');
		expect(home.notices).toHaveLength(1);
		const [seed] = home.notices;
		expect(seed.noticeId).toBe(noticeId);
		expect(seed.acknowledged).toBe(false);
		expect(seed.items.map((i) => i.state)).toEqual([
			'not_started',
			'not_started',
			'not_started',
			'not_started'
		]);
		expect(seed.itemsLeft).toBe(4);
		const notice = await db.noticeVersion.findFirstOrThrow({ where: { noticeId } });
		// Business days, as the respond page counts them (土日祝 skipped).
		expect(seed.overdue).toBe(false);
		expect(seed.businessDays).toBe(businessDaysBetween('2024-10-20', notice.deadline!));
		expect(seed.businessDays).toBeLessThan(
			Math.round((Date.parse(notice.deadline!) - Date.parse('2024-10-20')) / 86_400_000)
		);
		// After the deadline: overdue, by how many business days.
		const late = (await openItems(db, yokohama)).notices[0];
		expect(late.overdue).toBe(true);
		expect(late.businessDays).toBeGreaterThan(0);
	});

	test('follows what the department does: draft, submit, acknowledge', async () => {
		const user = await as('yokohama.health@example.jp');
		const tokyo = await as('tokyo.health@example.jp');
		const tokyoBefore = await openItems(db, tokyo, during);
		const item = await db.responseItem.findFirstOrThrow({
			where: { noticeId, kind: 'status_checklist' }
		});
		const data = {
			status: 'done',
			distributedOn: '2024-10-15',
			institutionsReached: 12,
			methods: ['mail']
		};
		await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: item.id, data, revision: 0, mode: 'draft' },
			during
		);
		let seed = (await openItems(db, user, during)).notices[0];
		expect(seed.items[0]).toMatchObject({ id: item.id, state: 'draft' });
		const saved = await saveResponse(
			db,
			user,
			noticeId,
			{ itemId: item.id, data, revision: 1, mode: 'submit' },
			during
		);
		expect(saved.ok).toBe(true);
		await acknowledge(db, user, noticeId, during);
		seed = (await openItems(db, user, during)).notices[0];
		expect(seed.acknowledged).toBe(true);
		expect(seed.items[0].state).toBe('submitted');
		expect(seed.itemsLeft).toBe(3);
		// Another department's home is untouched by Yokohama's answers.
		expect(await openItems(db, tokyo, during)).toEqual(tokyoBefore);
	});

	test('a department that has acknowledged and submitted everything has nothing to do', async () => {
		const recipients = await db.recipient.findMany({
			where: { noticeId, acknowledgments: { some: {} } },
			select: {
				departmentId: true,
				responses: { where: { status: 'submitted' }, select: { id: true } },
				department: { select: { function: true } }
			}
		});
		const items = await db.responseItem.findMany({ where: { noticeId } });
		const due = (fn: string) =>
			items.filter((i) => {
				const f = i.functions as string[];
				return f.length === 0 || f.includes(fn);
			}).length;
		const done = recipients.find((r) => r.responses.length === due(r.department.function));
		expect(done, 'the demo has a department that finished').toBeTruthy();
		const staff = await db.user.findFirstOrThrow({ where: { departmentId: done!.departmentId } });
		expect((await openItems(db, await as(staff.email), during)).notices).toEqual([]);
	});

	test('issuers and viewers have no respondent home', async () => {
		expect((await openItems(db, await as('viewer@example.jp'))).notices).toEqual([]);
	});
});
