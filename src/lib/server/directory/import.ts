// Bulk import of departments from the CSV the export writes. A dry run (planImport) reads the
// file against the database and lists every change (add / update / retire) and every problem by
// line, writing nothing. applyImport re-plans the same stored file, refuses if anything differs
// from what the admin saw (digest) or any problem remains, and then writes it all in ONE
// transaction — all or nothing — with batched statements: createMany for new departments and
// addresses in chunks of 500, addresses of updated departments replaced per chunk of 500, one
// UPDATE per department whose name, function or contact changes, updateMany for retirements. At ~5,000 rows that is one transaction of a few thousand statements, bounded by
// the file (not by any fan-out), with a long timeout. One audit event records the import.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Storage } from '../storage/index.ts';
import { actor, record } from '../audit/index.ts';
import { UserError } from '../errors.ts';
import { requireAdmin } from './functions.ts';
import { parseEmails, type DepartmentFields } from './departments.ts';
import {
	decodeCsv,
	isRetiredCell,
	parseDepartmentsCsv,
	type DepartmentCsvRow
} from './csv-format.ts';
import { isPlausiblePhone } from '../../domain/phone.ts';

export const MAX_IMPORT_ROWS = 20_000;
const CHUNK = 500;

export type ImportChange =
	| {
			line: number;
			action: 'add';
			organizationId: string;
			organization: string;
			fields: DepartmentFields;
	  }
	| {
			line: number;
			action: 'update';
			id: string;
			organizationId: string;
			organization: string;
			fields: DepartmentFields;
			changed: string[];
	  }
	| {
			line: number;
			action: 'retire';
			id: string;
			organizationId: string;
			organization: string;
			name: string;
	  };
export type ImportProblem = { line: number; message: string };
export type ImportPlan = {
	sha256: string;
	encoding: 'utf-8' | 'shift_jis';
	rows: number;
	unchanged: number;
	changes: ImportChange[];
	problems: ImportProblem[];
	/** What the admin confirms: a change of plan between dry run and apply is refused. */
	digest: string;
};

type Existing = {
	id: string;
	organizationId: string;
	name: string;
	function: string;
	contactSection: string | null;
	contactPhone: string | null;
	retiredAt: Date | null;
	emails: string[];
};

/** Reads the directory the plan is made against. Bounded: ~1,900 bodies, ~5,400 departments. */
async function snapshot(db: Db) {
	const [organizations, functions, departments] = await Promise.all([
		db.organization.findMany({
			select: { id: true, localGovernmentCode: true, name: true, kind: true, retiredAt: true }
		}),
		db.departmentFunction.findMany({ select: { code: true, nameJa: true } }),
		db.department.findMany({
			select: {
				id: true,
				organizationId: true,
				name: true,
				function: true,
				contactSection: true,
				contactPhone: true,
				retiredAt: true,
				emails: { select: { address: true } }
			}
		})
	]);
	return {
		organizations,
		functions,
		departments: departments.map((d) => ({
			...d,
			emails: d.emails.map((e) => e.address).sort()
		})) as Existing[]
	};
}

export async function planImport(db: Db, bytes: Uint8Array): Promise<ImportPlan> {
	const sha256 = createHash('sha256').update(bytes).digest('hex');
	const { text, encoding } = decodeCsv(bytes);
	const base = {
		sha256,
		encoding,
		rows: 0,
		unchanged: 0,
		changes: [],
		problems: [] as ImportProblem[]
	};
	const parsed = parseDepartmentsCsv(text);
	if (!parsed.ok) return { ...base, problems: [{ line: 1, message: parsed.message }], digest: '' };
	if (parsed.rows.length > MAX_IMPORT_ROWS)
		return {
			...base,
			problems: [{ line: 1, message: `行が多すぎます（${MAX_IMPORT_ROWS}行まで）。` }],
			digest: ''
		};

	const snap = await snapshot(db);
	const orgByCode = new Map(
		snap.organizations.filter((o) => o.localGovernmentCode).map((o) => [o.localGovernmentCode!, o])
	);
	const ministryByName = new Map(
		snap.organizations.filter((o) => o.kind === 'ministry').map((o) => [o.name, o])
	);
	const functionOf = new Map<string, string>();
	for (const f of snap.functions) {
		functionOf.set(f.code, f.code);
		functionOf.set(f.nameJa.normalize('NFKC'), f.code);
	}
	const byId = new Map(snap.departments.map((d) => [d.id, d]));
	const byKey = new Map(
		snap.departments.map((d) => [`${d.organizationId}\u0000${d.function}\u0000${d.name}`, d])
	);

	const changes: ImportChange[] = [];
	const problems: ImportProblem[] = [];
	const seen = new Map<string, number>();
	let unchanged = 0;
	for (const { line, row } of parsed.rows) {
		const rowProblems: string[] = [];
		const org = planOrganization(row, orgByCode, ministryByName, rowProblems);
		const fn = functionOf.get(row.function) ?? functionOf.get(row.function.normalize('NFKC'));
		if (!row.function) rowProblems.push('機能（function）が空です。');
		else if (!fn)
			rowProblems.push(
				`機能「${row.function}」は一覧にありません。先に /admin/functions で追加してください。`
			);
		if (!row.department) rowProblems.push('部署名（department）が空です。');
		if (row.department.length > 200) rowProblems.push('部署名は200文字以内です。');
		const { emails, bad } = parseEmails(row.emails);
		if (bad.length) rowProblems.push(`メールアドレスとして正しくありません：${bad.join('、')}`);
		if (row.contact_phone && !isPlausiblePhone(row.contact_phone))
			rowProblems.push(`電話番号として読めません：${row.contact_phone}`);
		if (row.contact_section.length > 200) rowProblems.push('課・係は200文字以内です。');
		const retire = isRetiredCell(row.retired);
		let target: Existing | undefined;
		if (row.id) {
			target = byId.get(row.id);
			if (!target)
				rowProblems.push(`id ${row.id} の部署はありません（新しい部署は id を空にしてください）。`);
			else if (org && target.organizationId !== org.id)
				rowProblems.push('id の部署は別の団体のものです（団体は変えられません）。');
		} else if (org && fn) {
			target = byKey.get(`${org.id}\u0000${fn}\u0000${row.department}`);
		}
		if (target?.retiredAt && !retire) rowProblems.push('廃止された部署は変更できません。');
		if (!target && retire && rowProblems.length === 0)
			rowProblems.push('廃止する部署が見つかりません。');
		const key = target ? target.id : `${org?.id}\u0000${fn}\u0000${row.department}`;
		if (seen.has(key)) rowProblems.push(`${seen.get(key)}行目と同じ部署です。`);
		seen.set(key, line);
		if (rowProblems.length || !org || !fn) {
			problems.push(...rowProblems.map((message) => ({ line, message })));
			continue;
		}
		const fields: DepartmentFields = {
			name: row.department,
			function: fn,
			contactSection: row.contact_section || null,
			contactPhone: row.contact_phone || null,
			emails: emails.sort()
		};
		if (!target) {
			if (org.retiredAt) {
				problems.push({ line, message: '廃止された団体には部署を追加できません。' });
				continue;
			}
			changes.push({ line, action: 'add', organizationId: org.id, organization: org.name, fields });
		} else if (retire) {
			if (target.retiredAt) unchanged++;
			else
				changes.push({
					line,
					action: 'retire',
					id: target.id,
					organizationId: org.id,
					organization: org.name,
					name: target.name
				});
		} else {
			const changed = (['name', 'function', 'contactSection', 'contactPhone'] as const).filter(
				(k) => (target[k] ?? null) !== fields[k]
			);
			if (target.emails.join(',') !== fields.emails.join(',')) changed.push('emails' as never);
			if (changed.length === 0) unchanged++;
			else
				changes.push({
					line,
					action: 'update',
					id: target.id,
					organizationId: org.id,
					organization: org.name,
					fields,
					changed
				});
		}
	}
	// Two rows renaming departments onto the same name in one body would break the unique key.
	const names = new Map<string, number>();
	for (const c of changes) {
		if (c.action === 'retire') continue;
		const k = `${c.organizationId}\u0000${c.fields.function}\u0000${c.fields.name}`;
		const clash = byKey.get(k);
		if (
			c.action === 'update' &&
			clash &&
			clash.id !== c.id &&
			!changes.some((o) => o.action === 'update' && o.id === clash.id)
		)
			problems.push({
				line: c.line,
				message: `同じ団体に同じ機能・名称の部署があります：${c.fields.name}`
			});
		if (names.has(k))
			problems.push({ line: c.line, message: `${names.get(k)}行目と同じ機能・名称になります。` });
		names.set(k, c.line);
	}
	problems.sort((a, b) => a.line - b.line);
	const digest = createHash('sha256').update(JSON.stringify(changes)).digest('hex');
	return { sha256, encoding, rows: parsed.rows.length, unchanged, changes, problems, digest };
}

function planOrganization(
	row: DepartmentCsvRow,
	orgByCode: Map<string, { id: string; name: string; retiredAt: Date | null }>,
	ministryByName: Map<string, { id: string; name: string; retiredAt: Date | null }>,
	problems: string[]
) {
	const code = row.organization_code.normalize('NFKC');
	if (code) {
		const org = orgByCode.get(code.padStart(6, '0'));
		if (!org) problems.push(`団体コード ${code} の団体はありません。`);
		return org;
	}
	const ministry = ministryByName.get(row.organization_name);
	if (!ministry)
		problems.push('団体コードが空です（府省は organization_name に府省名を書いてください）。');
	return ministry;
}

/** Stores the uploaded file and makes its dry run. */
export async function dryRunImport(db: Db, storage: Storage, user: SessionUser, bytes: Uint8Array) {
	requireAdmin(user);
	if (bytes.byteLength === 0) throw new UserError(400, 'CSVファイルを選んでください。', 'file');
	await storage.put(bytes);
	return planImport(db, bytes);
}

/** Applies the file the dry run was made from, if its plan is still what the admin saw. */
export async function applyImport(
	db: Db,
	storage: Storage,
	user: SessionUser,
	sha256: string,
	digest: string
): Promise<ImportPlan> {
	requireAdmin(user);
	if (!/^[0-9a-f]{64}$/.test(sha256))
		throw new UserError(400, 'もう一度ファイルを選んで確認してください。');
	const bytes = await storage.read(sha256).catch(() => {
		throw new UserError(404, 'ファイルが見つかりません。もう一度確認してください。');
	});
	const plan = await planImport(db, bytes);
	if (plan.problems.length)
		throw new UserError(409, '問題のある行があります。直してから確認し直してください。');
	if (plan.digest !== digest)
		throw new UserError(409, '確認の後に名簿が変わりました。もう一度確認してください。');
	if (plan.changes.length === 0) return plan;
	await db.$transaction(
		async (tx) => {
			await writePlan(tx, plan.changes);
			await record(tx, {
				...actor(user),
				action: 'department.import',
				objectType: 'department',
				after: {
					file: sha256,
					encoding: plan.encoding,
					added: plan.changes.filter((c) => c.action === 'add').length,
					updated: plan.changes.filter((c) => c.action === 'update').length,
					retired: plan.changes.filter((c) => c.action === 'retire').length,
					changes: plan.changes.map((c) =>
						c.action === 'add'
							? { line: c.line, action: c.action, name: c.fields.name }
							: {
									line: c.line,
									action: c.action,
									id: c.id,
									...(c.action === 'update' ? { changed: c.changed } : {})
								}
					)
				}
			});
		},
		{ timeout: 300_000, maxWait: 30_000 }
	);
	return plan;
}

type Tx = Pick<Db, 'department' | 'departmentEmail'>;
const chunks = <T>(list: T[]) =>
	Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) =>
		list.slice(i * CHUNK, (i + 1) * CHUNK)
	);

/** Writes a plan's changes inside the caller's transaction, in batches. */
async function writePlan(tx: Tx, changes: ImportChange[]) {
	const adds = changes.flatMap((c) =>
		c.action === 'add' ? [{ ...c, id: 'd' + randomUUID().replaceAll('-', '') }] : []
	);
	for (const batch of chunks(adds)) {
		await tx.department.createMany({
			data: batch.map((c) => ({
				id: c.id,
				organizationId: c.organizationId,
				name: c.fields.name,
				function: c.fields.function,
				contactSection: c.fields.contactSection,
				contactPhone: c.fields.contactPhone
			}))
		});
		const emails = batch.flatMap((c) =>
			c.fields.emails.map((address) => ({ departmentId: c.id, address }))
		);
		if (emails.length) await tx.departmentEmail.createMany({ data: emails });
	}
	const updates = changes.flatMap((c) => (c.action === 'update' ? [c] : []));
	// One UPDATE per department whose own columns change; addresses replaced per batch.
	for (const c of updates)
		if (c.changed.some((k) => k !== 'emails'))
			await tx.department.update({
				where: { id: c.id },
				data: {
					name: c.fields.name,
					function: c.fields.function,
					contactSection: c.fields.contactSection,
					contactPhone: c.fields.contactPhone
				}
			});
	for (const batch of chunks(updates.filter((c) => c.changed.includes('emails')))) {
		await tx.departmentEmail.deleteMany({
			where: { departmentId: { in: batch.map((c) => c.id) } }
		});
		const emails = batch.flatMap((c) =>
			c.fields.emails.map((address) => ({ departmentId: c.id, address }))
		);
		if (emails.length) await tx.departmentEmail.createMany({ data: emails });
	}
	const retired = changes.flatMap((c) => (c.action === 'retire' ? [c.id] : []));
	const at = new Date();
	for (const batch of chunks(retired))
		await tx.department.updateMany({ where: { id: { in: batch } }, data: { retiredAt: at } });
}
