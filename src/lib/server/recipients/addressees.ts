// Resolves an addressee rule to the departments it names, in a stable order
// (prefecture code, then body code, then function) so lists and counts read the same way
// on every screen.
import { providerOfDb, type Db, type Tx } from '../db/client.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { AddresseeRule } from '../../domain/addressees.ts';
import { BODY_KINDS } from '../../domain/local-government-code.ts';

/**
 * The codes of the catalogue's addressable functions (a ministry office only issues). The
 * catalogue is small (tens of rows), so reading it whole is fine.
 */
export async function addressableFunctionCodes(db: Pick<Db, 'departmentFunction'>) {
	const rows = await db.departmentFunction.findMany({
		where: { addressable: true },
		select: { code: true }
	});
	return rows.map((r) => r.code);
}

/**
 * The departments an addressee rule names, as a filter (null: none), given the catalogue's
 * addressable codes. Only current departments of addressable functions in bodies that still
 * exist: a retired (or merged) department keeps its recipients on old notices but is never
 * addressed again.
 */
export function addresseeWhere(
	rule: AddresseeRule,
	codes: readonly string[]
): Prisma.DepartmentWhereInput | null {
	const live = {
		retiredAt: null,
		organization: { retiredAt: null },
		function: { in: [...codes] }
	};
	const byRule =
		rule.bodyKinds.length > 0 && rule.functions.length > 0
			? {
					...live,
					function: { in: rule.functions.filter((f) => codes.includes(f)) },
					organization: { retiredAt: null, kind: { in: rule.bodyKinds } }
				}
			: undefined;
	const or = [
		...(byRule ? [byRule] : []),
		// Individual additions are departments that can receive notices, never an issuing office.
		...(rule.include.length ? [{ ...live, id: { in: rule.include } }] : [])
	];
	return or.length === 0 ? null : { OR: or, id: { notIn: rule.exclude } };
}

export async function resolveAddressees(
	db: Pick<Db, 'department' | 'departmentFunction'>,
	rule: AddresseeRule
) {
	const where = addresseeWhere(rule, await addressableFunctionCodes(db));
	if (!where) return [];
	const departments = await db.department.findMany({
		where,
		select: {
			id: true,
			name: true,
			function: true,
			organization: {
				select: { name: true, kind: true, prefectureCode: true, localGovernmentCode: true }
			}
		}
	});
	return departments.sort(
		(a, b) =>
			(a.organization.prefectureCode ?? '').localeCompare(b.organization.prefectureCode ?? '') ||
			(a.organization.localGovernmentCode ?? '').localeCompare(
				b.organization.localGovernmentCode ?? ''
			) ||
			a.function.localeCompare(b.function)
	);
}

/** Every department a notice can be addressed to, for picking individual additions/exclusions. */
export async function addressableDepartments(db: Pick<Db, 'department' | 'departmentFunction'>) {
	const all = await resolveAddressees(db, {
		bodyKinds: [...BODY_KINDS],
		functions: await addressableFunctionCodes(db),
		include: [],
		exclude: []
	});
	return all.map((d) => ({
		id: d.id,
		name: `${d.organization.name} ${d.name}`,
		prefectureCode: d.organization.prefectureCode
	}));
}

/**
 * The rule as a SQL condition on `d` (Department) joined with `o` (its Organization): the same
 * departments resolveAddressees returns, for statements that must not carry their ids.
 */
function addresseeCondition(rule: AddresseeRule): Prisma.Sql {
	// The same "live" rule as addresseeWhere: current departments of addressable functions in
	// bodies that still exist.
	const live = Prisma.sql`d."retiredAt" IS NULL AND o."retiredAt" IS NULL AND d."function" IN (SELECT f."code" FROM "DepartmentFunction" f WHERE f."addressable" = TRUE)`;
	const or: Prisma.Sql[] = [];
	if (rule.bodyKinds.length > 0 && rule.functions.length > 0)
		or.push(
			Prisma.sql`(d."function" IN (${Prisma.join(rule.functions)}) AND o."kind" IN (${Prisma.join(rule.bodyKinds)}))`
		);
	if (rule.include.length) or.push(Prisma.sql`(d."id" IN (${Prisma.join(rule.include)}))`);
	if (or.length === 0) return Prisma.sql`1 = 0`;
	const exclude = rule.exclude.length
		? Prisma.sql` AND d."id" NOT IN (${Prisma.join(rule.exclude)})`
		: Prisma.empty;
	return Prisma.sql`(${live}) AND (${Prisma.join(or, ' OR ')})${exclude}`;
}

type Count = number | bigint;

/** How many departments the rule names (what resolveAddressees(...).length would say). */
export async function countAddressees(db: Tx, rule: AddresseeRule): Promise<number> {
	const [row] = await db.$queryRaw<{ n: Count }[]>`
		SELECT COUNT(*) AS "n" FROM "Department" d JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE ${addresseeCondition(rule)}`;
	return Number(row.n);
}

/**
 * Makes the notice's recipients exactly the departments the rule names, in two set-based
 * statements whatever their number: a recipient outside the rule (left by an earlier attempt
 * under another rule) is removed with its unsent mails, and every department missing is added.
 * Idempotent: run again after a crash, it adds what is missing and nothing twice. Returns how
 * many were added now.
 */
export async function writeRecipients(
	db: Tx,
	noticeId: string,
	rule: AddresseeRule
): Promise<number> {
	const provider = providerOfDb(db);
	const inRule = Prisma.sql`SELECT d."id" FROM "Department" d JOIN "Organization" o ON o."id" = d."organizationId" WHERE ${addresseeCondition(rule)}`;
	const stray = Prisma.sql`SELECT r."id" FROM "Recipient" r WHERE r."noticeId" = ${noticeId} AND r."departmentId" NOT IN (${inRule})`;
	await db.$executeRaw`DELETE FROM "Mail" WHERE "recipientId" IN (${stray}) AND "status" = 'held'`;
	await db.$executeRaw`DELETE FROM "Recipient" WHERE "id" IN (${stray})`;
	const id =
		provider === 'postgresql'
			? Prisma.sql`'c' || substr(md5(random()::text || clock_timestamp()::text), 1, 24)`
			: Prisma.sql`'c' || lower(hex(randomblob(12)))`;
	return db.$executeRaw`
		INSERT INTO "Recipient" ("id", "noticeId", "departmentId")
		SELECT ${id}, ${noticeId}, d."id" FROM "Department" d JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE ${addresseeCondition(rule)}
		ON CONFLICT ("noticeId", "departmentId") DO NOTHING`;
}

/** Recipients of the notice that the rule names (equal to its recipient count when complete). */
export async function countRecipientsInRule(
	db: Tx,
	noticeId: string,
	rule: AddresseeRule
): Promise<{ total: number; inRule: number }> {
	const [row] = await db.$queryRaw<{ total: Count; inRule: Count }[]>`
		SELECT COUNT(*) AS "total",
			COALESCE(SUM(CASE WHEN r."departmentId" IN (SELECT d."id" FROM "Department" d JOIN "Organization" o ON o."id" = d."organizationId" WHERE ${addresseeCondition(rule)}) THEN 1 ELSE 0 END), 0) AS "inRule"
		FROM "Recipient" r WHERE r."noticeId" = ${noticeId}`;
	return { total: Number(row.total), inRule: Number(row.inRule) };
}
