// A department's mail addresses as those who manage it edit them (admins, its prefecture's
// administrator, its manager — people/access.ts). An address kept as it was keeps its failure
// mark; an edited or new address starts without one (it may work now).
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { actor, record } from '../audit/index.ts';
import { UserError } from '../errors.ts';
import { requireManagedDepartment } from '../people/access.ts';

export const MAX_ADDRESSES = 10;

const address = z
	.string()
	.trim()
	.toLowerCase()
	.max(254)
	.pipe(z.email({ message: 'メールアドレスの形式ではありません。 / Not an e-mail address.' }));

/** One address per line (or separated by commas); blank lines ignored. */
export function parseAddressList(text: string): string[] {
	const items = text
		.split(/[\n,、，]/)
		.map((s) => s.trim())
		.filter(Boolean);
	if (items.length === 0)
		throw new UserError(
			400,
			'メールアドレスを1つ以上入力してください。 / Enter at least one address.',
			'addresses'
		);
	if (items.length > MAX_ADDRESSES)
		throw new UserError(
			400,
			`メールアドレスは${MAX_ADDRESSES}件までです。 / At most ${MAX_ADDRESSES} addresses.`,
			'addresses'
		);
	const out: string[] = [];
	for (const item of items) {
		const parsed = address.safeParse(item);
		if (!parsed.success)
			throw new UserError(400, `${item}: ${parsed.error.issues[0].message}`, 'addresses');
		if (!out.includes(parsed.data)) out.push(parsed.data);
	}
	return out;
}

/** The department's addresses with their failure marks, in a stable order. */
export async function departmentAddresses(db: Pick<Db, 'departmentEmail'>, departmentId: string) {
	return db.departmentEmail.findMany({
		where: { departmentId },
		orderBy: [{ address: 'asc' }],
		select: { id: true, address: true, failedAt: true, failure: true }
	});
}

/** Replaces the department's addresses with `text`'s; returns whether anything changed. */
export async function setDepartmentAddresses(
	db: Db,
	user: SessionUser,
	departmentId: string,
	text: string
): Promise<boolean> {
	const department = await requireManagedDepartment(db, user, departmentId);
	const next = parseAddressList(text);
	const current = await departmentAddresses(db, department.id);
	const before = current.map((a) => a.address);
	const removed = before.filter((a) => !next.includes(a));
	const added = next.filter((a) => !before.includes(a));
	if (removed.length === 0 && added.length === 0) return false;
	await db.$transaction(async (tx) => {
		await tx.departmentEmail.deleteMany({
			where: { departmentId: department.id, address: { in: removed } }
		});
		await tx.departmentEmail.createMany({
			data: added.map((a) => ({ departmentId: department.id, address: a }))
		});
		await record(tx, {
			...actor(user),
			action: 'department_email.update',
			objectType: 'department',
			objectId: department.id,
			before: { addresses: before },
			after: { addresses: next }
		});
	});
	return true;
}
