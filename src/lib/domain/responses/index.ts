// Answers to response items (記), by kind: one module per kind, each with its Zod schema for
// Response.data, its draft/submit check and its one-line summary for tables.
//
// NO PERSONAL DATA ABOUT VICTIMS, EVER. Every kind records institutional facts (what a
// department did, which institutions can cooperate, which departments consulted) and
// aggregate numbers (counts, yen totals). No field may ask for or hold anything about a person
// who was harmed — no name, age, date of an incident, case detail or free-text slot meant for
// one. A new kind or field must keep to this; a contact is an institution's desk, not a person.
import type { z } from 'zod';
import { RESPONSE_ITEM_KINDS, type ResponseItemKind } from '../notices.ts';
import { templateDefinition } from '../forms/stored.ts';
import { validateAnswer } from '../forms/validate.ts';
import { parsed, type Checked, type Mode } from './common.ts';
import {
	statusChecklistSchema,
	summarizeStatusChecklist,
	type StatusChecklist
} from './status-checklist.ts';
import {
	medicalInstitutionsSchema,
	summarizeMedicalInstitutions,
	type MedicalInstitutions
} from './medical-institutions.ts';
import {
	coordinationRecordSchema,
	summarizeCoordinationRecord,
	type CoordinationRecord
} from './coordination-record.ts';
import {
	grantReportSchema,
	summarizeGrantReport,
	type GrantLineRate,
	type GrantReport
} from './grant-report.ts';
import { freeTextSchema, summarizeFreeText, type FreeText } from './free-text.ts';
import { summarizeYesNo, yesNoSchema, type YesNo } from './yes-no.ts';

export type { Checked, FieldProblem, Mode } from './common.ts';
export type { GrantLineRate } from './grant-report.ts';

/** The shape of Response.data for each kind, as validation returns it. */
export type ResponseData = {
	status_checklist: StatusChecklist;
	medical_institutions: MedicalInstitutions;
	coordination_record: CoordinationRecord;
	grant_report: GrantReport;
	free_text: FreeText;
	yes_no: YesNo;
};

export type ValidateOptions = {
	mode: Mode;
	/** YYYY-MM-DD in Japan time (todayInJapan()): dates after it are refused where they must be. */
	today: string;
	/** grant_report only: the GrantLine rows of the answer's fiscal year. */
	grantLines?: readonly GrantLineRate[];
};

/**
 * Checks an answer as a draft (anything parseable, partial allowed, never a wrong kind of
 * value) or as a submission (complete). On success `value` is what to store in Response.data:
 * normalized (numbers as numbers, dates as YYYY-MM-DD, unknown keys dropped), in
 * null-prototype objects.
 *
 * Delegates to the kind's template definition (src/lib/domain/forms): the kinds are now
 * definitions like any other. A row with a stored definition is read by
 * `validateAnswer(itemFromRow(row), …)` from forms instead; this stays for callers that know
 * only a kind.
 */
export function validateResponse<K extends ResponseItemKind>(
	kind: K,
	data: unknown,
	options: ValidateOptions
): Checked<ResponseData[K]>;
export function validateResponse(
	kind: ResponseItemKind,
	data: unknown,
	options: ValidateOptions
): Checked<ResponseData[ResponseItemKind]> {
	if (!(RESPONSE_ITEM_KINDS as readonly string[]).includes(kind))
		return {
			ok: false,
			errors: [{ path: '', message: 'この種類の回答項目には対応していません。' }]
		};
	return validateAnswer(templateDefinition(kind), data, options) as Checked<
		ResponseData[ResponseItemKind]
	>;
}

/**
 * A short text for tables (「実施済み（令和6年10月21日・120機関）」, 「3機関」, 「はい」); '' when
 * there is nothing to show or the data cannot be read. `grantLines` (the answer's fiscal year)
 * add the national share to a grant report's summary.
 */
export function summarizeResponse(
	kind: ResponseItemKind,
	data: unknown,
	grantLines: readonly GrantLineRate[] = []
): string {
	const summarize = <T>(schema: z.ZodType<T>, f: (v: T) => string) => {
		const value = parsed(schema, data);
		return value === null ? '' : f(value);
	};
	switch (kind) {
		case 'status_checklist':
			return summarize(statusChecklistSchema, summarizeStatusChecklist);
		case 'medical_institutions':
			return summarize(medicalInstitutionsSchema, summarizeMedicalInstitutions);
		case 'coordination_record':
			return summarize(coordinationRecordSchema, summarizeCoordinationRecord);
		case 'grant_report':
			return summarize(grantReportSchema, (v) => summarizeGrantReport(v, grantLines));
		case 'free_text':
			return summarize(freeTextSchema, summarizeFreeText);
		case 'yes_no':
			return summarize(yesNoSchema, summarizeYesNo);
		default:
			return '';
	}
}
