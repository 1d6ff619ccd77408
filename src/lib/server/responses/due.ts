// Which items a department must answer, each item's effective deadline and what is overdue: the
// server's ONE home for these rules. Screens that list departments one by one (delivery,
// drill-down, reminders, open items, the respond page) call the functions over ResponseItem rows;
// grouped queries (progress, prefecture tiles) use the SQL fragments, which say the same thing.
// Both read the columns that mirror definition.appliesTo and definition.deadline
// (items-store.ts keeps them in sync when a definition is saved), and both defer to the domain's
// rules (src/lib/domain/forms/applies.ts) for what the columns mean.
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfClient, type Tx } from '../db/client.ts';
import type { BodyKind } from '../../domain/local-government-code.ts';
import {
	appliesToDepartment,
	effectiveDeadline,
	isOverdue,
	type AppliesTo
} from '../../domain/forms/index.ts';

/** The ResponseItem columns the rules read: select these wherever the rules are asked. */
export const DUE_COLUMNS = { deadline: true, functions: true, bodyKinds: true } as const;

export type DueItemRow = { deadline: string | null; functions: unknown; bodyKinds: unknown };

/** A department as the rule sees it: its organization's kind (body kind) and its function. */
export type DueDepartment = { bodyKind: string; function: string };

const listOf = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The row's who-must-answer rule, read from its mirrored columns. */
export function ruleOfRow(row: Pick<DueItemRow, 'functions' | 'bodyKinds'>): AppliesTo {
	return {
		bodyKinds: listOf(row.bodyKinds) as AppliesTo['bodyKinds'],
		functions: listOf(row.functions) as AppliesTo['functions']
	};
}

/** Whether the department must answer the item (the domain's appliesToDepartment). */
export function rowAppliesTo(
	row: Pick<DueItemRow, 'functions' | 'bodyKinds'>,
	department: DueDepartment | null | undefined
): boolean {
	if (!department) return false;
	return appliesToDepartment(ruleOfRow(row), {
		bodyKind: department.bodyKind as BodyKind,
		function: department.function
	});
}

/** The items among `items` the department must answer, in their order. */
export function dueItems<T extends Pick<DueItemRow, 'functions' | 'bodyKinds'>>(
	items: readonly T[],
	department: DueDepartment | null | undefined
): T[] {
	return items.filter((item) => rowAppliesTo(item, department));
}

/** The item's own deadline, else the notice's current version's (YYYY-MM-DD or null). */
export function itemDeadline(
	row: Pick<DueItemRow, 'deadline'>,
	noticeDeadline: string | null
): string | null {
	return effectiveDeadline(row, { deadline: noticeDeadline });
}

/** Past the item's effective deadline on `today` (Japan time); the deadline day is in time. */
export function itemOverdue(
	row: Pick<DueItemRow, 'deadline'>,
	noticeDeadline: string | null,
	today: string
): boolean {
	return isOverdue(row, { deadline: noticeDeadline }, today);
}

/** The nearest effective deadline among the items (null when none has one). */
export function nearestDeadline(
	items: readonly Pick<DueItemRow, 'deadline'>[],
	noticeDeadline: string | null
): string | null {
	const deadlines = items
		.map((i) => itemDeadline(i, noticeDeadline))
		.filter((d): d is string => d !== null);
	return deadlines.length === 0 ? null : deadlines.reduce((a, b) => (b < a ? b : a));
}

/**
 * Whether a notice still accepts answers: published (a closed or withdrawn notice asks nothing
 * any more). The per-item deadline does not close an item: late answers are accepted and shown
 * as late.
 */
export function acceptsAnswers(notice: { status: string }): boolean {
	return notice.status === 'published';
}

/** A notice with no response items asks for receipt only (周知のみ). */
export function isInformationOnly(notice: { responseItems: readonly unknown[] }): boolean {
	return notice.responseItems.length === 0;
}

// ---------------------------------------------------------------------------------------------
// The same rules in SQL. `i` is a "ResponseItem", `d` a "Department", `o` its "Organization".
// `db` is a handle or a transaction's client (the rollup counts inside writes, reports/rollup.ts).

const col = (alias: string, name: string) => Prisma.raw(`${alias}."${name}"`);

/** A JSON string array column is empty, or holds `value` — per provider. */
function emptyOrHolds(db: Tx, list: Prisma.Sql, value: Prisma.Sql) {
	return providerOfClient(db) === 'postgresql'
		? Prisma.sql`(jsonb_array_length(${list}) = 0 OR ${list} @> jsonb_build_array(${value}))`
		: Prisma.sql`(json_array_length(${list}) = 0 OR EXISTS (SELECT 1 FROM json_each(${list}) je WHERE je.value = ${value}))`;
}

/** SQL: item `i` applies to department `d` of organization `o` (rowAppliesTo). */
export function appliesSql(db: Tx, i = 'i', d = 'd', o = 'o') {
	return Prisma.sql`(${emptyOrHolds(db, col(i, 'bodyKinds'), col(o, 'kind'))} AND ${emptyOrHolds(db, col(i, 'functions'), col(d, 'function'))})`;
}

/** SQL: item `i`'s effective deadline (itemDeadline). */
export function deadlineSql(noticeDeadline: string | null, i = 'i') {
	return Prisma.sql`COALESCE(${col(i, 'deadline')}, ${noticeDeadline})`;
}

/** SQL: item `i` is past its effective deadline on `today` (itemOverdue). */
export function overdueSql(noticeDeadline: string | null, today: string, i = 'i') {
	return Prisma.sql`(${deadlineSql(noticeDeadline, i)} IS NOT NULL AND ${deadlineSql(noticeDeadline, i)} < ${today})`;
}

/**
 * SQL: one row per recipient of the notice with its prefecture, body kind and function, and how
 * many items apply to it (`due`), how many of those it has submitted (`submitted`) and how many
 * are past their deadline unsubmitted (`overdue`). A few correlated counts over the notice's
 * handful of items; the grouped queries of progress and the prefecture tiles read this.
 */
export function recipientDueSql(
	db: Tx,
	notice: { id: string; deadline: string | null },
	today: string
) {
	const applies = appliesSql(db);
	const submittedBy = Prisma.sql`EXISTS (SELECT 1 FROM "Response" s
		WHERE s."responseItemId" = i."id" AND s."recipientId" = r."id" AND s."status" = 'submitted')`;
	return Prisma.sql`
		SELECT r."id" AS "recipientId", o."prefectureCode" AS "prefectureCode",
			o."kind" AS "bodyKind", d."function" AS "function",
			(SELECT COUNT(*) FROM "ResponseItem" i
				WHERE i."noticeId" = r."noticeId" AND ${applies}) AS due,
			(SELECT COUNT(*) FROM "ResponseItem" i
				WHERE i."noticeId" = r."noticeId" AND ${applies} AND ${submittedBy}) AS submitted,
			(SELECT COUNT(*) FROM "ResponseItem" i
				WHERE i."noticeId" = r."noticeId" AND ${applies}
					AND ${overdueSql(notice.deadline, today)} AND NOT ${submittedBy}) AS overdue
		FROM "Recipient" r
		JOIN "Department" d ON d."id" = r."departmentId"
		JOIN "Organization" o ON o."id" = d."organizationId"
		WHERE r."noticeId" = ${notice.id}`;
}
