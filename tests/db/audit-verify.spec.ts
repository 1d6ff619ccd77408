// `npm run audit:verify` as an operator runs it: a child process on the configured database.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_PROVIDER, createDemoDatabase, type TestDatabase } from './harness.ts';
import { sessionUserFor } from './users.ts';
import { acknowledge } from '../../src/lib/server/recipients/acknowledgments.ts';
import { closeNotice } from '../../src/lib/server/notices/publishing.ts';
import { withAuditContext } from '../../src/lib/server/audit/index.ts';

const script = fileURLToPath(new URL('../../scripts/audit-verify.ts', import.meta.url));
let env: TestDatabase;

beforeAll(async () => {
	env = await createDemoDatabase();
});
afterAll(async () => {
	await env?.cleanup();
});

function verify(): Promise<{ code: number; stdout: string; stderr: string }> {
	const configured =
		env.target.provider === 'postgresql'
			? { DATABASE_URL: env.target.url }
			: { KAIRAN_DATA_DIR: env.dataDir, DATABASE_URL: '' };
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[script],
			{ env: { ...process.env, ...configured } },
			(error, stdout, stderr) =>
				resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
		);
	});
}

test(`audit:verify passes on an intact chain and names the row edited by hand (${TEST_PROVIDER})`, async () => {
	const { db } = env;
	const notice = await db.notice.findFirstOrThrow({ where: { status: 'published' } });
	// As requests do it: each in its signed-in user's context, which names the department.
	for (const [email, act] of [
		['tokyo.health@example.jp', acknowledge],
		['yokohama.health@example.jp', acknowledge],
		['mhlw.issuer@example.jp', closeNotice]
	] as const) {
		const user = await sessionUserFor(db, email);
		await withAuditContext({ ip: null, departmentId: user.departmentId }, () =>
			act(db, user, notice.id)
		);
	}

	const intact = await verify();
	// Three departments acted: three chains of one event each.
	expect(intact.stdout).toContain('audit trail intact: 3 events in 3 chains');
	expect(intact.code).toBe(0);

	const yokohama = await sessionUserFor(db, 'yokohama.health@example.jp');
	const second = await db.auditEvent.findFirstOrThrow({ where: { actorId: yokohama.id } });
	const edit = `UPDATE "AuditEvent" SET "ip" = '198.51.100.1' WHERE "id" = '${second.id}'`;
	if (TEST_PROVIDER === 'postgresql')
		// What only the table's owner could do: switch the append-only trigger off first.
		await db.$transaction([
			db.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER'),
			db.$executeRawUnsafe(edit),
			db.$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER USER')
		]);
	else await db.$executeRawUnsafe(edit);

	const broken = await verify();
	expect(broken.code).toBe(1);
	expect(broken.stderr).toContain(
		`BROKEN in chain ${yokohama.departmentId} at event 1 (id ${second.id})`
	);
});
