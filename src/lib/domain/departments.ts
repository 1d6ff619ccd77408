// Department functions (主管部局の種類): the tag addressee rules and response items select on
// (DESIGN.md glossary). They are data (DepartmentFunction, extended by admins at
// /admin/functions); this file holds only what the browser and the server share about them:
// the shape of a code, the shipped catalogue the reference data seeds, and how a label reads.
import { z } from 'zod';

/** snake_case ASCII, 2–40 characters: what rules, items and CSV files store. */
export const FUNCTION_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
export const functionCodeSchema = z
	.string({ error: '機能のコードを入力してください。' })
	.regex(FUNCTION_CODE_PATTERN, '機能のコードは英小文字・数字・_ で2〜40文字にしてください。');

/** A function as pickers and lists show it. */
export type DepartmentFunctionEntry = {
	code: string;
	nameJa: string;
	nameEn: string;
	addressable: boolean;
};

/**
 * The catalogue every database starts with (reference/load.ts adds the missing ones at each
 * start, never changing a row an admin edited). The first three are the codes departments
 * had before functions were data; their codes must never change.
 */
export const SEED_FUNCTIONS: readonly DepartmentFunctionEntry[] = [
	{
		code: 'health',
		nameJa: '衛生主管部（局）',
		nameEn: 'Public health department',
		addressable: true
	},
	{
		code: 'onestop_center',
		nameJa: '性犯罪・性暴力被害者のためのワンストップ支援センター所管部（局）',
		nameEn: 'Department in charge of the one-stop support center',
		addressable: true
	},
	{ code: 'ministry_office', nameJa: '府省の課室', nameEn: 'Ministry office', addressable: false },
	{
		code: 'welfare',
		nameJa: '民生主管部（局）',
		nameEn: 'Social welfare department',
		addressable: true
	},
	{
		code: 'long_term_care',
		nameJa: '介護保険主管部（局）',
		nameEn: 'Long-term care insurance department',
		addressable: true
	},
	{
		code: 'disability_health_welfare',
		nameJa: '障害保健福祉主管部（局）',
		nameEn: 'Disability health and welfare department',
		addressable: true
	},
	{
		code: 'child_welfare',
		nameJa: '児童福祉主管部（局）',
		nameEn: 'Child welfare department',
		addressable: true
	},
	{
		code: 'maternal_child_health',
		nameJa: '母子保健主管部（局）',
		nameEn: 'Maternal and child health department',
		addressable: true
	},
	{
		code: 'child_rearing',
		nameJa: '子ども・子育て支援主管部（局）',
		nameEn: 'Children and child-rearing support department',
		addressable: true
	},
	{
		code: 'board_of_education',
		nameJa: '教育委員会',
		nameEn: 'Board of education',
		addressable: true
	},
	{
		code: 'fire',
		nameJa: '消防主管部（局）',
		nameEn: 'Fire service department',
		addressable: true
	},
	{
		code: 'disaster_prevention',
		nameJa: '防災主管部（局）',
		nameEn: 'Disaster prevention department',
		addressable: true
	},
	{
		code: 'gender_equality',
		nameJa: '男女共同参画主管部（局）',
		nameEn: 'Gender equality department',
		addressable: true
	},
	{ code: 'health_center', nameJa: '保健所', nameEn: 'Public health center', addressable: true }
];

/** The label of a function in the catalogue given, or its code when it is not there. */
export function functionLabel(
	catalogue: readonly Pick<DepartmentFunctionEntry, 'code' | 'nameJa' | 'nameEn'>[],
	code: string,
	lang: 'ja' | 'en'
): string {
	const entry = catalogue.find((f) => f.code === code);
	return entry ? (lang === 'en' ? entry.nameEn : entry.nameJa) : code;
}
