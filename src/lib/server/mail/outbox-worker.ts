// The outbox worker: when to drain (on a timer, or kicked right after a change queues mail), one
// drain at a time, until stopped. Separate from the drain itself (outbox-drain.ts) because it is
// the process's scheduling, not the delivery: a script or a test drains without it.
import type { Db } from '../db/client.ts';
import type { MailTransport } from './transport.ts';
import { logger } from '../log.ts';
import { drainOutbox, type DrainOptions } from './outbox-drain.ts';

export type OutboxWorkerOptions = Omit<DrainOptions, 'from'> & {
	db: Db;
	transport: MailTransport;
	from: string;
	/** Pause between drains (default 5 s). */
	intervalMs?: number;
	log?: (message: string, error?: unknown) => void;
};

export type OutboxWorker = {
	/** Drain as soon as possible (e.g. right after publishing) instead of at the next tick. */
	kick(): void;
	/** No more drains; resolves when the running one (if any) has finished. */
	stop(): Promise<void>;
};

/**
 * Drains the outbox every `intervalMs`, one drain at a time. The timer does not keep the process
 * alive. Errors (e.g. the database being unreachable) are logged and the loop goes on.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
	const { db, transport, intervalMs = 5000, ...drainOptions } = options;
	const log =
		options.log ?? ((message: string, error?: unknown) => logger.error({ err: error }, message));
	let stopped = false;
	// A drain goes on while batches come full; stopping ends it after the batch on its way.
	const stopping = new AbortController();
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running: Promise<void> | null = null;
	let kicked = false;
	let interrupted = false;

	function schedule(delay: number) {
		if (stopped) return;
		if (timer) clearTimeout(timer);
		timer = setTimeout(tick, delay);
		timer.unref();
	}

	async function drainUntilDone() {
		do {
			kicked = false;
			try {
				const r = await drainOutbox(db, transport, {
					...drainOptions,
					log,
					signal: stopping.signal
				});
				// The drain went on while batches came full: what is due now came in meanwhile (a kick).
				// Said once when delivery starts failing and once when it works again, not every tick.
				if (r.interrupted && !interrupted) log('mail delivery interrupted; retrying later');
				if (!r.interrupted && interrupted && r.sent) log('mail delivery resumed');
				if (r.interrupted || r.sent) interrupted = r.interrupted;
			} catch (error) {
				log('mail outbox drain failed', error);
				return;
			}
		} while (kicked && !stopped);
	}

	function tick() {
		timer = null;
		if (running || stopped) return;
		running = drainUntilDone().finally(() => {
			running = null;
			schedule(intervalMs);
		});
	}

	schedule(0);
	return {
		kick() {
			if (stopped) return;
			if (running) kicked = true;
			else schedule(0);
		},
		async stop() {
			stopped = true;
			stopping.abort();
			if (timer) clearTimeout(timer);
			timer = null;
			await running;
		}
	};
}
