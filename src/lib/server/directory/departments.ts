// The directory's departments, kept by admins: listed with filters and pages, added, renamed,
// given addresses and a contact line, merged into another and retired. Nothing is deleted: a
// retired (or merged) department keeps its recipients, answers and audit history and stays on
// old notices; addressee rules never pick it again (recipients/addressees.ts).
import { z } from 'zod';
import type { Db, Tx } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError } from '../errors.ts';
import { assertKnownFunctions, requireAdmin } from './functions.ts';
import { BODY_KINDS } from '../../domain/local-government-code.ts';
import { isPlausiblePhone } from '../../domain/phone.ts';

export const PAGE_SIZE = 50;

/** The list's filters, all from the URL so a filtered page can be bookmarked and shared. */
export type DepartmentFilter = {
	prefecture: string | null;
	kind: string | null;
	function: string | null;
	q: string;
	status: 'active' | 'retired' | 'all';
	page: number;
};

export function departmentFilter(url: URL): DepartmentFilter {
	const get = (k: string) => url.searchParams.get(k)?.trim() || null;
	const prefecture = get('prefecture');
	const kind = get('kind');
	const status = get('status');
	const page = Number(get('page') ?? 1);
	return {
		prefecture: prefecture && /^\d{2}$/.test(prefecture) ? prefecture : null,
		kind:
			kind && (BODY_KINDS as readonly string[]).includes(kind)
				? kind
				: kind === 'ministry'
					? kind
					: null,
		function: get('function'),
		q: (get('q') ?? '').slice(0, 100),
		status: status === 'retired' || status === 'all' ? status : 'active',
		page: Number.isInteger(page) && page > 0 && page < 100_000 ? page : 1
	};
}

function whereOf(f: DepartmentFilter) {
	return {
		...(f.status === 'active'
			? { retiredAt: null }
			: f.status === 'retired'
				? { retiredAt: { not: null } }
				: {}),
		...(f.function ? { function: f.function } : {}),
		organization: {
			...(f.prefecture ? { prefectureCode: f.prefecture } : {}),
			...(f.kind ? { kind: f.kind } : {})
		},
		...(f.q
			? {
					OR: [
						{ name: { contains: f.q } },
						{ organization: { name: { contains: f.q } } },
						{ organization: { localGovernmentCode: f.q } },
						{ emails: { some: { address: { contains: f.q.toLowerCase() } } } }
					]
				}
			: {})
	};
}

/** One page of departments (PAGE_SIZE rows) and the total, in code order. */
export async function listDepartments(db: Db, user: SessionUser, f: DepartmentFilter) {
	requireAdmin(user);
	const where = whereOf(f);
	const [total, rows] = await Promise.all([
		db.department.count({ where }),
		db.department.findMany({
			where,
			orderBy: [
				{ organization: { prefectureCode: 'asc' } },
				{ organization: { localGovernmentCode: 'asc' } },
				{ function: 'asc' },
				{ name: 'asc' },
				{ id: 'asc' }
			],
			skip: (f.page - 1) * PAGE_SIZE,
			take: PAGE_SIZE,
			select: departmentSelect
		})
	]);
	return { total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows };
}

const departmentSelect = {
	id: true,
	name: true,
	function: true,
	contactSection: true,
	contactPhone: true,
	retiredAt: true,
	successor: { select: { id: true, name: true, organization: { select: { name: true } } } },
	organization: {
		select: { id: true, name: true, kind: true, prefectureCode: true, localGovernmentCode: true }
	},
	emails: { select: { address: true }, orderBy: { address: 'asc' as const } }
} as const;

export async function getDepartment(db: Db, user: SessionUser, id: string) {
	requireAdmin(user);
	const d = await db.department.findUnique({ where: { id }, select: departmentSelect });
	if (!d) throw new UserError(404, '部署が見つかりません。 / Department not found.');
	return d;
}

/** The other current departments of the same body: what a department can be merged into. */
export function mergeCandidates(db: Db, department: { id: string; organization: { id: string } }) {
	return db.department.findMany({
		where: {
			organizationId: department.organization.id,
			retiredAt: null,
			id: { not: department.id }
		},
		orderBy: [{ function: 'asc' }, { name: 'asc' }],
		select: { id: true, name: true, function: true }
	});
}

// A practical address check (what the mail queue can send to), not RFC 5322's full grammar:
// one @, no spaces or commas, a dotted domain. Stored lower-cased so duplicates are caught.
const EMAIL =
	/^[^\s@,;<>"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** Splits a list of addresses (lines, commas, semicolons, spaces) and checks each. */
export function parseEmails(text: string): { emails: string[]; bad: string[] } {
	const parts = text
		.normalize('NFKC')
		.split(/[\s,;、]+/)
		.map((s) => s.trim().toLowerCase())
		.filter(Boolean);
	const emails = [...new Set(parts.filter((p) => EMAIL.test(p) && p.length <= 254))];
	return { emails, bad: parts.filter((p) => !EMAIL.test(p) || p.length > 254) };
}

export const departmentFieldsSchema = z.object({
	name: z
		.string({ error: '部署名を入力してください。' })
		.trim()
		.min(1, '部署名を入力してください。')
		.max(200, '部署名は200文字以内です。'),
	function: z.string({ error: '機能を選んでください。' }).trim().min(1, '機能を選んでください。'),
	contactSection: z.string().trim().max(200, '課・係は200文字以内です。').default(''),
	contactPhone: z
		.string()
		.trim()
		.max(100)
		.default('')
		.refine(
			(p) => p === '' || isPlausiblePhone(p),
			'電話番号として読めません（例：03-5253-1111 内線2345）。'
		),
	emails: z.string().max(5000).default('')
});
export type DepartmentFields = {
	name: string;
	function: string;
	contactSection: string | null;
	contactPhone: string | null;
	emails: string[];
};

/** Parses the form's fields; throws a UserError naming the field on the first problem. */
export function readDepartmentFields(input: unknown): DepartmentFields {
	const parsed = departmentFieldsSchema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new UserError(400, issue.message, String(issue.path[0] ?? 'form'));
	}
	const { emails, bad } = parseEmails(parsed.data.emails);
	if (bad.length > 0)
		throw new UserError(400, `メールアドレスとして正しくありません：${bad.join('、')}`, 'emails');
	return {
		name: parsed.data.name,
		function: parsed.data.function,
		contactSection: parsed.data.contactSection || null,
		contactPhone: parsed.data.contactPhone || null,
		emails
	};
}

async function assertNameFree(
	tx: Pick<Db, 'department'>,
	organizationId: string,
	fields: Pick<DepartmentFields, 'name' | 'function'>,
	exceptId?: string
) {
	const clash = await tx.department.findFirst({
		where: {
			organizationId,
			function: fields.function,
			name: fields.name,
			...(exceptId ? { id: { not: exceptId } } : {})
		},
		select: { id: true }
	});
	if (clash)
		throw new UserError(409, `同じ団体に同じ機能・名称の部署があります：${fields.name}`, 'name');
}

export async function addDepartment(
	db: Db,
	user: SessionUser,
	organizationCode: string,
	input: unknown
) {
	requireAdmin(user);
	const fields = readDepartmentFields(input);
	return db.$transaction(async (tx) => {
		const organization = await tx.organization.findFirst({
			where: {
				OR: [
					{ localGovernmentCode: organizationCode.trim() },
					{ kind: 'ministry', name: organizationCode.trim() }
				]
			},
			select: { id: true, retiredAt: true }
		});
		if (!organization || organization.retiredAt)
			throw new UserError(400, '団体コードに当たる現存の団体がありません。', 'organization');
		return insertDepartment(tx, user, organization.id, organizationCode, fields, false);
	});
}

/**
 * Writes a new department of a body the caller has already checked the user may add to, with
 * its audit event (shared with a prefecture administrator's addition, people/add-department.ts).
 * `addressableOnly`: whether a function that only issues (a ministry office) is refused.
 */
export async function insertDepartment(
	tx: Tx,
	user: SessionUser,
	organizationId: string,
	organizationCode: string,
	fields: DepartmentFields,
	addressableOnly: boolean
) {
	await assertKnownFunctions(tx, [fields.function], 'function', addressableOnly);
	await assertNameFree(tx, organizationId, fields);
	const created = await tx.department.create({
		data: {
			organizationId,
			name: fields.name,
			function: fields.function,
			contactSection: fields.contactSection,
			contactPhone: fields.contactPhone,
			emails: { create: fields.emails.map((address) => ({ address })) }
		},
		select: { id: true }
	});
	await record(tx, {
		...actor(user),
		action: 'department.add',
		objectType: 'department',
		objectId: created.id,
		after: { organizationCode, ...fields }
	});
	return created.id;
}

/** Renames, changes the function, the contact line and the addresses, in one audited change. */
export async function updateDepartment(db: Db, user: SessionUser, id: string, input: unknown) {
	requireAdmin(user);
	const fields = readDepartmentFields(input);
	await db.$transaction(async (tx) => {
		const before = await tx.department.findUnique({
			where: { id },
			select: {
				organizationId: true,
				name: true,
				function: true,
				contactSection: true,
				contactPhone: true,
				retiredAt: true,
				emails: { select: { address: true } }
			}
		});
		if (!before) throw new UserError(404, '部署が見つかりません。 / Department not found.');
		if (before.retiredAt) throw new UserError(409, '廃止した部署は変更できません。');
		await assertKnownFunctions(tx, [fields.function], 'function', false);
		await assertNameFree(tx, before.organizationId, fields, id);
		await writeFields(tx, id, fields);
		await record(tx, {
			...actor(user),
			action: 'department.update',
			objectType: 'department',
			objectId: id,
			before: { ...before, organizationId: undefined, emails: before.emails.map((e) => e.address) },
			after: fields
		});
	});
}

/** Writes the fields and replaces the address list (shared by the form and the CSV import). */
export async function writeFields(
	tx: Pick<Db, 'department' | 'departmentEmail'>,
	id: string,
	fields: DepartmentFields
) {
	await tx.department.update({
		where: { id },
		data: {
			name: fields.name,
			function: fields.function,
			contactSection: fields.contactSection,
			contactPhone: fields.contactPhone
		}
	});
	await tx.departmentEmail.deleteMany({
		where: { departmentId: id, address: { notIn: fields.emails } }
	});
	const kept = new Set(
		(
			await tx.departmentEmail.findMany({ where: { departmentId: id }, select: { address: true } })
		).map((e) => e.address)
	);
	const added = fields.emails.filter((a) => !kept.has(a));
	if (added.length)
		await tx.departmentEmail.createMany({
			data: added.map((address) => ({ departmentId: id, address }))
		});
}

/** Retires a department: kept with its history, never addressed again. */
export async function retireDepartment(db: Db, user: SessionUser, id: string) {
	requireAdmin(user);
	await db.$transaction(async (tx) => {
		const d = await tx.department.findUnique({
			where: { id },
			select: { retiredAt: true, name: true }
		});
		if (!d) throw new UserError(404, '部署が見つかりません。 / Department not found.');
		if (d.retiredAt) throw new UserError(409, 'この部署は既に廃止されています。');
		const at = new Date();
		await tx.department.update({ where: { id }, data: { retiredAt: at } });
		await record(tx, {
			...actor(user),
			action: 'department.retire',
			objectType: 'department',
			objectId: id,
			after: { retiredAt: at, name: d.name }
		});
	});
}

/**
 * Merges a department into another current one of the same body: the merged one is retired and
 * points to its successor; its recipients, answers and history stay where they are (they record
 * what happened to it). Its addresses move to the successor, so mail the successor gets reaches
 * the people who read the old box until an admin removes them.
 */
export async function mergeDepartment(db: Db, user: SessionUser, id: string, successorId: string) {
	requireAdmin(user);
	if (id === successorId) throw new UserError(400, '統合先に同じ部署は選べません。', 'successorId');
	await db.$transaction(async (tx) => {
		const [from, to] = await Promise.all(
			[id, successorId].map((i) =>
				tx.department.findUnique({
					where: { id: i },
					select: {
						organizationId: true,
						retiredAt: true,
						name: true,
						emails: { select: { address: true } }
					}
				})
			)
		);
		if (!from || !to) throw new UserError(404, '部署が見つかりません。 / Department not found.');
		if (from.retiredAt) throw new UserError(409, 'この部署は既に廃止されています。');
		if (to.retiredAt) throw new UserError(409, '統合先が廃止されています。', 'successorId');
		if (from.organizationId !== to.organizationId)
			throw new UserError(400, '統合先は同じ団体の部署から選んでください。', 'successorId');
		const have = new Set(to.emails.map((e) => e.address));
		const moved = from.emails.map((e) => e.address).filter((a) => !have.has(a));
		if (moved.length)
			await tx.departmentEmail.createMany({
				data: moved.map((address) => ({ departmentId: successorId, address }))
			});
		const at = new Date();
		await tx.department.update({ where: { id }, data: { retiredAt: at, successorId } });
		await record(tx, {
			...actor(user),
			action: 'department.merge',
			objectType: 'department',
			objectId: id,
			before: { name: from.name },
			after: { retiredAt: at, successorId, successorName: to.name, movedAddresses: moved }
		});
	});
}
