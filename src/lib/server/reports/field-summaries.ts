// What the submitted answers to an item say, field by field, read from the item's definition:
// counts per choice, yes/no counts, sums and ranges of numbers (whole numbers, yen,
// percentages), rows of tables — overall and per prefecture. Grouped SQL over each answer's
// JSON (`latest`, one row per department's latest submission), never a switch on item kinds.
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import { providerOfDb } from '../db/client.ts';
import type { Field } from '../../domain/forms/index.ts';
import type { FieldSummary, PrefectureRef } from '../../domain/item-summaries.ts';

type Count = bigint | number | string | null;
const asNumber = (v: unknown) => Number(v ?? 0);
type Names = (code: string) => PrefectureRef;

/** The key as a bound text parameter (PostgreSQL's -> also takes integers: say which). */
const keyOf = (key: string) => Prisma.sql`CAST(${key} AS TEXT)`;
/** SQL: the field's JSON value in `data` (a JSON value, not text). */
const jsonOf = (key: string) => Prisma.sql`("data" -> ${keyOf(key)})`;
/** SQL: the field's value as text (null when absent). */
const textOf = (key: string) => Prisma.sql`("data" ->> ${keyOf(key)})`;

/** SQL: the field's value as a number, in each database's types. */
function numberOf(db: Db, key: string) {
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`CAST(${textOf(key)} AS NUMERIC)`
		: Prisma.sql`CAST(${textOf(key)} AS REAL)`;
}

/** SQL: the JSON value is `true` (yes_no fields store booleans). */
function isJson(db: Db, key: string, literal: 'true' | 'false') {
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`${jsonOf(key)} = ${Prisma.raw(`'${literal}'::jsonb`)}`
		: Prisma.sql`json_type("data", '$.' || ${key}) = ${literal}`;
}

/** SQL: the JSON array field holds the string `value`. */
function arrayHolds(db: Db, key: string, value: string) {
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`(jsonb_typeof(${jsonOf(key)}) = 'array' AND ${jsonOf(key)} @> jsonb_build_array(CAST(${value} AS TEXT)))`
		: Prisma.sql`EXISTS (SELECT 1 FROM json_each("data", '$.' || ${key}) je WHERE je.value = ${value})`;
}

/** SQL: the length of the JSON array field (0 when absent or not an array). */
function arrayLength(db: Db, key: string) {
	return providerOfDb(db) === 'postgresql'
		? Prisma.sql`CASE WHEN jsonb_typeof(${jsonOf(key)}) = 'array' THEN jsonb_array_length(${jsonOf(key)}) ELSE 0 END`
		: Prisma.sql`CASE WHEN json_type("data", '$.' || ${key}) = 'array' THEN json_array_length("data", '$.' || ${key}) ELSE 0 END`;
}

const byCode = (a: { prefectureCode: string }, b: { prefectureCode: string }) =>
	a.prefectureCode.localeCompare(b.prefectureCode);

/**
 * One query per field, grouped by prefecture: each output column is a SUM/COUNT expression,
 * added up here for the national figure.
 */
async function grouped(db: Db, latest: Prisma.Sql, columns: Prisma.Sql[]) {
	const list = Prisma.join(
		columns.map((c, i) => Prisma.sql`${c} AS ${Prisma.raw(`c${i}`)}`),
		', '
	);
	const rows = await db.$queryRaw<Record<string, Count>[]>`${latest}
		SELECT "prefectureCode" AS "prefectureCode", ${list} FROM latest GROUP BY 1`;
	return rows.map((r) => ({
		prefectureCode: String(r.prefectureCode ?? ''),
		values: columns.map((_, i) => asNumber(r[`c${i}`]))
	}));
}

/** Sums each column over the prefectures. */
const totals = (rows: { values: number[] }[], n: number) =>
	Array.from({ length: n }, (_, i) => rows.reduce((s, r) => s + r.values[i], 0));

/** The summary of one field of an item's submitted answers. */
async function fieldSummary(
	db: Db,
	latest: Prisma.Sql,
	field: Field,
	prefecture: Names
): Promise<FieldSummary | null> {
	const base = { key: field.key, label: field.label };
	const answered = Prisma.sql`SUM(CASE WHEN ${textOf(field.key)} IS NOT NULL THEN 1 ELSE 0 END)`;
	switch (field.type) {
		case 'single_choice':
		case 'multiple_choice': {
			const holds = (value: string) =>
				field.type === 'single_choice'
					? Prisma.sql`${textOf(field.key)} = ${value}`
					: arrayHolds(db, field.key, value);
			const columns = [
				answered,
				...field.choices.map((c) => Prisma.sql`SUM(CASE WHEN ${holds(c.value)} THEN 1 ELSE 0 END)`)
			];
			const rows = await grouped(db, latest, columns);
			const [all, ...counts] = totals(rows, columns.length);
			return {
				...base,
				summary: 'choices',
				multiple: field.type === 'multiple_choice',
				answered: all,
				choices: field.choices.map((c, i) => ({
					value: c.value,
					label: c.label,
					count: counts[i]
				})),
				prefectures: rows
					.map((r) => ({
						...prefecture(r.prefectureCode),
						answered: r.values[0],
						counts: r.values.slice(1)
					}))
					.sort(byCode)
			};
		}
		case 'yes_no': {
			const columns = [
				answered,
				Prisma.sql`SUM(CASE WHEN ${isJson(db, field.key, 'true')} THEN 1 ELSE 0 END)`,
				Prisma.sql`SUM(CASE WHEN ${isJson(db, field.key, 'false')} THEN 1 ELSE 0 END)`
			];
			const rows = await grouped(db, latest, columns);
			const [all, yes, no] = totals(rows, columns.length);
			return {
				...base,
				summary: 'choices',
				multiple: false,
				answered: all,
				choices: [
					{ value: 'true', label: 'はい', count: yes },
					{ value: 'false', label: 'いいえ', count: no }
				],
				prefectures: rows
					.map((r) => ({
						...prefecture(r.prefectureCode),
						answered: r.values[0],
						counts: r.values.slice(1)
					}))
					.sort(byCode)
			};
		}
		case 'whole_number':
		case 'amount_yen':
		case 'percentage': {
			const value = numberOf(db, field.key);
			const columns = [
				Prisma.sql`COUNT(${value})`,
				Prisma.sql`SUM(${value})`,
				Prisma.sql`MIN(${value})`,
				Prisma.sql`MAX(${value})`
			];
			const rows = await grouped(db, latest, columns);
			const withValues = rows.filter((r) => r.values[0] > 0);
			const [count, sum] = totals(rows, 2);
			return {
				...base,
				summary: 'numbers',
				unit:
					field.type === 'amount_yen'
						? '円'
						: field.type === 'percentage'
							? '%'
							: (field.unit ?? ''),
				answered: count,
				sum,
				min: withValues.length ? Math.min(...withValues.map((r) => r.values[2])) : null,
				max: withValues.length ? Math.max(...withValues.map((r) => r.values[3])) : null,
				prefectures: withValues
					.map((r) => ({
						...prefecture(r.prefectureCode),
						answered: r.values[0],
						sum: r.values[1],
						min: r.values[2],
						max: r.values[3]
					}))
					.sort(byCode)
			};
		}
		case 'table': {
			const columns = [Prisma.sql`SUM(${arrayLength(db, field.key)})`];
			const rows = await grouped(db, latest, columns);
			return {
				...base,
				summary: 'rows',
				rows: totals(rows, 1)[0],
				prefectures: rows
					.map((r) => ({ ...prefecture(r.prefectureCode), rows: r.values[0] }))
					.sort(byCode)
			};
		}
		default:
			// Text, dates, files, codes, years: how many answered is what a dashboard can say.
			return {
				...base,
				summary: 'answered',
				answered: totals(await grouped(db, latest, [answered]), 1)[0]
			};
	}
}

/** Every field's summary, in the definition's order. */
export async function fieldSummaries(
	db: Db,
	latest: Prisma.Sql,
	fields: readonly Field[],
	prefecture: Names
): Promise<FieldSummary[]> {
	const all = await Promise.all(fields.map((f) => fieldSummary(db, latest, f, prefecture)));
	return all.filter((s): s is FieldSummary => s !== null);
}
