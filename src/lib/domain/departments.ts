// Department functions: the tag addressee rules select on (DESIGN.md glossary).
export const DEPARTMENT_FUNCTIONS = ['health', 'onestop_center', 'ministry_office'] as const;
export type DepartmentFunction = (typeof DEPARTMENT_FUNCTIONS)[number];

/** The functions a notice can be addressed to (a ministry office only issues). */
export const ADDRESSABLE_FUNCTIONS = ['health', 'onestop_center'] as const;
export type AddressableFunction = (typeof ADDRESSABLE_FUNCTIONS)[number];

export const DEPARTMENT_FUNCTION_LABELS: Record<DepartmentFunction, { ja: string; en: string }> = {
	health: { ja: '衛生主管部（局）', en: 'Public health department' },
	onestop_center: {
		ja: '性犯罪・性暴力被害者のためのワンストップ支援センター所管部（局）',
		en: 'Department in charge of the one-stop support center'
	},
	ministry_office: { ja: '府省の課室', en: 'Ministry office' }
};
