// The catalogue of department functions (主管部局の種類) as data: listed for pickers, extended
// and renamed by admins. A code is never changed or removed once departments, rules and items
// may hold it (they store the code); an admin may stop offering one as an addressee.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError } from '../errors.ts';
import { functionCodeSchema, type DepartmentFunctionEntry } from '../../domain/departments.ts';

/** The directory is the admins' (a prefecture administrator's share: people/add-department.ts). */
export function requireAdmin(user: SessionUser) {
	// Anyone else learns nothing, not even that the page exists: the 404 of one that does not.
	if (user.role !== 'admin') throw new UserError(404, 'ページが見つかりません。 / Not found.');
}

/** The whole catalogue in its order (tens of rows). */
export function listFunctions(
	db: Pick<Db, 'departmentFunction'>
): Promise<DepartmentFunctionEntry[]> {
	return db.departmentFunction.findMany({
		orderBy: [{ position: 'asc' }, { code: 'asc' }],
		select: { code: true, nameJa: true, nameEn: true, addressable: true }
	});
}

/** The functions a notice or an item can name (what the editors offer). */
export async function addressableFunctions(db: Pick<Db, 'departmentFunction'>) {
	return (await listFunctions(db)).filter((f) => f.addressable);
}

/**
 * The codes among `codes` that notices and items cannot name: not in the catalogue, or of a
 * function that is not addressable (a ministry office only issues).
 */
export async function unknownFunctionCodes(
	db: Pick<Db, 'departmentFunction'>,
	codes: readonly string[],
	addressableOnly = true
): Promise<string[]> {
	const distinct = [...new Set(codes)];
	if (distinct.length === 0) return [];
	const found = await db.departmentFunction.findMany({
		where: { code: { in: distinct }, ...(addressableOnly ? { addressable: true } : {}) },
		select: { code: true }
	});
	const known = new Set(found.map((f) => f.code));
	return distinct.filter((c) => !known.has(c));
}

/**
 * Refuses codes a rule may not name (see unknownFunctionCodes); with `addressableOnly` false,
 * only codes the catalogue lacks (a department may be a ministry office).
 */
export async function assertKnownFunctions(
	db: Pick<Db, 'departmentFunction'>,
	codes: readonly string[],
	field?: string,
	addressableOnly = true
) {
	const unknown = await unknownFunctionCodes(db, codes, addressableOnly);
	if (unknown.length > 0)
		throw new UserError(
			400,
			`機能（主管部局の種類）の一覧にないか、宛先に選べないコードです：${unknown.join('、')} / Unknown function.`,
			field
		);
}

const names = {
	nameJa: z
		.string({ error: '日本語の名称を入力してください。' })
		.trim()
		.min(1, '日本語の名称を入力してください。')
		.max(100),
	nameEn: z
		.string({ error: '英語の名称を入力してください。' })
		.trim()
		.min(1, '英語の名称を入力してください。')
		.max(100),
	addressable: z
		.union([z.literal('on'), z.literal('true'), z.literal('')])
		.optional()
		.transform((v) => v === 'on' || v === 'true')
};
export const newFunctionSchema = z.object({ code: functionCodeSchema, ...names });
export const functionUpdateSchema = z.object({
	code: z.string({ error: '機能を選んでください。' }).min(1),
	...names
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
	const parsed = schema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new UserError(400, issue.message, String(issue.path[0] ?? ''));
	}
	return parsed.data;
}

export async function addFunction(db: Db, user: SessionUser, input: unknown) {
	requireAdmin(user);
	const data = parse(newFunctionSchema, input);
	await db.$transaction(async (tx) => {
		if (await tx.departmentFunction.findUnique({ where: { code: data.code } }))
			throw new UserError(409, `コード ${data.code} は既にあります。`, 'code');
		if (await tx.departmentFunction.findFirst({ where: { nameJa: data.nameJa } }))
			throw new UserError(409, `「${data.nameJa}」は既にあります。`, 'nameJa');
		const last = await tx.departmentFunction.aggregate({ _max: { position: true } });
		await tx.departmentFunction.create({
			data: { ...data, position: (last._max.position ?? 0) + 1 }
		});
		await record(tx, {
			...actor(user),
			action: 'department_function.add',
			objectType: 'department_function',
			objectId: data.code,
			after: data
		});
	});
	return data.code;
}

export async function updateFunction(db: Db, user: SessionUser, input: unknown) {
	requireAdmin(user);
	const { code, ...data } = parse(functionUpdateSchema, input);
	await db.$transaction(async (tx) => {
		const before = await tx.departmentFunction.findUnique({
			where: { code },
			select: { nameJa: true, nameEn: true, addressable: true }
		});
		if (!before) throw new UserError(404, '機能が見つかりません。 / Function not found.');
		if (
			await tx.departmentFunction.findFirst({ where: { nameJa: data.nameJa, code: { not: code } } })
		)
			throw new UserError(409, `「${data.nameJa}」は既にあります。`, 'nameJa');
		await tx.departmentFunction.update({ where: { code }, data });
		await record(tx, {
			...actor(user),
			action: 'department_function.update',
			objectType: 'department_function',
			objectId: code,
			before,
			after: data
		});
	});
}
