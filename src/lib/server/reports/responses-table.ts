// The national response table of a notice: one row per recipient department, columns per item
// field — what today is consolidated by hand from dozens of Excel files. Issuers who manage the
// notice, viewers and admins only: a respondent never sees another department's answers.
import type { Db } from '../db/client.ts';
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { readableNotice } from './progress.ts';
import { listGrantLines } from '../responses/grant-lines.ts';
import { DUE_COLUMNS, rowAppliesTo } from '../responses/due.ts';
import { UserError } from '../errors.ts';
import {
	readAnswer,
	type AnswerValue,
	type ItemDefinition,
	type Row,
	type ScalarField
} from '../../domain/forms/index.ts';
import { itemFromRow } from '../../domain/forms/stored.ts';
import { labelOf } from '../../domain/forms/fields/choices.ts';
import { grantTotals, type GrantLineRate } from '../../domain/responses/grant-report.ts';
import {
	japanTime,
	type Cell,
	type ColumnType,
	type Table,
	type TableStream
} from './table-files.ts';
import { pageSizeFor } from '../db/keyset.ts';
import { inIdOrder, recipientIdsInOrder } from '../recipients/order.ts';
import { instant, json } from '../db/raw-values.ts';

/**
 * Grant lines for the tables: columns follow the latest year's lines; each answer is computed
 * at the rates of the fiscal year it reports (the latest year's when that year has none).
 */
export async function grantRates(db: Db) {
	const grantLines = await listGrantLines(db);
	const latestYear = grantLines[0]?.fiscalYear;
	const yearLines = grantLines.filter((l) => l.fiscalYear === latestYear);
	const ratesOfYear = (fiscalYear: number) => {
		const lines = grantLines.filter((l) => l.fiscalYear === fiscalYear);
		return lines.length > 0 ? lines : yearLines;
	};
	return { yearLines, ratesOfYear };
}

/** A ResponseItem row as the reports read it (definition absent: the kind's template). */
type ItemRow = {
	id: string;
	number: number;
	title: string;
	kind: string;
	functions: unknown;
	/** Read by who-must-answer (responses/due.ts); itemColumns does not need it. */
	bodyKinds?: unknown;
	deadline?: string | null;
	definition?: unknown;
};

const definitionOf = (row: ItemRow): ItemDefinition =>
	itemFromRow({
		number: row.number,
		title: row.title,
		deadline: row.deadline ?? null,
		definition: row.definition ?? null
	});

/**
 * One field's value as a cell of the national table: choices by their labels, はい/いいえ,
 * dates as YYYY-MM-DD (typed `day`: date cells in the XLSX), numbers as numbers.
 */
function fieldCell(field: ScalarField, value: unknown): Cell {
	if (value === undefined || value === null) return null;
	switch (field.type) {
		case 'single_choice':
			return labelOf(field.choices, value as string);
		case 'multiple_choice':
			return (value as string[]).map((v) => labelOf(field.choices, v)).join('、') || null;
		case 'yes_no':
			return value === true ? 'はい' : 'いいえ';
		case 'file':
			return (value as { name: string }).name;
		default:
			return value as string | number;
	}
}

const typeOf = (field: ScalarField): ColumnType => (field.type === 'date' ? 'day' : null);

type Column = { header: string; type: ColumnType; cell: (v: AnswerValue) => Cell };

/**
 * The columns an item contributes, read from its definition: one per field (「記1 状況」), a
 * table by its number of rows (「記2 医療機関 件数」; its rows are in tableRows), and what the
 * item's behaviour adds (grant_share: each line's amounts and national share, and totals).
 */
export function itemColumns(
	row: ItemRow,
	grantLines: GrantLineRate[],
	ratesOfYear: (fiscalYear: number) => GrantLineRate[] = () => grantLines
) {
	const item = definitionOf(row);
	const p = `記${item.number}`;
	const columns: Column[] = item.fields.map((f) =>
		f.type === 'table'
			? {
					header: `${p} ${f.label} 件数`,
					type: null,
					cell: (v) => (Array.isArray(v[f.key]) ? (v[f.key] as Row[]).length : 0)
				}
			: { header: `${p} ${f.label}`, type: typeOf(f), cell: (v) => fieldCell(f, v[f.key]) }
	);
	if (item.behaviour === 'grant_share') columns.push(...grantColumns(p, grantLines, ratesOfYear));
	return {
		item,
		headers: columns.map((c) => c.header),
		types: columns.map((c) => c.type),
		cells: (data: unknown): Cell[] => {
			const value = readAnswer(item, data);
			return columns.map((c) => (value ? c.cell(value) : null));
		}
	};
}

/** grant_share: per line (of the latest year) planned, actual and national share; totals. */
function grantColumns(
	p: string,
	grantLines: GrantLineRate[],
	ratesOfYear: (fiscalYear: number) => GrantLineRate[]
): Column[] {
	const totalsOf = (v: AnswerValue) => {
		const fiscalYear = v.fiscalYear as number | undefined;
		if (fiscalYear === undefined) return null;
		// Each answer's share at the rates of the year it reports (columns by line code).
		const lines = ((v.lines ?? []) as Row[]).map((r) => ({
			code: r.code as string,
			planned: r.planned as number | undefined,
			actual: r.actual as number | undefined
		}));
		return grantTotals({ fiscalYear, lines }, ratesOfYear(fiscalYear));
	};
	const line = (code: string, pick: 'planned' | 'actual' | 'actualShare') => (v: AnswerValue) => {
		const totals = totalsOf(v);
		return totals ? (totals.rows.find((x) => x.code === code)?.[pick] ?? 0) : null;
	};
	return [
		...grantLines.flatMap((l): Column[] => [
			{ header: `${p} ${l.name} 計画額`, type: null, cell: line(l.code, 'planned') },
			{ header: `${p} ${l.name} 実績額`, type: null, cell: line(l.code, 'actual') },
			{ header: `${p} ${l.name} 国庫補助額`, type: null, cell: line(l.code, 'actualShare') }
		]),
		{ header: `${p} 実績額合計`, type: null, cell: (v) => totalsOf(v)?.total.actual ?? null },
		{
			header: `${p} 国庫補助額合計`,
			type: null,
			cell: (v) => totalsOf(v)?.total.actualShare ?? null
		}
	];
}

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

type Department = {
	name: string;
	function: string;
	organization: {
		name: string;
		prefectureCode: string | null;
		localGovernmentCode: string | null;
	};
};

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
					types: [...DEPARTMENT_COLUMNS.map(() => null), null, ...field.columns.map(typeOf)],
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

/** One recipient as the national table reads it. */
type ExportRecipient = {
	id: string;
	department: Department & { organization: { kind: string } };
	/** When the current version was acknowledged. */
	acknowledgedAt: Date | null;
	/** The latest submission of each submitted item, by item id. */
	submissions: Map<string, { data: unknown; submittedAt: Date }>;
};

/**
 * A chunk of recipients with department, acknowledgment and latest submissions, in two plain
 * statements: the ORM's nested read took six statements and most of an export's time
 * (~1 ms per recipient at national size).
 */
async function recipientRows(
	db: Db,
	noticeId: string,
	versionNumber: number,
	ids: string[]
): Promise<ExportRecipient[]> {
	if (ids.length === 0) return [];
	const list = Prisma.join(ids);
	const [heads, answers] = await Promise.all([
		db.$queryRaw<
			{
				id: string;
				departmentName: string;
				fn: string;
				orgName: string;
				kind: string;
				prefectureCode: string | null;
				localGovernmentCode: string | null;
				acknowledgedAt: unknown;
			}[]
		>`
			SELECT r."id" AS "id", d."name" AS "departmentName", d."function" AS "fn",
				o."name" AS "orgName", o."kind" AS "kind", o."prefectureCode" AS "prefectureCode",
				o."localGovernmentCode" AS "localGovernmentCode", a."createdAt" AS "acknowledgedAt"
			FROM "Recipient" r
			JOIN "Department" d ON d."id" = r."departmentId"
			JOIN "Organization" o ON o."id" = d."organizationId"
			LEFT JOIN "Acknowledgment" a ON a."recipientId" = r."id" AND a."versionNumber" = ${versionNumber}
			WHERE r."noticeId" = ${noticeId} AND r."id" IN (${list})`,
		db.$queryRaw<{ recipientId: string; itemId: string; data: unknown; submittedAt: unknown }[]>`
			SELECT s."recipientId" AS "recipientId", s."responseItemId" AS "itemId",
				x."data" AS "data", x."submittedAt" AS "submittedAt"
			FROM "Response" s
			JOIN "ResponseSubmission" x ON x."responseId" = s."id"
			WHERE s."recipientId" IN (${list}) AND s."status" = 'submitted'
				AND x."number" = (SELECT MAX(y."number") FROM "ResponseSubmission" y
					WHERE y."responseId" = s."id")`
	]);
	const byRecipient = new Map<string, ExportRecipient['submissions']>();
	for (const a of answers) {
		let map = byRecipient.get(a.recipientId);
		if (!map) byRecipient.set(a.recipientId, (map = new Map()));
		map.set(a.itemId, { data: json(a.data), submittedAt: instant(a.submittedAt) });
	}
	return heads.map((h) => ({
		id: h.id,
		department: {
			name: h.departmentName,
			function: h.fn,
			organization: {
				name: h.orgName,
				kind: h.kind,
				prefectureCode: h.prefectureCode,
				localGovernmentCode: h.localGovernmentCode
			}
		},
		acknowledgedAt: h.acknowledgedAt == null ? null : instant(h.acknowledgedAt),
		submissions: byRecipient.get(h.id) ?? new Map()
	}));
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
