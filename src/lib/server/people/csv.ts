// People as CSV (admins): the export, and an import of the same format with a dry run that lists
// every change and every problem by row before anything is written, then all-or-nothing.
//
// Columns: email, name, role (issuer|respondent|viewer|admin), organization (全国地方公共団体コード,
// or a ministry's name), department (its name within the organization; blank for an admin
// without one), manager (yes|no), disabled (yes|no).
// A row whose email has an account updates it (disabled=yes ends its sessions at once); a new
// email gets an invitation by mail (people/invitations.ts) — nobody's password travels in a file.
//
// Decoding: UTF-8 (with or without BOM) or Shift_JIS/CP932, which Japanese offices' spreadsheets
// save. Text that is not valid UTF-8 is read as CP932 with the WHATWG decoder Node ships with full
// ICU (TextDecoder('shift_jis') is Windows-31J, the CP932 superset); csv-parse reads the rows.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError } from '../errors.ts';
import { isRole } from '../../domain/roles.ts';
import { createInvitation, invitationSchema } from './invitations.ts';
import { requireAdmin } from './manage.ts';

export const PEOPLE_COLUMNS = [
	'email',
	'name',
	'role',
	'organization',
	'department',
	'manager',
	'disabled'
] as const;
export const MAX_IMPORT_ROWS = 2000;
const PAGE = 1000;

/** UTF-8 (BOM or not) or CP932. */
export function decodeCsv(bytes: Uint8Array): string {
	try {
		// ignoreBOM false (the default): a UTF-8 BOM is dropped.
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('shift_jis').decode(bytes);
	}
}

const orgKey = (o: { localGovernmentCode: string | null; name: string }) =>
	o.localGovernmentCode ?? o.name;
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Every person as CSV (UTF-8 with BOM, so spreadsheets open it as such), in pages. */
export async function exportPeopleCsv(db: Db, user: SessionUser | null): Promise<string> {
	requireAdmin(user);
	const rows: string[][] = [[...PEOPLE_COLUMNS]];
	let cursor: string | undefined;
	for (;;) {
		const page = await db.user.findMany({
			orderBy: { id: 'asc' },
			take: PAGE,
			...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
			select: {
				id: true,
				email: true,
				name: true,
				role: true,
				manager: true,
				disabledAt: true,
				department: {
					select: {
						name: true,
						organization: { select: { localGovernmentCode: true, name: true } }
					}
				}
			}
		});
		for (const u of page)
			rows.push([
				u.email,
				u.name,
				u.role,
				u.department ? orgKey(u.department.organization) : '',
				u.department?.name ?? '',
				yesNo(u.manager),
				yesNo(u.disabledAt !== null)
			]);
		if (page.length < PAGE) break;
		cursor = page[page.length - 1].id;
	}
	return '\uFEFF' + stringify(rows, { record_delimiter: '\r\n' });
}

export type PlannedRow = {
	/** The line in the file (the header is line 1). */
	line: number;
	email: string;
	action: 'invite' | 'update' | 'unchanged' | 'invalid';
	/** What would change, e.g. `role: viewer → respondent`. */
	changes: string[];
	problems: string[];
};

type Change = {
	line: number;
	email: string;
	name: string;
	role: string;
	departmentId: string | null;
	department: { name: string; organization: { name: string } } | null;
	manager: boolean;
	disabled: boolean;
	existing: {
		id: string;
		name: string;
		role: string;
		departmentId: string | null;
		manager: boolean;
		disabled: boolean;
	} | null;
};

export type ImportPlan = { rows: PlannedRow[]; problems: number; changes: Change[] };

/** Reads and checks the file against the database; writes nothing. */
export async function planPeopleImport(db: Db, text: string): Promise<ImportPlan> {
	let records: string[][];
	try {
		records = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true });
	} catch (e) {
		throw new UserError(
			400,
			`CSVとして読み取れません。 / Not a readable CSV: ${(e as Error).message}`
		);
	}
	const header = (records.shift() ?? []).map((h) => h.toLowerCase());
	const missing = PEOPLE_COLUMNS.filter((c) => !header.includes(c));
	if (missing.length)
		throw new UserError(400, `見出しの列がありません: ${missing.join(', ')} / Missing columns.`);
	if (records.length > MAX_IMPORT_ROWS)
		throw new UserError(400, `一度に読み込めるのは${MAX_IMPORT_ROWS}行までです。 / Too many rows.`);
	const col = (r: string[], c: (typeof PEOPLE_COLUMNS)[number]) => r[header.indexOf(c)] ?? '';

	// The departments by organization and name (a few thousand rows, read once).
	const departments = await db.department.findMany({
		select: {
			id: true,
			name: true,
			organization: { select: { localGovernmentCode: true, name: true } }
		}
	});
	const byKey = new Map<string, (typeof departments)[number][]>();
	for (const d of departments) {
		const key = `${orgKey(d.organization)}\u0000${d.name}`;
		byKey.set(key, [...(byKey.get(key) ?? []), d]);
	}
	// The accounts the file names, looked up by the file's own addresses, in chunks.
	const emails = records.map((r) => col(r, 'email').toLowerCase()).filter(Boolean);
	const existing = new Map<string, NonNullable<Change['existing']>>();
	for (let i = 0; i < emails.length; i += 500) {
		const found = await db.user.findMany({
			where: { email: { in: emails.slice(i, i + 500) } },
			select: {
				id: true,
				email: true,
				name: true,
				role: true,
				departmentId: true,
				manager: true,
				disabledAt: true
			}
		});
		for (const u of found) existing.set(u.email, { ...u, disabled: u.disabledAt !== null });
	}

	const rows: PlannedRow[] = [];
	const changes: Change[] = [];
	const seen = new Set<string>();
	records.forEach((r, i) => {
		const line = i + 2;
		const problems: string[] = [];
		const email = col(r, 'email').toLowerCase();
		const parsedEmail = invitationSchema.shape.email.safeParse(email);
		if (!parsedEmail.success) problems.push(`email: ${parsedEmail.error.issues[0].message}`);
		if (seen.has(email)) problems.push('email: ファイル内で重複しています。 / Duplicate in file.');
		seen.add(email);
		const name = col(r, 'name');
		if (!name || name.length > 100) problems.push('name: 1〜100文字 / 1–100 characters.');
		const role = col(r, 'role');
		if (!isRole(role)) problems.push(`role: ${role} は役割ではありません。 / Unknown role.`);
		const flag = (c: 'manager' | 'disabled') => {
			const v = col(r, c).toLowerCase();
			if (v === '' || v === 'no') return false;
			if (v === 'yes') return true;
			problems.push(`${c}: yes か no / yes or no.`);
			return false;
		};
		const manager = flag('manager');
		const disabled = flag('disabled');
		if (manager && role !== 'respondent')
			problems.push('manager: 回答者だけに設定できます。 / Respondents only.');
		const org = col(r, 'organization');
		const deptName = col(r, 'department');
		let department: (typeof departments)[number] | null = null;
		if (org || deptName) {
			const found = byKey.get(`${org}\u0000${deptName}`) ?? [];
			if (found.length === 1) department = found[0];
			else
				problems.push(
					`department: ${org} ${deptName} ${found.length ? 'が複数あります' : 'が見つかりません'}。 / ${found.length ? 'Ambiguous' : 'Not found'}.`
				);
		} else if (role !== 'admin') problems.push('department: 部局を指定してください。 / Required.');
		const before = existing.get(email) ?? null;
		if (!before && disabled)
			problems.push(
				'disabled: 新しい利用者は無効にできません。 / A new person cannot be disabled.'
			);
		if (problems.length) {
			rows.push({ line, email, action: 'invalid', changes: [], problems });
			return;
		}
		const change: Change = {
			line,
			email,
			name,
			role,
			departmentId: department?.id ?? null,
			department: department
				? { name: department.name, organization: { name: department.organization.name } }
				: null,
			manager,
			disabled,
			existing: before
		};
		const what: string[] = [];
		if (before) {
			if (before.name !== name) what.push(`name: ${before.name} → ${name}`);
			if (before.role !== role) what.push(`role: ${before.role} → ${role}`);
			if (before.departmentId !== change.departmentId)
				what.push(`department: → ${org} ${deptName}`.trim());
			if (before.manager !== manager)
				what.push(`manager: ${yesNo(before.manager)} → ${yesNo(manager)}`);
			if (before.disabled !== disabled)
				what.push(`disabled: ${yesNo(before.disabled)} → ${yesNo(disabled)}`);
		} else what.push(`invite: ${role} ${org} ${deptName}`.trim());
		rows.push({
			line,
			email,
			action: !before ? 'invite' : what.length ? 'update' : 'unchanged',
			changes: what,
			problems: []
		});
		if (what.length) changes.push(change);
	});
	return { rows, changes, problems: rows.filter((r) => r.action === 'invalid').length };
}

/**
 * Applies the file: checked again, then every change in one transaction, or nothing when any
 * row has a problem. Returns the plan that was applied.
 */
export async function applyPeopleImport(
	db: Db,
	user: SessionUser | null,
	text: string,
	context: { publicUrl: string; now?: Date }
): Promise<ImportPlan> {
	const admin = requireAdmin(user);
	const plan = await planPeopleImport(db, text);
	if (plan.problems > 0)
		throw new UserError(
			400,
			`${plan.problems}行に問題があるため、何も変更していません。 / Nothing imported: ${plan.problems} rows have problems.`
		);
	const now = context.now ?? new Date();
	await db.$transaction(
		async (tx) => {
			for (const c of plan.changes) {
				if (!c.existing) {
					await createInvitation(
						tx as Db,
						admin,
						{
							email: c.email,
							name: c.name,
							role: c.role as never,
							departmentId: c.departmentId,
							manager: c.manager
						},
						c.department,
						{ ...context, now }
					);
					continue;
				}
				const before = c.existing;
				const after = {
					name: c.name,
					role: c.role,
					departmentId: c.departmentId,
					manager: c.manager,
					disabled: c.disabled
				};
				await tx.user.update({
					where: { id: before.id },
					data: {
						name: c.name,
						role: c.role,
						departmentId: c.departmentId,
						manager: c.manager,
						disabledAt: c.disabled ? (before.disabled ? undefined : now) : null
					}
				});
				// Disabled, or given other rights: every session ends at once.
				if (c.disabled || before.role !== c.role || before.departmentId !== c.departmentId) {
					await tx.session.deleteMany({ where: { userId: before.id } });
					await tx.signInChallenge.deleteMany({ where: { userId: before.id } });
				}
				await record(tx, {
					...actor(admin),
					action: 'user.import',
					objectType: 'user',
					objectId: before.id,
					before: {
						name: before.name,
						role: before.role,
						departmentId: before.departmentId,
						manager: before.manager,
						disabled: before.disabled
					},
					after
				});
			}
		},
		{ timeout: 60_000 }
	);
	return plan;
}
