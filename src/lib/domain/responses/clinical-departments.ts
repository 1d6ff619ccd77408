// Clinical departments (診療科) a cooperating institution can respond with: the keys are what
// the registry stores (MedicalInstitutionClinicalDepartment.clinicalDepartment), the labels
// what people see. The first nine are those the seed notice's 記2 / 別添3 name (a list of
// institutions by clinical department able to respond to sexual violence); the rest are
// common departments such an institution may also offer. Adding a key needs no migration.
export const CLINICAL_DEPARTMENTS = [
	{ key: 'obstetrics_gynecology', ja: '産婦人科', en: 'Obstetrics and gynecology' },
	{ key: 'emergency', ja: '救急科', en: 'Emergency medicine' },
	{ key: 'pediatrics', ja: '小児科', en: 'Pediatrics' },
	{ key: 'urology', ja: '泌尿器科', en: 'Urology' },
	{ key: 'proctology', ja: '肛門外科', en: 'Proctology' },
	{ key: 'surgery', ja: '外科', en: 'Surgery' },
	{ key: 'otolaryngology', ja: '耳鼻咽喉科', en: 'Otolaryngology' },
	{ key: 'psychiatry', ja: '精神科', en: 'Psychiatry' },
	{ key: 'psychosomatic', ja: '心療内科', en: 'Psychosomatic medicine' },
	{ key: 'internal_medicine', ja: '内科', en: 'Internal medicine' },
	{ key: 'orthopedics', ja: '整形外科', en: 'Orthopedics' },
	{ key: 'plastic_surgery', ja: '形成外科', en: 'Plastic surgery' },
	{ key: 'dermatology', ja: '皮膚科', en: 'Dermatology' },
	{ key: 'dentistry', ja: '歯科', en: 'Dentistry' }
] as const;

export type ClinicalDepartment = (typeof CLINICAL_DEPARTMENTS)[number]['key'];

export const CLINICAL_DEPARTMENT_KEYS = CLINICAL_DEPARTMENTS.map((d) => d.key) as [
	ClinicalDepartment,
	...ClinicalDepartment[]
];

export function isClinicalDepartment(key: string): key is ClinicalDepartment {
	return (CLINICAL_DEPARTMENT_KEYS as readonly string[]).includes(key);
}

/** The label of a key (the key itself when unknown, e.g. one retired from the list). */
export function clinicalDepartmentLabel(key: string, locale: 'ja' | 'en' = 'ja'): string {
	return CLINICAL_DEPARTMENTS.find((d) => d.key === key)?.[locale] ?? key;
}
