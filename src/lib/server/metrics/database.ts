// The metrics read from the database at scrape time (prom-client `collect` callbacks): the mail
// outbox's depth and oldest message, and the PostgreSQL connection pool's use. hooks.server.ts
// binds the app's database handle; a test binds its own.
//
// With several app instances on one database every instance reports the same outbox figures:
// aggregate them with max(), not sum().
import { Gauge } from 'prom-client';
import { poolStats, type Db } from '../db/client.ts';
import { logger } from '../log.ts';
import { registry } from './index.ts';

let bound: Db | null = null;

/** The database the gauges below read (the app's, from hooks.server.ts init). */
export function bindMetricsDatabase(db: Db | null) {
	bound = db;
}

/** Messages still to be sent: due now, retrying later, or being sent. */
const PENDING = ['queued', 'retrying', 'sending'];

/** A failed read leaves the gauge empty for this scrape rather than failing the whole scrape. */
async function read<T>(what: string, query: (db: Db) => Promise<T>): Promise<T | null> {
	if (!bound) return null;
	try {
		return await query(bound);
	} catch (error) {
		logger.warn({ err: error }, `metrics: could not read ${what}`);
		return null;
	}
}

new Gauge({
	name: 'kairan_outbox_depth',
	help: 'Mails waiting in the outbox (queued, retrying or being sent).',
	registers: [registry],
	async collect() {
		this.reset();
		const n = await read('the outbox depth', (db) =>
			db.mail.count({ where: { status: { in: PENDING } } })
		);
		if (n !== null) this.set(n);
	}
});

new Gauge({
	name: 'kairan_outbox_oldest_age_seconds',
	help: 'Age of the oldest mail waiting in the outbox (0 when it is empty).',
	registers: [registry],
	async collect() {
		this.reset();
		const oldest = await read('the oldest outbox mail', (db) =>
			db.mail.aggregate({ where: { status: { in: PENDING } }, _min: { createdAt: true } })
		);
		if (oldest === null) return;
		const at = oldest._min.createdAt;
		this.set(at ? Math.max(0, (Date.now() - at.getTime()) / 1000) : 0);
	}
});

new Gauge({
	name: 'kairan_outbox_failed',
	help: 'Mails given up on (status failed), waiting for someone to resend them.',
	registers: [registry],
	async collect() {
		this.reset();
		const n = await read('the failed mails', (db) =>
			db.mail.count({ where: { status: 'failed' } })
		);
		if (n !== null) this.set(n);
	}
});

new Gauge({
	name: 'kairan_db_pool_connections',
	help:
		'PostgreSQL connection pool of this process (pg.Pool): total open, idle, and requests ' +
		'waiting for a connection. Absent on SQLite (one embedded connection, no pool).',
	labelNames: ['state'] as const,
	registers: [registry],
	collect() {
		this.reset();
		const stats = bound ? poolStats(bound) : null;
		if (!stats) return;
		this.set({ state: 'total' }, stats.total);
		this.set({ state: 'idle' }, stats.idle);
		this.set({ state: 'waiting' }, stats.waiting);
	}
});
