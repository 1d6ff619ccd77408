// 診療科別の協力医療機関 (記2 of the seed notice): institutions in the jurisdiction able to
// cooperate with the one-stop center; the `registry` behaviour feeds them into the standing
// MedicalInstitution registry. Institutional facts only: `contact` is a desk of the
// institution, never a person. Accepts exactly what responses/medical-institutions.ts accepts.
import { CLINICAL_DEPARTMENTS } from '../../responses/clinical-departments.ts';
import { MAX_INSTITUTIONS } from '../../responses/medical-institutions.ts';
import { defineTemplate } from './template.ts';

const flag = (key: string, label: string) => ({ key, type: 'yes_no', label, checkbox: true });

export const medicalInstitutionsTemplate = defineTemplate(
	'medical_institutions',
	{ ja: '診療科別の協力医療機関', en: 'Medical institutions by clinical department' },
	{
		title: '診療科別の協力医療機関',
		behaviour: 'registry',
		fields: [
			{
				key: 'institutions',
				type: 'table',
				label: '医療機関',
				unit: '機関',
				maxRows: MAX_INSTITUTIONS,
				columns: [
					{ key: 'name', type: 'short_text', label: '医療機関名', maxLength: 200, required: true },
					{
						key: 'institutionCode',
						type: 'code',
						label: '医療機関コード',
						check: 'medical_institution_code'
					},
					{
						key: 'municipality',
						type: 'short_text',
						label: '所在市区町村',
						maxLength: 100,
						required: true
					},
					{
						key: 'clinicalDepartments',
						type: 'multiple_choice',
						label: '対応可能な診療科',
						choices: CLINICAL_DEPARTMENTS.map((d) => ({ value: d.key, label: d.ja })),
						required: true
					},
					flag('accepts24Hours', '24時間受入れ'),
					flag('collectsEvidence', '証拠採取・保管'),
					flag('emergencyContraception', '緊急避妊'),
					flag('housesCenter', 'センター設置'),
					{ key: 'contact', type: 'short_text', label: '連絡窓口', maxLength: 200 }
				]
			}
		]
	}
);
