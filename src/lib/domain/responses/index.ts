// Answers to response items, by kind. The system holds no personal data about victims, ever:
// every kind here records institutional facts and aggregate numbers only — no field may ask
// for or hold anything about a person who was harmed.
import type { ResponseItemKind } from '../notices.ts';
import type { Checked, Mode } from './common.ts';
import { checkStatusChecklist, summarizeStatusChecklist } from './status-checklist.ts';
import { checkMedicalInstitutions, summarizeMedicalInstitutions } from './medical-institutions.ts';
import { checkCoordinationRecord, summarizeCoordinationRecord } from './coordination-record.ts';
import { checkGrantReport, summarizeGrantReport, type GrantLineRate } from './grant-report.ts';
import { checkFreeText, checkYesNo } from './free-text.ts';

export type { Checked, FieldProblem, Mode } from './common.ts';

export function validateResponse(
	kind: ResponseItemKind,
	data: unknown,
	options: { mode: Mode; today: string; grantLines?: GrantLineRate[] }
): Checked<unknown> {
	switch (kind) {
		case 'status_checklist':
			return checkStatusChecklist(data, options.mode, options.today);
		case 'medical_institutions':
			return checkMedicalInstitutions(data, options.mode);
		case 'coordination_record':
			return checkCoordinationRecord(data, options.mode, options.today);
		case 'grant_report':
			return checkGrantReport(data, options.mode, options.grantLines);
		case 'free_text':
			return checkFreeText(data, options.mode);
		case 'yes_no':
			return checkYesNo(data, options.mode);
	}
}

/** A short text for tables; '' when there is nothing to say. */
export function summarizeResponse(
	kind: ResponseItemKind,
	data: unknown,
	grantLines: GrantLineRate[] = []
): string {
	const checked = validateResponse(kind, data, { mode: 'draft', today: '9999-12-31', grantLines });
	if (!checked.ok) return '';
	const v = checked.value as never;
	switch (kind) {
		case 'status_checklist':
			return summarizeStatusChecklist(v);
		case 'medical_institutions':
			return summarizeMedicalInstitutions(v);
		case 'coordination_record':
			return summarizeCoordinationRecord(v);
		case 'grant_report':
			return summarizeGrantReport(v, grantLines);
		case 'free_text':
			return String((v as { text?: string }).text ?? '').slice(0, 40);
		case 'yes_no':
			return (v as { answer?: string }).answer === 'yes'
				? 'はい'
				: (v as { answer?: string }).answer === 'no'
					? 'いいえ'
					: '';
	}
}
