// Property test (issue 11 §6): the respond form's path as the server runs it — a posted body
// read into its tree (readNestedForm) and saved (saveResponse) — fed generated hostile forms on
// a real database, SQLite and PostgreSQL (the HTTP-level spec, form-properties.e2e.ts, runs on
// the browser tests' SQLite only). The real field names of every item kind mixed with prototype
// names, deep paths, huge indexes and shape conflicts; values with control characters and NUL,
// lone surrogates, bidi overrides, 全角 digits, 和暦 dates and very long strings.
//
// Properties: a form is either refused as a whole (readNestedForm's 400), refused with a
// list of problems or a UserError (each with a message), or saved — never any other error (a
// value a database cannot store must be refused, not crash the save); a refused form changes
// nothing; and afterwards a known form is answered exactly as before the run.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import { sessionUserFor } from '../../../../tests/db/users.ts';
import { fieldName, fieldValue, shapeConflict } from '../../../../tests/properties/hostile.ts';
import { isHttpError } from '@sveltejs/kit';
import { readNestedForm } from '../http/form.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { UserError } from '../errors.ts';
import { saveResponse } from './own.ts';

const RUNS = Number(process.env.KAIRAN_RESPOND_RUNS ?? 2_500);
const now = new Date('2024-10-20T10:00:00+09:00');

let env: TestDatabase;
let tokyo: SessionUser;
let noticeId: string;
let items: { id: string; kind: string }[];

beforeAll(async () => {
	env = await createDemoDatabase();
	tokyo = await sessionUserFor(env.db, 'tokyo.health@example.jp');
	noticeId = (await env.db.notice.findFirstOrThrow()).id;
	items = await env.db.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		select: { id: true, kind: true }
	});
});

afterAll(async () => {
	await env?.cleanup();
});

/** The names the respond page's forms post, per item kind. */
const REAL_NAMES = [
	'status',
	'distributedOn',
	'institutionsReached',
	'methods[]',
	'otherMethod',
	'note',
	'institutions.0.name',
	'institutions.0.institutionCode',
	'institutions.0.municipality',
	'institutions.0.clinicalDepartments[]',
	'institutions.0.accepts24Hours',
	'institutions.1.contact',
	'entries.0.date',
	'entries.0.counterpart',
	'entries.0.topic',
	'entries.1.outcome',
	'fiscalYear',
	'lines.0.code',
	'lines.0.planned',
	'lines.0.actual'
];
const REAL_VALUES = [
	'done',
	'in_progress',
	'mail',
	'obstetrics_gynecology',
	'on',
	'令和6年10月1日',
	'2024-10-01',
	'１２０',
	'令和6年度',
	'operating',
	'1,000,000円'
];

const value = fc.oneof(
	{ weight: 3, arbitrary: fieldValue },
	{ weight: 2, arbitrary: fc.constantFrom(...REAL_VALUES) },
	{
		// A sensible value with something hostile inside it.
		weight: 2,
		arbitrary: fc
			.tuple(
				fc.constantFrom(...REAL_VALUES, '都立病院'),
				fc.constantFrom('\u0000', '\u0001', '\ud800', '\u202e', '\ufeff', '\r\n', '')
			)
			.map(([v, odd]) => `${v}${odd}${v}`)
	}
);

const form = fc.record({
	item: fc.nat(),
	mode: fc.constantFrom<'draft' | 'submit'>('draft', 'submit'),
	fields: fc.array(
		fc.oneof(
			{ weight: 6, arbitrary: fc.tuple(fc.constantFrom(...REAL_NAMES), value) },
			{ weight: 1, arbitrary: fc.tuple(fieldName, value) }
		),
		{ maxLength: 12 }
	),
	conflict: fc.oneof(
		{ weight: 5, arbitrary: fc.constant(null) },
		{ weight: 1, arbitrary: shapeConflict }
	)
});

const stored = async () =>
	JSON.stringify([
		await env.db.response.findMany({
			where: { recipient: { noticeId, departmentId: tokyo.departmentId! } },
			orderBy: { responseItemId: 'asc' },
			select: { responseItemId: true, revision: true, status: true, data: true }
		}),
		await env.db.responseSubmission.count(),
		await env.db.medicalInstitution.count()
	]);

async function post(input: {
	item: number;
	mode: 'draft' | 'submit';
	fields: [string, string][];
	conflict: [string, string][] | null;
}) {
	const data = new URLSearchParams();
	for (const [k, v] of [...input.fields, ...(input.conflict ?? [])]) data.append(k, v);
	const item = items[input.item % items.length];
	// As the respond action reads it: the posted body, through readNestedForm.
	const { tree } = await readNestedForm(
		new Request('http://kairan.test/respond', { method: 'POST', body: data }),
		['itemId', 'revision']
	);
	const current = await env.db.response.findFirst({
		where: { responseItemId: item.id, recipient: { departmentId: tokyo.departmentId! } },
		select: { revision: true }
	});
	return saveResponse(
		env.db,
		tokyo,
		noticeId,
		{ itemId: item.id, data: tree, revision: current?.revision ?? 0, mode: input.mode },
		now
	);
}

const REFERENCE = {
	item: 0,
	mode: 'draft' as const,
	fields: [
		['status', 'nonsense'],
		['toString.call', 'x']
	] as [string, string][],
	conflict: null
};
const referenceAnswer = () =>
	post(REFERENCE).then(
		(r) => JSON.stringify(r),
		(e: Error) => `${e.name}: ${e.message}`
	);

test('hostile respond forms are saved, or refused with a message, and change nothing when refused', async () => {
	const before = await referenceAnswer();
	let generated = 0;
	const outcomes: Record<string, number> = {};
	const count = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);
	await fc.assert(
		fc.asyncProperty(form, async (input) => {
			generated++;
			const state = await stored();
			let error: unknown = null;
			let result: Awaited<ReturnType<typeof saveResponse>> | null = null;
			try {
				result = await post(input);
			} catch (e) {
				error = e;
			}
			if (result?.ok) {
				count(`saved ${input.mode}`);
				return;
			}
			if (isHttpError(error)) {
				// Refused as a whole before anything is read: a 400 with its message.
				expect(error.status).toBe(400);
				expect(error.body.message.trim()).not.toBe('');
				count('refused form (400)');
			} else if (error !== null) {
				expect(error, String((error as Error)?.stack)).toBeInstanceOf(UserError);
				count(`refused ${(error as UserError).status}`);
			} else {
				const errors = (result as { errors: { message: string }[] }).errors;
				expect(errors.length).toBeGreaterThan(0);
				for (const e of errors) expect(e.message.trim()).not.toBe('');
				count('refused with problems');
			}
			expect(await stored()).toBe(state);
		}),
		{ numRuns: RUNS }
	);
	expect(await referenceAnswer()).toBe(before);
	expect(Object.keys(outcomes).some((k) => k.startsWith('saved'))).toBe(true);
	console.log(`respond forms: ${generated} hostile forms generated, ${JSON.stringify(outcomes)}`);
}, 600_000);
