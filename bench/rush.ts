// Benchmark 4 (issue 14): the deadline rush. N respondents (default 500), each signed in as a
// different department, save a draft and then submit their answer to the same open notice at
// the same moment, through HTTP against the built server. Reports p50/p95 latency and errors,
// then reads every answer back from the database: each department's stored answer must be the
// one it sent (no lost or mixed-up writes). Target: p95 ≤ 300 ms, 0 errors, 0 wrong rows.
// Baseline: the same requests made one at a time (no concurrency), in the same run.
//
//   node bench/rush.ts --provider sqlite|postgresql --scale x10|x100|national [--respondents N]
import { args, ensureBuild, ensureData, serve, targetOf } from './lib/env.ts';
import { median, percentile, report } from './lib/report.ts';
import { viteLoader } from './lib/vite-load.ts';

const { provider, scale } = args();
const n = Number(process.argv[process.argv.indexOf('--respondents') + 1]) || 500;
const env = await ensureData(provider, scale);
ensureBuild();

type Respondent = { cookie: string; recipientId: string; revision: number; tag: string };
const vite = await viteLoader();
const { openDb } = await vite.load<typeof import('../src/lib/server/db/client.ts')>(
	'/src/lib/server/db/client.ts'
);
const { createSession, SESSION_COOKIE } = await vite.load<
	typeof import('../src/lib/server/auth/sessions.ts')
>('/src/lib/server/auth/sessions.ts');
const db = openDb(targetOf(env));

// The open notice with an item everyone answers and the most recipients; the rush needs 2N of
// them (N for the baseline, N for the rush), each with a person to sign in as.
const item = await db.responseItem.findFirstOrThrow({
	where: { bodyKinds: { equals: [] }, functions: { equals: [] }, notice: { status: 'published' } },
	orderBy: { notice: { recipients: { _count: 'desc' } } },
	select: { id: true, noticeId: true, definition: true }
});
// In pages: Prisma loads the nested rows with an IN list of the page's ids, and SQLite refuses
// more than 999 parameters (P2029) for 2N = 1,000.
const recipients: {
	id: string;
	department: { users: { id: string }[] };
	responses: { revision: number; status: string }[];
}[] = [];
while (recipients.length < 2 * n) {
	const page = await db.recipient.findMany({
		where: { noticeId: item.noticeId, department: { users: { some: {} } } },
		select: {
			id: true,
			department: { select: { users: { select: { id: true }, take: 1, orderBy: { id: 'asc' } } } },
			responses: { where: { responseItemId: item.id }, select: { revision: true, status: true } }
		},
		orderBy: { id: 'asc' },
		take: Math.min(250, 2 * n - recipients.length),
		...(recipients.length ? { cursor: { id: recipients.at(-1)!.id }, skip: 1 } : {})
	});
	recipients.push(...page);
	if (page.length === 0) break;
}
if (recipients.length < 2 * n) {
	throw new Error(`the notice has ${recipients.length} recipients with people; need ${2 * n}`);
}
const fields = (item.definition as { fields: { key: string; type: string }[] }).fields;
const respondents: Respondent[] = [];
for (const [i, r] of recipients.entries()) {
	const session = await createSession(db, r.department.users[0].id);
	respondents.push({
		cookie: `${SESSION_COOKIE}=${session.token}`,
		recipientId: r.id,
		revision: r.responses[0]?.revision ?? 0,
		tag: `rush-${i}-${r.id}`
	});
}
await vite.close();

/** The answer each respondent sends: its tag in the note, so a mix-up is visible. */
function body(r: Respondent, revision: number) {
	const form = new URLSearchParams({ itemId: item.id, revision: String(revision) });
	for (const f of fields) {
		if (f.type === 'single_choice') form.set(f.key, 'done');
		else if (f.type === 'whole_number') form.set(f.key, '3');
		else if (f.type === 'yes_no') form.set(f.key, 'yes');
		else if (f.type === 'date') form.set(f.key, '2026-11-20');
		else if (f.type === 'short_text') form.set(f.key, r.tag);
	}
	return form;
}

const server = await serve(env);
const latencies: number[] = [];
let errors = 0;
/** What the failed requests answered (status, or the exception's message), to say why. */
const failures = new Map<string, number>();
const fail = (why: string) => {
	errors++;
	failures.set(why, (failures.get(why) ?? 0) + 1);
};
async function post(r: Respondent, action: 'draft' | 'submit', revision: number, into: number[]) {
	const start = performance.now();
	try {
		const res = await fetch(`${server.base}/notices/${item.noticeId}/respond?/${action}`, {
			method: 'POST',
			headers: {
				cookie: r.cookie,
				accept: 'application/json',
				origin: server.base,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: body(r, revision)
		});
		const json = (await res.json()) as { type?: string };
		if (res.status !== 200 || json.type !== 'success') fail(`${action} ${res.status} ${json.type}`);
	} catch (e) {
		fail(`${action} ${(e as Error).message}`);
	}
	into.push(performance.now() - start);
}
/** Draft then submit, as a person does: the submit names the revision the draft made. */
const answer = async (r: Respondent, into: number[]) => {
	await post(r, 'draft', r.revision, into);
	await post(r, 'submit', r.revision + 1, into);
};

try {
	const baselineSet = respondents.slice(0, n);
	const rushSet = respondents.slice(n);
	const baseline: number[] = [];
	for (const r of baselineSet) await answer(r, baseline);
	const baselineErrors = errors;
	errors = 0;
	failures.clear();
	const started = performance.now();
	await Promise.all(rushSet.map((r) => answer(r, latencies)));
	const seconds = (performance.now() - started) / 1000;

	// Read back: every department's answer is its own, submitted.
	const stored = await db.response.findMany({
		where: { responseItemId: item.id },
		select: { recipientId: true, status: true, data: true }
	});
	const byRecipient = new Map(stored.map((s) => [s.recipientId, s]));
	const textKey = fields.find((f) => f.type === 'short_text')?.key;
	// Wrong: not stored as submitted with the respondent's own answer. Of those, mixed up: a
	// stored answer carrying another respondent's tag (the rest are requests that failed).
	let wrong = 0;
	let mixed = 0;
	for (const r of respondents) {
		const s = byRecipient.get(r.recipientId);
		const data = s?.data as Record<string, unknown> | undefined;
		if (!s || s.status !== 'submitted' || (textKey && data?.[textKey] !== r.tag)) wrong++;
		const tag = textKey ? data?.[textKey] : undefined;
		if (typeof tag === 'string' && tag.startsWith('rush-') && tag !== r.tag) mixed++;
	}
	console.log(
		`failed requests by answer: ${JSON.stringify(Object.fromEntries(failures))}; ` +
			`not submitted as sent: ${wrong}, of which carrying another respondent's answer: ${mixed}`
	);
	const p95 = percentile(latencies, 95);
	console.log(
		`${n} respondents × 2 requests in ${seconds.toFixed(1)} s: p50 ${median(latencies).toFixed(0)} ms, ` +
			`p95 ${p95.toFixed(0)} ms, errors ${errors}; one at a time: p50 ${median(baseline).toFixed(0)} ms, ` +
			`p95 ${percentile(baseline, 95).toFixed(0)} ms, errors ${baselineErrors}; wrong or lost rows: ${wrong}`
	);
	report([
		{
			name: `p95 latency, ${n} at once`,
			value: p95,
			unit: 'ms',
			baseline: percentile(baseline, 95),
			target: '≤ 300 ms',
			met: p95 <= 300
		},
		{
			name: 'errors',
			value: errors,
			unit: '',
			baseline: baselineErrors,
			target: '0',
			met: errors === 0
		},
		{
			name: 'answers mixed up (another respondent’s)',
			value: mixed,
			unit: '',
			baseline: null,
			target: '0',
			met: mixed === 0
		},
		{
			name: 'lost or mixed-up answers',
			value: wrong,
			unit: '',
			baseline: null,
			target: '0',
			met: wrong === 0
		}
	]);
} finally {
	await server.stop();
	await db.$disconnect();
}
