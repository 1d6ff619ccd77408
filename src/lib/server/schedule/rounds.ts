// Periodic jobs that must run once per round however many app instances are running (e.g. the
// hourly automatic-reminder check): every instance's timer fires, each tries to claim the
// round's ScheduledRun row, and only the one that inserted it runs the job. The claim is a
// lease, renewed while the job runs: if its holder dies, the row's lease runs out and the
// next instance to try that round takes it over. A job that fails releases the round, so
// another instance (or the next tick) may try again. Rows older than 30 days are pruned.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/client.ts';

export type RoundOptions = {
	/** e.g. `reminders.auto` */
	job: string;
	/** e.g. the hour, `2026-12-02T19` (hourlyRound) */
	round: string;
	/** Who claims: unique per process (instanceId()). */
	holder: string;
	/** How long a claim lasts without a renewal (default 60 s). */
	leaseMs?: number;
	/** How often the lease is renewed while the job runs (default a third of leaseMs). */
	heartbeatMs?: number;
	now?: () => Date;
	log?: (message: string, error?: unknown) => void;
};

export type RoundResult<T> = { ran: true; result: T } | { ran: false };

const KEEP_MS = 30 * 24 * 60 * 60 * 1000;

/** This process, as a holder of rounds: host, pid and a random part (pids are reused). */
export function instanceId(): string {
	return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The round of an hourly job: the UTC hour, `YYYY-MM-DDTHH`. */
export function hourlyRound(now: Date): string {
	return now.toISOString().slice(0, 13);
}

/** Milliseconds until the next full hour (when the next hourly round begins). */
export function msUntilNextHour(now: Date): number {
	const next = new Date(now);
	next.setUTCMinutes(60, 0, 0);
	return next.getTime() - now.getTime();
}

function isUniqueViolation(error: unknown): boolean {
	return (error as { code?: unknown })?.code === 'P2002';
}

async function claim(db: Db, o: RoundOptions, leaseMs: number, now: () => Date): Promise<boolean> {
	const at = now();
	const leaseUntil = new Date(at.getTime() + leaseMs);
	try {
		await db.scheduledRun.create({
			data: { job: o.job, round: o.round, holder: o.holder, leaseUntil, startedAt: at }
		});
		return true;
	} catch (error) {
		if (!isUniqueViolation(error)) throw error;
	}
	// Someone has the round: take it over only if it is unfinished and its lease ran out.
	const taken = await db.scheduledRun.updateMany({
		where: { job: o.job, round: o.round, finishedAt: null, leaseUntil: { lt: at } },
		data: { holder: o.holder, leaseUntil, startedAt: at }
	});
	return taken.count === 1;
}

/**
 * Runs `job` if this holder wins the round; `{ ran: false }` when another holder has it (or
 * has finished it). The job's own errors propagate after the round is released.
 */
export async function runOncePerRound<T>(
	db: Db,
	o: RoundOptions,
	job: () => Promise<T>
): Promise<RoundResult<T>> {
	const now = o.now ?? (() => new Date());
	const leaseMs = o.leaseMs ?? 60_000;
	const heartbeatMs = o.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3));
	if (!(await claim(db, o, leaseMs, now))) return { ran: false };
	const mine = { job: o.job, round: o.round, holder: o.holder, finishedAt: null };

	let renewing: Promise<unknown> = Promise.resolve();
	const heartbeat = setInterval(() => {
		renewing = renewing
			.then(() =>
				db.scheduledRun.updateMany({
					where: mine,
					data: { leaseUntil: new Date(now().getTime() + leaseMs) }
				})
			)
			.catch((error: unknown) => o.log?.(`renewing the lease of ${o.job} failed`, error));
	}, heartbeatMs);
	heartbeat.unref();
	const stopHeartbeat = async () => {
		clearInterval(heartbeat);
		await renewing;
	};

	let result: T;
	try {
		result = await job();
	} catch (error) {
		await stopHeartbeat();
		// Released: another instance, or this one's next tick, may run the round after all.
		await db.scheduledRun.updateMany({ where: mine, data: { leaseUntil: now() } }).catch(() => {});
		throw error;
	}
	await stopHeartbeat();
	await db.scheduledRun.updateMany({ where: mine, data: { finishedAt: now() } });
	await db.scheduledRun.deleteMany({
		where: { job: o.job, startedAt: { lt: new Date(now().getTime() - KEEP_MS) } }
	});
	return { ran: true, result };
}
