// medical_institutions (記2 of the seed notice): institutions in the jurisdiction able to
// cooperate with the one-stop center, which feed the standing MedicalInstitution registry.
// Institutional facts only: `contact` is a desk of the institution (地域連携室, 代表電話),
// never a person's name or private number, and nothing here describes a patient.
import { z } from 'zod';
import {
	SHAPE_ERROR,
	check,
	choicesField,
	flagField,
	rowsField,
	textField,
	type Checked,
	type FieldProblem,
	type Mode
} from './common.ts';
import { CLINICAL_DEPARTMENT_KEYS } from './clinical-departments.ts';

export const MAX_INSTITUTIONS = 1000;

/**
 * 医療機関コード: 10 digits — prefecture (2) + 点数表 (1: 医科, 3: 歯科) + 7 digits. Only the
 * digits and the length are checked; full-width digits, spaces and hyphens are accepted.
 */
const institutionCodeField = z.preprocess((v, ctx) => {
	if (v === undefined || v === null) return undefined;
	const code =
		typeof v === 'string' || typeof v === 'number'
			? String(v)
					.normalize('NFKC')
					.replace(/[\s\-‐−]/g, '')
			: null;
	if (code === '') return undefined;
	if (code !== null && /^\d{10}$/.test(code)) return code;
	ctx.addIssue({
		code: 'custom',
		message: '医療機関コードは10桁の数字で入力してください（都道府県2桁・点数表1桁・7桁）。'
	});
	return z.NEVER;
}, z.string().optional());

export const institutionSchema = z.object(
	{
		name: textField('医療機関名', 200),
		institutionCode: institutionCodeField,
		/** 所在市区町村 (e.g. 横浜市南区). */
		municipality: textField('所在市区町村', 100),
		clinicalDepartments: choicesField(
			CLINICAL_DEPARTMENT_KEYS,
			(v) => `一覧にない診療科が選ばれています（${v.join('、')}）。一覧から選んでください。`
		),
		accepts24Hours: flagField('24時間受入れ'),
		collectsEvidence: flagField('証拠採取・保管'),
		emergencyContraception: flagField('緊急避妊'),
		housesCenter: flagField('センター設置'),
		/** The institution's desk for the center: never a person's private data. */
		contact: textField('連絡窓口', 200)
	},
	{ error: '医療機関の行の形式が正しくありません。' }
);
export type Institution = z.output<typeof institutionSchema>;

export const medicalInstitutionsSchema = z.object(
	{ institutions: rowsField(institutionSchema, '医療機関', MAX_INSTITUTIONS) },
	{ error: SHAPE_ERROR }
);
export type MedicalInstitutions = z.output<typeof medicalInstitutionsSchema>;

const normalize = (s: string | undefined) =>
	(s ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * What makes two entries the same institution: the same 医療機関コード, or the same name in the
 * same municipality once NFKC-normalized (全角/半角, spaces and case ignored).
 */
export function duplicateKey(
	inst: Pick<Institution, 'name' | 'institutionCode' | 'municipality'>
): {
	code: string | null;
	nameAndMunicipality: string;
} {
	return {
		code: inst.institutionCode || null,
		nameAndMunicipality: `${normalize(inst.name)}@${normalize(inst.municipality)}`
	};
}

export type DuplicatePair = {
	/** Row index of the earlier entry. */
	first: number;
	/** Row index of the later entry, where the message belongs. */
	second: number;
	reason: 'institution_code' | 'name_and_municipality';
	message: string;
};

/**
 * Every entry that repeats an earlier one, paired with the first earlier entry it repeats (a
 * same code is reported before a same name). Entries without a name are skipped: they are
 * rows still being typed.
 */
export function findDuplicates(
	list: readonly Pick<Institution, 'name' | 'institutionCode' | 'municipality'>[]
): DuplicatePair[] {
	const byCode = new Map<string, number>();
	const byName = new Map<string, number>();
	const pairs: DuplicatePair[] = [];
	list.forEach((inst, i) => {
		if (!inst.name) return;
		const key = duplicateKey(inst);
		const sameCode = key.code === null ? undefined : byCode.get(key.code);
		const sameName = byName.get(key.nameAndMunicipality);
		const first = sameCode ?? sameName;
		if (first !== undefined) {
			const reason = sameCode !== undefined ? 'institution_code' : 'name_and_municipality';
			const why = reason === 'institution_code' ? '医療機関コード' : '名称と所在市区町村';
			pairs.push({
				first,
				second: i,
				reason,
				message: `${i + 1}件目の「${inst.name}」は${first + 1}件目の「${list[first].name}」と${why}が同じです。重複を削除してください。`
			});
		}
		if (key.code !== null && !byCode.has(key.code)) byCode.set(key.code, i);
		if (!byName.has(key.nameAndMunicipality)) byName.set(key.nameAndMunicipality, i);
	});
	return pairs;
}

/**
 * Drafts: any parseable list (repeats included: the list is being put together).
 * Submissions: each entry's name, municipality and at least one clinical department, and no
 * institution twice.
 */
export function checkMedicalInstitutions(
	data: unknown,
	options: { mode: Mode }
): Checked<MedicalInstitutions> {
	return check(medicalInstitutionsSchema, data, (v) => {
		if (options.mode === 'draft') return [];
		const problems: FieldProblem[] = [];
		v.institutions.forEach((inst, i) => {
			const p = `institutions.${i}`;
			if (!inst.name)
				problems.push({ path: `${p}.name`, message: '医療機関名を入力してください。' });
			if (!inst.municipality)
				problems.push({
					path: `${p}.municipality`,
					message: '所在市区町村を入力してください。'
				});
			if (inst.clinicalDepartments.length === 0)
				problems.push({
					path: `${p}.clinicalDepartments`,
					message: '対応可能な診療科を1つ以上選んでください。'
				});
		});
		for (const pair of findDuplicates(v.institutions))
			problems.push({
				path: `institutions.${pair.second}.${pair.reason === 'institution_code' ? 'institutionCode' : 'name'}`,
				message: pair.message
			});
		return problems;
	});
}

/** 「3機関（24時間受入れ 1）」; 「0機関」 for an empty list. */
export function summarizeMedicalInstitutions(v: MedicalInstitutions): string {
	const count = `${v.institutions.length.toLocaleString('ja-JP')}機関`;
	const allDay = v.institutions.filter((i) => i.accepts24Hours).length;
	return allDay > 0 ? `${count}（24時間受入れ ${allDay}）` : count;
}
