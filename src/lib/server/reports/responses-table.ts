// The national response table of a notice: one row per recipient department, columns per item
// field — what today is consolidated by hand from dozens of Excel files. Issuers who manage the
// notice, viewers and admins only: a respondent never sees another department's answers.
import type { Db } from '../db/client.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { readableNotice } from './progress.ts';
import { listGrantLines } from '../responses/grant-lines.ts';
import { rowAppliesTo } from '../responses/due.ts';
import { validateResponse } from '../../domain/responses/index.ts';
import { METHOD_LABELS, STATUS_LABELS } from '../../domain/responses/status-checklist.ts';
import { grantTotals, type GrantLineRate } from '../../domain/responses/grant-report.ts';
import type { ResponseItemKind } from '../../domain/notices.ts';
import type { Cell, Table } from './table-files.ts';

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

type Item = {
	id: string;
	number: number;
	title: string;
	kind: ResponseItemKind;
	functions: unknown;
	/** Read by who-must-answer (responses/due.ts); itemColumns does not need it. */
	bodyKinds?: unknown;
};

/** The columns an item contributes, and how to fill them from a submitted answer. */
export function itemColumns(
	item: Item,
	grantLines: GrantLineRate[],
	ratesOfYear: (fiscalYear: number) => GrantLineRate[] = () => grantLines
) {
	const p = `記${item.number}`;
	const parsed = (data: unknown) => {
		const r = validateResponse(item.kind, data, { mode: 'draft', today: '9999-12-31', grantLines });
		return (r.ok ? r.value : {}) as Record<string, never>;
	};
	switch (item.kind) {
		case 'status_checklist':
			return {
				headers: [`${p} 状況`, `${p} 配布日`, `${p} 医療機関数`, `${p} 方法`],
				cells: (data: unknown): Cell[] => {
					const v = parsed(data) as {
						status?: keyof typeof STATUS_LABELS;
						distributedOn?: string;
						institutionsReached?: number;
						methods?: (keyof typeof METHOD_LABELS)[];
					};
					return [
						v.status ? STATUS_LABELS[v.status] : null,
						v.distributedOn ?? null,
						v.institutionsReached ?? null,
						(v.methods ?? []).map((m) => METHOD_LABELS[m]).join('、') || null
					];
				}
			};
		case 'medical_institutions':
			return {
				headers: [`${p} 医療機関数`, `${p} 医療機関`],
				cells: (data: unknown): Cell[] => {
					const list = (parsed(data) as { institutions?: { name?: string }[] }).institutions ?? [];
					return [list.length, list.map((i) => i.name).join('、') || null];
				}
			};
		case 'coordination_record':
			return {
				headers: [`${p} 協議件数`, `${p} 最終協議日`],
				cells: (data: unknown): Cell[] => {
					const entries = (parsed(data) as { entries?: { date?: string }[] }).entries ?? [];
					const dates = entries
						.map((e) => e.date ?? '')
						.filter(Boolean)
						.sort();
					return [entries.length, dates.at(-1) ?? null];
				}
			};
		case 'grant_report': {
			const headers = [`${p} 年度`];
			for (const line of grantLines)
				headers.push(
					`${p} ${line.name} 計画額`,
					`${p} ${line.name} 実績額`,
					`${p} ${line.name} 国庫補助額`
				);
			headers.push(`${p} 実績額合計`, `${p} 国庫補助額合計`);
			return {
				headers,
				cells: (data: unknown): Cell[] => {
					const v = parsed(data) as { fiscalYear?: number; lines?: never[] };
					if (!v.fiscalYear) return headers.map(() => null);
					// Each answer's share at the rates of the year it reports (columns by line code).
					const totals = grantTotals(
						{ fiscalYear: v.fiscalYear, lines: v.lines ?? [] },
						ratesOfYear(v.fiscalYear)
					);
					return [
						v.fiscalYear,
						...grantLines.flatMap((line) => {
							const r = totals.rows.find((x) => x.code === line.code);
							return [r?.planned ?? 0, r?.actual ?? 0, r?.actualShare ?? 0];
						}),
						totals.total.actual,
						totals.total.actualShare
					];
				}
			};
		}
		case 'yes_no':
			return {
				headers: [`${p} 回答`, `${p} 補足`],
				cells: (data: unknown): Cell[] => {
					const v = parsed(data) as { answer?: string; comment?: string };
					return [
						v.answer === 'yes' ? 'はい' : v.answer === 'no' ? 'いいえ' : null,
						v.comment ?? null
					];
				}
			};
		case 'free_text':
			return {
				headers: [`${p} 回答`],
				cells: (data: unknown): Cell[] => [(parsed(data) as { text?: string }).text ?? null]
			};
	}
}

export async function nationalResponseTable(
	db: Db,
	user: SessionUser,
	noticeId: string
): Promise<Table> {
	// The same readers as the dashboards: managing issuers, viewers, admins; 404 for anyone else.
	const notice = await readableNotice(db, user, noticeId);
	const title = notice.title;
	const items = notice.responseItems as unknown as Item[];
	const { yearLines, ratesOfYear } = await grantRates(db);
	const columns = items.map((item) => ({ item, ...itemColumns(item, yearLines, ratesOfYear) }));

	const recipients = await db.recipient.findMany({
		where: { noticeId },
		select: {
			department: {
				select: {
					name: true,
					function: true,
					organization: {
						select: { name: true, kind: true, prefectureCode: true, localGovernmentCode: true }
					}
				}
			},
			acknowledgments: {
				where: { versionNumber: notice.currentVersionNumber },
				select: { createdAt: true }
			},
			responses: {
				where: { status: 'submitted' },
				select: {
					responseItemId: true,
					submissions: {
						orderBy: { number: 'desc' },
						take: 1,
						select: { data: true, submittedAt: true }
					}
				}
			}
		}
	});
	const key = (r: (typeof recipients)[number]) =>
		`${r.department.organization.prefectureCode ?? ''}/${r.department.organization.localGovernmentCode ?? ''}/${r.department.function}`;
	recipients.sort((a, b) => key(a).localeCompare(key(b)));

	const iso = (d: Date) => d.toISOString();
	return {
		title: `回答一覧 ${title}`.slice(0, 100),
		columns: [
			'都道府県コード',
			'団体コード',
			'団体名',
			'部局',
			// The function's key, not its label: departments are often named after their function
			// (衛生主管部（局）), and the label then only repeated 部局. The key stays the same
			// whatever a department is called, for filtering and pivoting.
			'部局の種類コード',
			'受領確認日時',
			...columns.flatMap((c) => [
				`記${c.item.number} 提出状況`,
				`記${c.item.number} 提出日時`,
				...c.headers
			])
		],
		rows: recipients.map((r) => [
			r.department.organization.prefectureCode,
			r.department.organization.localGovernmentCode,
			r.department.organization.name,
			r.department.name,
			r.department.function,
			r.acknowledgments[0] ? iso(r.acknowledgments[0].createdAt) : null,
			...columns.flatMap((c) => {
				const department = {
					bodyKind: r.department.organization.kind,
					function: r.department.function
				};
				if (!rowAppliesTo({ bodyKinds: [], ...c.item }, department))
					return ['対象外', null, ...c.headers.map(() => null)];
				const submission = r.responses.find((x) => x.responseItemId === c.item.id)?.submissions[0];
				if (!submission) return ['未提出', null, ...c.headers.map(() => null)];
				return ['提出済み', iso(submission.submittedAt), ...c.cells(submission.data)];
			})
		])
	};
}
