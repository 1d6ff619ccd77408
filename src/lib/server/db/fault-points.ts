// Named points where a test can stop the process for good: the crash tests (tests/db/kill/)
// start the server modules in a child process with KAIRAN_TEST_FAULT_POINT=<Model>.<operation>
// (e.g. `Mail.createMany`, the outbox rows of a publication, inside its transaction). Just
// before that query runs for the first time, the child says so on stdout and waits; the test
// then kills it with SIGKILL at exactly that point — no sleeps, no races.
//
// Unset (always, outside those tests), openDb does not wrap the client at all.
import type { PrismaClient } from './generated/sqlite/client.ts';

export const FAULT_POINT_ENV = 'KAIRAN_TEST_FAULT_POINT';
export const FAULT_POINT_REACHED = 'KAIRAN_FAULT_POINT_REACHED';

export function withFaultPoint<T extends PrismaClient>(client: T): T {
	const point = process.env[FAULT_POINT_ENV];
	if (!point) return client;
	let reached = false;
	return client.$extends({
		query: {
			$allModels: {
				async $allOperations({ model, operation, args, query }) {
					if (!reached && `${model}.${operation}` === point) {
						reached = true;
						process.stdout.write(`${FAULT_POINT_REACHED} ${point}\n`);
						// Held here, inside whatever transaction is open, until the test kills the process.
						await new Promise(() => setInterval(() => {}, 60_000));
					}
					return query(args);
				}
			}
		}
	}) as unknown as T;
}

/**
 * A named point in code between two statements that are not model operations (raw set-based
 * writes, e.g. `publish.recipients_written`): the same stop as above when the test names it.
 * Without the variable it costs one property read.
 */
export async function faultPoint(name: string): Promise<void> {
	if (process.env[FAULT_POINT_ENV] !== name) return;
	process.stdout.write(`${FAULT_POINT_REACHED} ${name}\n`);
	await new Promise(() => setInterval(() => {}, 60_000));
}
