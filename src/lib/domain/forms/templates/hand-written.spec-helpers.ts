// For specs: the hand-written schema of each kind, called as validateResponse dispatched
// before kinds became template definitions — what the templates are proven against.
import type { ResponseItemKind } from '../../notices.ts';
import type { Checked } from '../../responses/common.ts';
import { checkCoordinationRecord } from '../../responses/coordination-record.ts';
import { checkFreeText } from '../../responses/free-text.ts';
import { checkGrantReport, type GrantLineRate } from '../../responses/grant-report.ts';
import { checkMedicalInstitutions } from '../../responses/medical-institutions.ts';
import { checkStatusChecklist } from '../../responses/status-checklist.ts';
import { checkYesNo } from '../../responses/yes-no.ts';

type Options = {
	mode: 'draft' | 'submit';
	today: string;
	grantLines?: readonly GrantLineRate[];
};

/** The hand-written schema of each kind, as validateResponse dispatched before definitions. */
export function validateByHand(
	kind: ResponseItemKind,
	data: unknown,
	o: Options
): Checked<unknown> {
	switch (kind) {
		case 'status_checklist':
			return checkStatusChecklist(data, o);
		case 'medical_institutions':
			return checkMedicalInstitutions(data, o);
		case 'coordination_record':
			return checkCoordinationRecord(data, o);
		case 'grant_report':
			return checkGrantReport(data, o);
		case 'free_text':
			return checkFreeText(data, o);
		case 'yes_no':
			return checkYesNo(data, o);
	}
}
