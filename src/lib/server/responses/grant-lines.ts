// The grant's lines and subsidy rates per fiscal year are data: an admin edits them, and a new
// fiscal year starts as a copy of the latest one. Answers already submitted keep their amounts;
// national shares are always recomputed from the rates of the year they report.
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError } from '../errors.ts';

function requireAdmin(user: SessionUser) {
	if (user.role !== 'admin')
		throw new UserError(403, '交付金の区分を変更できるのは管理者だけです。');
}

export function listGrantLines(db: Db) {
	return db.grantLine.findMany({ orderBy: [{ fiscalYear: 'desc' }, { code: 'asc' }] });
}

export const grantLineSchema = z
	.object({
		id: z.string().min(1),
		name: z.string().trim().min(1, '区分の名称を入力してください。').max(200),
		subsidyRateNumerator: z.coerce
			.number({ error: '補助率は整数で入力してください。' })
			.int()
			.min(1)
			.max(100),
		subsidyRateDenominator: z.coerce
			.number({ error: '補助率は整数で入力してください。' })
			.int()
			.min(1)
			.max(100)
	})
	.refine((l) => l.subsidyRateNumerator <= l.subsidyRateDenominator, {
		message: '補助率は1以下（分子 ≤ 分母）にしてください。',
		path: ['subsidyRateNumerator']
	});

export async function updateGrantLine(db: Db, user: SessionUser, input: unknown) {
	requireAdmin(user);
	const parsed = grantLineSchema.safeParse(input);
	if (!parsed.success) throw new UserError(400, parsed.error.issues[0].message);
	const { id, ...data } = parsed.data;
	const before = await db.grantLine.findUnique({ where: { id } });
	if (!before) throw new UserError(404, '交付金の区分が見つかりません。');
	await db.$transaction(async (tx) => {
		await tx.grantLine.update({ where: { id }, data });
		await record(tx, {
			...actor(user),
			action: 'grant_line.update',
			objectType: 'grant_line',
			objectId: id,
			before,
			after: data
		});
	});
}

/** Opens a fiscal year with the lines and rates of the latest one. */
export async function openFiscalYear(db: Db, user: SessionUser, fiscalYear: number) {
	requireAdmin(user);
	if (!Number.isInteger(fiscalYear) || fiscalYear < 2000 || fiscalYear > 2100)
		throw new UserError(400, '年度を西暦で入力してください（例：2025）。');
	await db.$transaction(async (tx) => {
		if ((await tx.grantLine.count({ where: { fiscalYear } })) > 0)
			throw new UserError(409, `${fiscalYear}年度は既にあります。`);
		const latest = await tx.grantLine.findFirst({ orderBy: { fiscalYear: 'desc' } });
		if (!latest) throw new UserError(409, '元にする年度がありません。');
		const lines = await tx.grantLine.findMany({ where: { fiscalYear: latest.fiscalYear } });
		await tx.grantLine.createMany({
			data: lines.map((l) => ({
				fiscalYear,
				code: l.code,
				name: l.name,
				subsidyRateNumerator: l.subsidyRateNumerator,
				subsidyRateDenominator: l.subsidyRateDenominator
			}))
		});
		await record(tx, {
			...actor(user),
			action: 'grant_line.open_year',
			objectType: 'grant_line',
			after: { fiscalYear, from: latest.fiscalYear }
		});
	});
}
