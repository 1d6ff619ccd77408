// Behaviours: what a template's fields feed beyond the answer itself. They are named in the
// definition (an allowlist — an uploaded file cannot bring code), say which fields they need,
// add their own checks and summary. The respond page never knows them: it renders fields.
//   registry    — the table `institutions` feeds the standing MedicalInstitution registry
//                 (src/lib/server/responses/registry.ts); the same institution twice is refused.
//   grant_share — `fiscalYear` + the table `lines` (code, planned, actual) of a 交付金 report:
//                 the lines must be those of the fiscal year's GrantLine rows, and the national
//                 share is computed from their rates, never typed.
import {
	grantReportProblems,
	summarizeGrantReport,
	type GrantLineRate,
	type GrantReport
} from '../responses/grant-report.ts';
import { findDuplicates } from '../responses/medical-institutions.ts';
import type { Field, FieldProblem, FieldTypeName, Mode, Row } from './fields/index.ts';

export const BEHAVIOUR_NAMES = ['registry', 'grant_share'] as const;
export type BehaviourName = (typeof BEHAVIOUR_NAMES)[number];

/** What behaviours may need from outside the answer. */
export type BehaviourContext = {
	mode: Mode;
	today: string;
	/** grant_share: the GrantLine rows of the answer's fiscal year (a submission needs them). */
	grantLines?: readonly GrantLineRate[];
};

type Needs = {
	/** Top-level fields by key and type. */
	fields: Record<string, FieldTypeName>;
	/** Columns of the table fields named in `fields`, by key and type. */
	columns: Record<string, Record<string, FieldTypeName>>;
	/** Columns that, when present, must have this type (the registry reads them). */
	optionalColumns?: Record<string, Record<string, FieldTypeName>>;
};

type Answer = Record<string, unknown>;

type Behaviour = {
	label: { ja: string; en: string };
	needs: Needs;
	check(answer: Answer, ctx: BehaviourContext): FieldProblem[];
	summarize?(answer: Answer, ctx: { grantLines?: readonly GrantLineRate[] }): string;
};

const rowsOf = (answer: Answer, key: string) => (answer[key] ?? []) as Row[];

export const BEHAVIOURS: Record<BehaviourName, Behaviour> = {
	registry: {
		label: { ja: '医療機関名簿に反映', en: 'Feeds the medical institution registry' },
		needs: {
			fields: { institutions: 'table' },
			columns: {
				institutions: {
					name: 'short_text',
					municipality: 'short_text',
					clinicalDepartments: 'multiple_choice'
				}
			},
			optionalColumns: {
				institutions: {
					institutionCode: 'code',
					accepts24Hours: 'yes_no',
					collectsEvidence: 'yes_no',
					emergencyContraception: 'yes_no',
					housesCenter: 'yes_no',
					contact: 'short_text'
				}
			}
		},
		check(answer, ctx) {
			if (ctx.mode === 'draft') return [];
			const list = rowsOf(answer, 'institutions').map((r) => ({
				name: r.name as string | undefined,
				institutionCode: r.institutionCode as string | undefined,
				municipality: r.municipality as string | undefined
			}));
			return findDuplicates(list).map((pair) => ({
				path: `institutions.${pair.second}.${pair.reason === 'institution_code' ? 'institutionCode' : 'name'}`,
				message: pair.message
			}));
		},
		summarize(answer) {
			const rows = rowsOf(answer, 'institutions');
			const count = `${rows.length.toLocaleString('ja-JP')}機関`;
			const allDay = rows.filter((r) => r.accepts24Hours === true).length;
			return allDay > 0 ? `${count}（24時間受入れ ${allDay}）` : count;
		}
	},
	grant_share: {
		label: { ja: '交付金の国庫補助額を計算', en: 'Computes the grant’s national share' },
		needs: {
			fields: { fiscalYear: 'fiscal_year', lines: 'table' },
			columns: { lines: { code: 'short_text', planned: 'amount_yen', actual: 'amount_yen' } }
		},
		check(answer, ctx) {
			const rows = rowsOf(answer, 'lines');
			// A line without its 区分 cannot be matched to a rate: refused in drafts too.
			const unnamed = rows.flatMap((r, i) =>
				typeof r.code === 'string'
					? []
					: [{ path: `lines.${i}.code`, message: '交付金の区分が指定されていません。' }]
			);
			if (unnamed.length > 0) return unnamed;
			return grantReportProblems(toGrantReport(answer), ctx);
		},
		summarize: (answer, ctx) =>
			answer.fiscalYear === undefined
				? ''
				: summarizeGrantReport(toGrantReport(answer), ctx.grantLines ?? [])
	}
};

function toGrantReport(answer: Answer): GrantReport {
	return {
		fiscalYear: answer.fiscalYear as number | undefined,
		lines: rowsOf(answer, 'lines').map((r) => ({
			code: r.code as string,
			planned: r.planned as number | undefined,
			actual: r.actual as number | undefined
		}))
	};
}

/** What is missing for the behaviour in an item's fields ([] when they fit). */
export function behaviourMismatch(name: BehaviourName, fields: readonly Field[]): string[] {
	const needs = BEHAVIOURS[name].needs;
	const label = BEHAVIOURS[name].label.ja;
	const problems: string[] = [];
	const byKey = new Map(fields.map((f) => [f.key, f]));
	for (const [key, type] of Object.entries(needs.fields)) {
		const f = byKey.get(key);
		if (!f || f.type !== type)
			problems.push(`「${label}」には ${key}（${type}）の項目が必要です。`);
	}
	const columnsOf = (key: string) => {
		const f = byKey.get(key);
		return new Map(f?.type === 'table' ? f.columns.map((c) => [c.key, c]) : []);
	};
	for (const [table, columns] of Object.entries(needs.columns)) {
		const present = columnsOf(table);
		for (const [key, type] of Object.entries(columns))
			if (present.get(key)?.type !== type)
				problems.push(`「${label}」には表 ${table} の列 ${key}（${type}）が必要です。`);
	}
	for (const [table, columns] of Object.entries(needs.optionalColumns ?? {})) {
		const present = columnsOf(table);
		for (const [key, type] of Object.entries(columns)) {
			const c = present.get(key);
			if (c && c.type !== type)
				problems.push(`「${label}」では表 ${table} の列 ${key} は ${type} にしてください。`);
		}
	}
	return problems;
}
