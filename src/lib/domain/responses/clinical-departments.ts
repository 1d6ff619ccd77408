// Clinical departments (診療科) a cooperating institution can respond with: keys stored in the
// registry, labels shown. Order follows the seed notice's leaflet (別添1).
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
	{ key: 'dermatology', ja: '皮膚科', en: 'Dermatology' },
	{ key: 'dentistry', ja: '歯科', en: 'Dentistry' }
] as const;

export type ClinicalDepartment = (typeof CLINICAL_DEPARTMENTS)[number]['key'];
export const CLINICAL_DEPARTMENT_KEYS = CLINICAL_DEPARTMENTS.map((d) => d.key) as [
	ClinicalDepartment,
	...ClinicalDepartment[]
];
export const clinicalDepartmentLabel = (key: string) =>
	CLINICAL_DEPARTMENTS.find((d) => d.key === key)?.ja ?? key;
