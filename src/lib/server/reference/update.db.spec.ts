// `npm run reference:update` on a real database (SQLite, or PostgreSQL with
// KAIRAN_TEST_DB=postgresql): a newer list's new bodies, renames, promotions and mergers are
// shown, then applied without breaking history — a merged body is retired, never deleted, and
// the notices it received still point to it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDemoDatabase, type TestDatabase } from '../../../../tests/db/harness.ts';
import type { Db } from '../db/client.ts';
import { checkDigit } from '../../domain/local-government-code.ts';
import { parseOrganizationsCsv } from './organizations.ts';
import { applyReferenceDiff, describeDiff, diffReference, isEmptyDiff } from './update.ts';
import { resolveAddressees } from '../recipients/addressees.ts';

let env: TestDatabase;
let db: Db;
const shipped = readFileSync(
	path.resolve(import.meta.dirname, '../../../../prisma/data/organizations.csv'),
	'utf8'
);

beforeAll(async () => {
	env = await createDemoDatabase();
	db = env.db;
}, 120_000);
afterAll(() => env?.cleanup());

test('the shipped list against a database made from it: no differences', async () => {
	expect(isEmptyDiff(await diffReference(db, parseOrganizationsCsv(shipped)))).toBe(true);
});

test('a newer edition: new body, rename, promotion to 中核市 and a merger are shown, then applied keeping history', async () => {
	const newCode = `01999${checkDigit('01999')}`;
	const edited = shipped
		.split('\n')
		// 小樽市 merged away (it runs a 保健所: its health department received the seed notice).
		.filter((l) => !l.startsWith('012033,'))
		// 室蘭市 becomes a 中核市; 新得町 is renamed.
		.map((l) => (l.startsWith('012050,') ? l.replace(',city,', ',core_city,') : l))
		.map((l) => (l.startsWith('016357,') ? '016357,town,01,新しんとく町,しんしんとくちょう' : l))
		.join('\n')
		.concat(`${newCode},village,01,新設村,しんせつむら\n`);
	const diff = await diffReference(db, parseOrganizationsCsv(edited));
	expect(diff.added.map((r) => r.code)).toEqual([newCode]);
	expect(diff.renamed).toEqual([
		{
			code: '016357',
			from: '新得町',
			to: '新しんとく町',
			kanaFrom: 'しんとくちょう',
			kanaTo: 'しんしんとくちょう'
		}
	]);
	expect(diff.kindChanged).toEqual([
		{ code: '012050', name: '室蘭市', from: 'city', to: 'core_city' }
	]);
	expect(diff.gone).toEqual([{ code: '012033', name: '小樽市' }]);
	expect(describeDiff(diff)).toContain('- 012033 小樽市');

	const otaruHealth = await db.department.findFirstOrThrow({
		where: { organization: { localGovernmentCode: '012033' }, function: 'health' },
		include: { recipients: true }
	});
	expect(otaruHealth.recipients.length).toBeGreaterThan(0);
	await applyReferenceDiff(db, diff, 'organizations-2027.csv');

	const otaru = await db.organization.findUniqueOrThrow({
		where: { localGovernmentCode: '012033' }
	});
	expect(otaru.retiredAt).not.toBeNull();
	const after = await db.department.findUniqueOrThrow({
		where: { id: otaruHealth.id },
		include: { recipients: true }
	});
	expect(after.retiredAt).not.toBeNull();
	expect(after.recipients.map((r) => r.id)).toEqual(otaruHealth.recipients.map((r) => r.id));
	const health = await resolveAddressees(db, {
		bodyKinds: ['other_health_center_city', 'core_city'],
		functions: ['health'],
		include: [],
		exclude: []
	});
	const codes = health.map((d) => d.organization.localGovernmentCode);
	expect(codes).not.toContain('012033');
	// The new 中核市 gained a health department and is addressed as one.
	expect(codes).toContain('012050');
	expect(
		(await db.organization.findUniqueOrThrow({ where: { localGovernmentCode: '016357' } })).name
	).toBe('新しんとく町');
	expect(await db.organization.count({ where: { localGovernmentCode: newCode } })).toBe(1);
	const [event] = await db.auditEvent.findMany({
		where: { action: 'organization.reference_update' }
	});
	expect(event.after).toMatchObject({
		file: 'organizations-2027.csv',
		added: [newCode],
		retired: ['012033']
	});
	// Applied: the same edition again shows nothing.
	expect(isEmptyDiff(await diffReference(db, parseOrganizationsCsv(edited)))).toBe(true);
});
