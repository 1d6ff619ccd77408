// One run per round across instances (two database handles stand for two app processes), on
// SQLite and PostgreSQL: concurrent claims run the job once; a finished round is not run
// again; a running job keeps its round by renewing the lease; a dead holder's round is taken
// over once its lease has run out; a failed job releases the round.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	createTestDatabase,
	TEST_PROVIDER,
	type TestDatabase
} from '../../../../tests/db/harness.ts';
import { openDb, type Db } from '../db/client.ts';
import { hourlyRound, msUntilNextHour, runOncePerRound } from './rounds.ts';

let env: TestDatabase;
let other: Db;

beforeAll(async () => {
	env = await createTestDatabase();
	other = openDb(env.target);
});

afterAll(async () => {
	await other?.$disconnect();
	await env?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`a job once per round (${TEST_PROVIDER})`, () => {
	test('instances that try the same round at once run it once, and never again', async () => {
		let runs = 0;
		const job = async () => {
			runs++;
			await sleep(200);
			return runs;
		};
		const tries = await Promise.all(
			[env.db, other, env.db, other, env.db, other].map((db, i) =>
				runOncePerRound(db, { job: 'test.once', round: 'r1', holder: `instance-${i}` }, job)
			)
		);
		expect(runs).toBe(1);
		expect(tries.filter((t) => t.ran)).toHaveLength(1);
		const row = await env.db.scheduledRun.findUniqueOrThrow({
			where: { job_round: { job: 'test.once', round: 'r1' } }
		});
		expect(row.finishedAt).not.toBeNull();
		// Later in the same round: nothing; the next round runs.
		expect(
			await runOncePerRound(other, { job: 'test.once', round: 'r1', holder: 'late' }, job)
		).toEqual({ ran: false });
		expect(
			await runOncePerRound(other, { job: 'test.once', round: 'r2', holder: 'late' }, job)
		).toEqual({ ran: true, result: 2 });
	});

	test('a job that outlasts its lease keeps the round by renewing it', async () => {
		let runs = 0;
		const long = runOncePerRound(
			env.db,
			{ job: 'test.long', round: 'r1', holder: 'a', leaseMs: 300, heartbeatMs: 50 },
			async () => {
				runs++;
				await sleep(1200);
			}
		);
		await sleep(700);
		const meanwhile = await runOncePerRound(
			other,
			{ job: 'test.long', round: 'r1', holder: 'b', leaseMs: 300 },
			async () => {
				runs++;
			}
		);
		await long;
		expect(meanwhile).toEqual({ ran: false });
		expect(runs).toBe(1);
	});

	test("a dead holder's round is taken over once its lease has run out", async () => {
		// What an instance killed during the job leaves: an unfinished row.
		await env.db.scheduledRun.create({
			data: {
				job: 'test.dead',
				round: 'r1',
				holder: 'killed',
				leaseUntil: new Date(Date.now() + 400)
			}
		});
		const job = async () => 'done';
		const opts = { job: 'test.dead', round: 'r1', holder: 'b' };
		expect(await runOncePerRound(other, opts, job)).toEqual({ ran: false });
		await sleep(500);
		expect(await runOncePerRound(other, opts, job)).toEqual({ ran: true, result: 'done' });
		const row = await env.db.scheduledRun.findUniqueOrThrow({
			where: { job_round: { job: 'test.dead', round: 'r1' } }
		});
		expect(row.holder).toBe('b');
		expect(row.finishedAt).not.toBeNull();
	});

	test('a failed job releases the round for another try', async () => {
		const opts = { job: 'test.fail', round: 'r1', holder: 'a' };
		await expect(
			runOncePerRound(env.db, opts, async () => {
				throw new Error('SMTP down');
			})
		).rejects.toThrow('SMTP down');
		expect(
			await runOncePerRound(other, { ...opts, holder: 'b' }, async () => 'second try')
		).toEqual({ ran: true, result: 'second try' });
	});

	test('rounds of the hourly schedule', () => {
		const at = new Date('2026-12-02T19:59:58.500Z');
		expect(hourlyRound(at)).toBe('2026-12-02T19');
		expect(msUntilNextHour(at)).toBe(1500);
		expect(hourlyRound(new Date(at.getTime() + 1500))).toBe('2026-12-02T20');
	});
});
