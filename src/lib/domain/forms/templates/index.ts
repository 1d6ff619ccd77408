// The template library: ready-made items built from the same field types, inserted into a
// notice and then adjusted like any item. The seed's four kinds, plus today's two simple kinds.
import type { ResponseItemKind } from '../../notices.ts';
import { coordinationRecordTemplate } from './coordination-record.ts';
import { freeTextTemplate } from './free-text.ts';
import { grantReportTemplate } from './grant-report.ts';
import { medicalInstitutionsTemplate } from './medical-institutions.ts';
import { statusChecklistTemplate } from './status-checklist.ts';
import type { ItemTemplate } from './template.ts';
import { yesNoTemplate } from './yes-no.ts';

export type { ItemTemplate, TemplatePlacement } from './template.ts';

/** One template per kind today's ResponseItem rows carry (what the migration converts). */
export const TEMPLATES: Record<ResponseItemKind, ItemTemplate> = {
	status_checklist: statusChecklistTemplate,
	medical_institutions: medicalInstitutionsTemplate,
	coordination_record: coordinationRecordTemplate,
	grant_report: grantReportTemplate,
	free_text: freeTextTemplate,
	yes_no: yesNoTemplate
};

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as ResponseItemKind[];

export function templateByName(name: string): ItemTemplate | null {
	return Object.hasOwn(TEMPLATES, name) ? TEMPLATES[name as ResponseItemKind] : null;
}
