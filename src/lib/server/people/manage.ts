// People: the admin's paged list with its filters, a department's people for those who manage
// it, and the changes — role, department and capabilities (admins), disabling (which ends every
// session at once, auth/account.ts) and enabling again. Every change is audited.
//
// Paging is by page number over a stable order (email): the lists are a few thousand rows at
// most per filter, and a shared pager is not on main yet.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { Prisma } from '../db/generated/sqlite/client.ts';
import { actor, record } from '../audit/index.ts';
import { disableUser } from '../auth/account.ts';
import { UserError } from '../errors.ts';
import { ROLES } from '../../domain/roles.ts';
import { manageableDepartments, mayGrant } from './access.ts';

export const PEOPLE_PAGE_SIZE = 50;

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.transform((v) => (v === '' ? undefined : v))
		.optional();

const filterSchema = z.object({
	role: z
		.union([z.enum(ROLES), z.literal('')])
		.optional()
		.transform((v) => v || undefined),
	department: optionalText(64),
	prefecture: z
		.string()
		.regex(/^(\d{2})?$/)
		.optional()
		.transform((v) => v || undefined),
	disabled: z
		.enum(['yes', 'no', ''])
		.optional()
		.transform((v) => v || undefined),
	q: optionalText(100),
	page: z.coerce.number().int().min(1).max(100_000).default(1)
});
export type PeopleFilter = z.infer<typeof filterSchema>;
export const PEOPLE_FILTER_KEYS = ['role', 'department', 'prefecture', 'disabled', 'q'] as const;

/** The filter as the URL carries it; a malformed one is a 400 with the reason. */
export function peopleFilter(url: URL): PeopleFilter {
	const raw = Object.create(null) as Record<string, string>;
	for (const key of [...PEOPLE_FILTER_KEYS, 'page']) {
		const v = url.searchParams.get(key);
		if (v !== null) raw[key] = v;
	}
	const parsed = filterSchema.safeParse(raw);
	if (!parsed.success)
		throw new UserError(
			400,
			`検索条件が正しくありません。 / Invalid filter: ${parsed.error.issues[0].path.join('.')}`
		);
	return parsed.data;
}

export function requireAdmin(user: SessionUser | null): SessionUser {
	// Others learn nothing, not even that the page exists.
	if (user?.role !== 'admin') throw new UserError(404, 'ページが見つかりません。 / Not found.');
	return user;
}

function whereOf(f: PeopleFilter): Prisma.UserWhereInput {
	const and: Prisma.UserWhereInput[] = [];
	if (f.role) and.push({ role: f.role });
	if (f.department) and.push({ departmentId: f.department });
	if (f.prefecture)
		and.push({ department: { is: { organization: { prefectureCode: f.prefecture } } } });
	if (f.disabled === 'yes') and.push({ disabledAt: { not: null } });
	if (f.disabled === 'no') and.push({ disabledAt: null });
	if (f.q) {
		const q = f.q.toLowerCase();
		and.push({ OR: [{ email: { contains: q } }, { name: { contains: f.q } }] });
	}
	return { AND: and };
}

const PERSON = {
	id: true,
	email: true,
	name: true,
	role: true,
	manager: true,
	prefectureAdmin: true,
	disabledAt: true,
	departmentId: true,
	department: {
		select: { name: true, organization: { select: { name: true, localGovernmentCode: true } } }
	}
} as const;

/** One page of people (admins). */
export async function listPeople(db: Db, user: SessionUser | null, filter: PeopleFilter) {
	requireAdmin(user);
	const where = whereOf(filter);
	const [rows, total] = await Promise.all([
		db.user.findMany({
			where,
			orderBy: [{ email: 'asc' }],
			take: PEOPLE_PAGE_SIZE,
			skip: (filter.page - 1) * PEOPLE_PAGE_SIZE,
			select: PERSON
		}),
		db.user.count({ where })
	]);
	return { rows, total, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)) };
}

/** A department's people (the caller has authorized the department), one page. */
export async function departmentPeople(db: Db, departmentId: string, page = 1) {
	const where = { departmentId };
	const [rows, total] = await Promise.all([
		db.user.findMany({
			where,
			orderBy: [{ disabledAt: 'asc' }, { email: 'asc' }],
			take: PEOPLE_PAGE_SIZE,
			skip: (page - 1) * PEOPLE_PAGE_SIZE,
			select: PERSON
		}),
		db.user.count({ where })
	]);
	return { rows, total, pages: Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE)) };
}

const personNotFound = () => new UserError(404, '利用者が見つかりません。 / Person not found.');

/** A person the actor may act on: admins anyone but themselves; managers their reach. */
async function reachablePerson(db: Db, user: SessionUser, userId: string) {
	const scope = manageableDepartments(user);
	if (!scope || typeof userId !== 'string' || userId.length > 64) throw personNotFound();
	const person = await db.user.findFirst({
		where: {
			AND: [{ id: userId }, user.role === 'admin' ? {} : { department: { is: scope } }]
		},
		select: {
			id: true,
			role: true,
			manager: true,
			prefectureAdmin: true,
			departmentId: true,
			disabledAt: true
		}
	});
	if (!person) throw personNotFound();
	if (person.id === user.id)
		throw new UserError(409, '自分自身は変更できません。 / You cannot change your own account.');
	// A manager removes respondent colleagues, never someone with more rights than it grants.
	if (!mayGrant(user, person)) throw personNotFound();
	return person;
}

/** Disables the person: every session ends at once (auth/account.ts disableUser). */
export async function disablePerson(db: Db, user: SessionUser, userId: string) {
	const person = await reachablePerson(db, user, userId);
	if (person.disabledAt) return;
	await disableUser(db, person.id, { actorId: user.id, ip: null });
}

export async function enablePerson(db: Db, user: SessionUser, userId: string) {
	const person = await reachablePerson(db, user, userId);
	if (!person.disabledAt) return;
	await db.$transaction(async (tx) => {
		await tx.user.update({ where: { id: person.id }, data: { disabledAt: null } });
		await record(tx, {
			...actor(user),
			action: 'user.enable',
			objectType: 'user',
			objectId: person.id
		});
	});
}

export const personChangeSchema = z.object({
	role: z.enum(ROLES),
	departmentId: z.string().max(64).nullable(),
	manager: z.boolean(),
	prefectureAdmin: z
		.string()
		.regex(/^(0[1-9]|[1-3]\d|4[0-7])$/, {
			message: '都道府県コードは01〜47です。 / A prefecture code is 01–47.'
		})
		.nullable()
});
export type PersonChange = z.infer<typeof personChangeSchema>;

/** Changes role, department and capabilities (admins only). */
export async function changePerson(db: Db, user: SessionUser, userId: string, raw: unknown) {
	requireAdmin(user);
	const parsed = personChangeSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new UserError(400, issue.message, String(issue.path[0] ?? ''));
	}
	const next = parsed.data;
	const person = await reachablePerson(db, user, userId);
	if (next.role !== 'admin' && next.departmentId === null)
		throw new UserError(400, '部局を選んでください。 / Choose a department.', 'departmentId');
	if (
		next.departmentId !== null &&
		!(await db.department.findUnique({ where: { id: next.departmentId }, select: { id: true } }))
	)
		throw new UserError(400, '部局が見つかりません。 / Department not found.', 'departmentId');
	// Capabilities belong to respondents (the people of a department and of a prefecture).
	if ((next.manager || next.prefectureAdmin) && next.role !== 'respondent')
		throw new UserError(
			400,
			'部局の管理者・都道府県の管理者は回答者だけに設定できます。 / Only respondents can be managers.',
			'role'
		);
	const before = {
		role: person.role,
		departmentId: person.departmentId,
		manager: person.manager,
		prefectureAdmin: person.prefectureAdmin
	};
	if (JSON.stringify(before) === JSON.stringify(next)) return false;
	await db.$transaction(async (tx) => {
		await tx.user.update({ where: { id: person.id }, data: next });
		// A changed role or department is a new set of rights: every session starts again.
		if (before.role !== next.role || before.departmentId !== next.departmentId)
			await tx.session.deleteMany({ where: { userId: person.id } });
		await record(tx, {
			...actor(user),
			action: 'user.update',
			objectType: 'user',
			objectId: person.id,
			before,
			after: next
		});
	});
	return true;
}

/**
 * A department named as people name it in forms and files: the organization's 全国地方公共団体
 * コード (or a ministry's name) and the department's name. Null when both are blank.
 */
export async function departmentByName(
	db: Pick<Db, 'department'>,
	organization: string,
	name: string
): Promise<string | null> {
	const org = organization.trim();
	const dept = name.trim();
	if (!org && !dept) return null;
	const found = await db.department.findMany({
		where: {
			name: dept,
			organization: { OR: [{ localGovernmentCode: org }, { name: org, localGovernmentCode: null }] }
		},
		select: { id: true },
		take: 2
	});
	if (found.length !== 1)
		throw new UserError(
			400,
			`部局「${org} ${dept}」が${found.length ? '複数あります' : '見つかりません'}。 / Department ${found.length ? 'ambiguous' : 'not found'}.`,
			'department'
		);
	return found[0].id;
}
