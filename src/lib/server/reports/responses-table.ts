// The national response table of a notice: one row per recipient department, columns per item
// field — what today is consolidated by hand from dozens of Excel files. Issuers who manage the
// notice, viewers and admins only: a respondent never sees another department's answers.
// The table's columns per item are in responses-columns.ts, and the recipients' rows are read by
// responses-recipients.ts.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { readableNotice } from './progress.ts';
import { DUE_COLUMNS, rowAppliesTo } from '../responses/due.ts';
import { UserError } from '../errors.ts';
import { readAnswer, type Row } from '../../domain/forms/index.ts';
import {
	japanTime,
	type Cell,
	type ColumnType,
	type Table,
	type TableStream
} from './table-files.ts';
import { pageSizeFor } from '../db/keyset.ts';
import { inIdOrder, recipientIdsInOrder } from '../recipients/order.ts';
import { fieldCell, grantRates, itemColumns, fieldColumnType } from './responses-columns.ts';
import { recipientRows, type Department, type ExportRecipient } from './responses-recipients.ts';

/** Who a row is about: the same leading columns in the table and in each table of rows. */
const DEPARTMENT_COLUMNS = [
	'都道府県コード',
	'団体コード',
	'団体名',
	'部局',
	// The function's key, not its label: departments are often named after their function
	// (衛生主管部（局）), and the label then only repeated 部局. The key stays the same
	// whatever a department is called, for filtering and pivoting.
	'部局の種類コード'
];

const departmentCells = (d: Department): Cell[] => [
	d.organization.prefectureCode,
	d.organization.localGovernmentCode,
	d.organization.name,
	d.name,
	d.function
];

/** A table field of a notice's items, named in files as `2.institutions` (記2's institutions). */
export type TableRef = { number: number; key: string };

export function parseTableRef(text: string): TableRef | null {
	const m = /^(\d{1,3})\.([a-z][A-Za-z0-9_]{0,39})$/.exec(text);
	return m ? { number: Number(m[1]), key: m[2] } : null;
}

/**
 * The national table and, for each table field of the items, its rows in long form: one row
 * per table row of each submitted answer, after the department's identifying columns. Rows are
 * read as they are written: recipients in chunks of `pageSize`, never all at once.
 */
export async function nationalResponseStreams(
	db: Db,
	user: SessionUser,
	noticeId: string,
	pageSize?: number
): Promise<{ main: TableStream; rows: (TableStream & { ref: TableRef })[] }> {
	// The same readers as the dashboards: managing issuers, viewers, admins; 404 for anyone else.
	const notice = await readableNotice(db, user, noticeId);
	const title = notice.title;
	const items = await db.responseItem.findMany({
		where: { noticeId },
		orderBy: { number: 'asc' },
		select: {
			id: true,
			number: true,
			title: true,
			kind: true,
			definition: true,
			...DUE_COLUMNS
		}
	});
	const { yearLines, ratesOfYear } = await grantRates(db);
	const columns = items.map((row) => ({ row, ...itemColumns(row, yearLines, ratesOfYear) }));

	const readRecipients = (ids: string[]) =>
		recipientRows(db, noticeId, notice.currentVersionNumber, ids);
	// A page's answers (one per item per recipient) are loaded by one IN over its ids: sized so
	// that stays within SQLite's bound-parameter limit.
	const size = pageSize ?? pageSizeFor(items.length);
	async function* recipients() {
		yield* inIdOrder(await recipientIdsInOrder(db, noticeId), size, readRecipients);
	}
	const submissionOf = (r: ExportRecipient, itemId: string) => r.submissions.get(itemId);

	const mainRow = (r: ExportRecipient): Cell[] => [
		...departmentCells(r.department),
		r.acknowledgedAt ? japanTime(r.acknowledgedAt) : null,
		...columns.flatMap((c) => {
			const department = {
				bodyKind: r.department.organization.kind,
				function: r.department.function
			};
			if (!rowAppliesTo(c.row, department)) return ['対象外', null, ...c.headers.map(() => null)];
			const submission = submissionOf(r, c.row.id);
			if (!submission) return ['未提出', null, ...c.headers.map(() => null)];
			return ['提出済み', japanTime(submission.submittedAt), ...c.cells(submission.data)];
		})
	];
	const main: TableStream = {
		title: `回答一覧 ${title}`.slice(0, 100),
		columns: [
			...DEPARTMENT_COLUMNS,
			'受領確認日時（日本時間）',
			...columns.flatMap((c) => [
				`記${c.item.number} 提出状況`,
				`記${c.item.number} 提出日時（日本時間）`,
				...c.headers
			])
		],
		types: [
			...DEPARTMENT_COLUMNS.map(() => null),
			'instant',
			...columns.flatMap((c): ColumnType[] => [null, 'instant', ...c.types])
		],
		rows: async function* () {
			for await (const r of recipients()) yield mainRow(r);
		}
	};

	const rows = columns.flatMap(({ row, item }) =>
		item.fields.flatMap((field) => {
			if (field.type !== 'table') return [];
			const ref = { number: item.number, key: field.key };
			return [
				{
					ref,
					title: `記${item.number} ${field.label}`,
					columns: [
						...DEPARTMENT_COLUMNS,
						'行',
						...field.columns.map((c) => `記${item.number} ${field.label} ${c.label}`)
					],
					types: [
						...DEPARTMENT_COLUMNS.map(() => null),
						null,
						...field.columns.map(fieldColumnType)
					],
					rows: async function* (): AsyncGenerator<Cell[]> {
						for await (const r of recipients()) {
							const submission = submissionOf(r, row.id);
							const value = submission ? readAnswer(item, submission.data) : null;
							const list = (value?.[field.key] ?? []) as Row[];
							for (const [i, entry] of list.entries())
								yield [
									...departmentCells(r.department),
									i + 1,
									...field.columns.map((c) => fieldCell(c, entry[c.key]))
								];
						}
					}
				}
			];
		})
	);
	return { main, rows };
}

/** The rows of one table field in long form (`responses.csv?table=2.institutions`), streamed. */
export async function nationalTableRowsStream(
	db: Db,
	user: SessionUser,
	noticeId: string,
	ref: TableRef
): Promise<TableStream> {
	const { rows } = await nationalResponseStreams(db, user, noticeId);
	const table = rows.find((t) => t.ref.number === ref.number && t.ref.key === ref.key);
	if (!table) throw new UserError(404, `記${ref.number}に表「${ref.key}」はありません。`);
	return { ...table, title: `回答一覧 ${table.title}` };
}

async function inMemory<T extends TableStream>(table: T): Promise<Omit<T, 'rows'> & Table> {
	const rows: Cell[][] = [];
	for await (const row of table.rows()) rows.push(row);
	return { ...table, rows };
}

/** The national tables in memory (checks and tests; downloads stream). */
export async function nationalResponseTables(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<{ main: Table; rows: (Table & { ref: TableRef })[] }> {
	const streams = await nationalResponseStreams(db, user, noticeId);
	return {
		main: await inMemory(streams.main),
		rows: await Promise.all(streams.rows.map(inMemory))
	};
}

/** The national table: one row per recipient department (tables counted; rows elsewhere). */
export async function nationalResponseTable(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<Table> {
	return (await nationalResponseTables(db, user, noticeId)).main;
}

/** The rows of one table field in long form, in memory. */
export async function nationalTableRows(
	db: Db,
	user: SessionUser,
	noticeId: string,
	ref: TableRef
): Promise<Table> {
	return inMemory(await nationalTableRowsStream(db, user, noticeId, ref));
}
