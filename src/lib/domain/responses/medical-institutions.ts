// 記2-style: institutions in the jurisdiction able to cooperate with the one-stop center.
// Institutions only — a contact is a desk of the institution, never a person's private data.
import { z } from 'zod';
import { check, flag, text, type FieldProblem, type Mode } from './common.ts';
import { CLINICAL_DEPARTMENT_KEYS } from './clinical-departments.ts';

export const institutionSchema = z.object({
	name: text(200, '医療機関名'),
	/** 医療機関コード: 都道府県2桁 + 点数表1桁 + 7桁 (digits and length only are checked). */
	institutionCode: z.preprocess(
		(v) => (v === undefined || v === null ? undefined : String(v).normalize('NFKC').trim()),
		z
			.string()
			.regex(/^(\d{10})?$/, '医療機関コードは10桁の数字で入力してください。')
			.optional()
	),
	municipality: text(100, '所在市区町村'),
	clinicalDepartments: z
		.array(z.enum(CLINICAL_DEPARTMENT_KEYS, { error: '診療科に不明な値があります。' }))
		.default([]),
	accepts24Hours: flag.default(false),
	collectsEvidence: flag.default(false),
	emergencyContraception: flag.default(false),
	housesCenter: flag.default(false),
	contact: text(200, '連絡窓口')
});
export type Institution = z.infer<typeof institutionSchema>;

export const medicalInstitutionsSchema = z.object({
	institutions: z
		.array(institutionSchema)
		.max(500, '一度に登録できるのは500機関までです。')
		.default([])
});
export type MedicalInstitutions = z.infer<typeof medicalInstitutionsSchema>;

const norm = (s: string | undefined) =>
	(s ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Same institution: the same code, or the same name in the same municipality. */
export function duplicateKeys(inst: Institution): string[] {
	return [
		...(inst.institutionCode ? [`code:${inst.institutionCode}`] : []),
		`name:${norm(inst.name)}@${norm(inst.municipality)}`
	];
}

export function findDuplicates(list: Institution[]): FieldProblem[] {
	const seen = new Map<string, number>();
	const problems: FieldProblem[] = [];
	list.forEach((inst, i) => {
		for (const key of duplicateKeys(inst)) {
			const first = seen.get(key);
			if (first !== undefined) {
				problems.push({
					path: `institutions.${i}.name`,
					message: `${first + 1}行目の「${list[first].name}」と同じ医療機関です（${key.startsWith('code') ? '医療機関コード' : '名称と所在地'}が同じ）。`
				});
				return;
			}
			seen.set(key, i);
		}
	});
	return problems;
}

export function checkMedicalInstitutions(data: unknown, mode: Mode) {
	return check(medicalInstitutionsSchema, data, mode, (v) => {
		const missing: FieldProblem[] = [];
		v.institutions.forEach((inst, i) => {
			if (!inst.name)
				missing.push({ path: `institutions.${i}.name`, message: '医療機関名を入力してください。' });
			if (!inst.municipality)
				missing.push({
					path: `institutions.${i}.municipality`,
					message: '所在市区町村を入力してください。'
				});
			if (inst.clinicalDepartments.length === 0)
				missing.push({
					path: `institutions.${i}.clinicalDepartments`,
					message: '対応可能な診療科を1つ以上選んでください。'
				});
		});
		return [...missing, ...findDuplicates(v.institutions)];
	});
}

export const summarizeMedicalInstitutions = (v: MedicalInstitutions) =>
	`${v.institutions.length}機関`;
