import { describe, expect, it } from 'vitest';
import {
	checkMedicalInstitutions,
	duplicateKey,
	findDuplicates,
	summarizeMedicalInstitutions,
	type Institution
} from './medical-institutions.ts';
import {
	CLINICAL_DEPARTMENTS,
	clinicalDepartmentLabel,
	isClinicalDepartment
} from './clinical-departments.ts';

const draft = (data: unknown) => checkMedicalInstitutions(data, { mode: 'draft' });
const submit = (data: unknown) => checkMedicalInstitutions(data, { mode: 'submit' });
const errors = (r: ReturnType<typeof draft>) => (r.ok ? [] : r.errors);
const paths = (r: ReturnType<typeof draft>) => errors(r).map((e) => e.path);

const inst = (over: Partial<Institution> = {}): Institution => ({
	name: '横浜市立大学附属市民総合医療センター',
	institutionCode: '1411234567',
	municipality: '横浜市南区',
	clinicalDepartments: ['obstetrics_gynecology', 'emergency'],
	accepts24Hours: true,
	collectsEvidence: true,
	emergencyContraception: true,
	housesCenter: false,
	contact: '患者支援センター 地域連携室',
	...over
});

describe('clinical departments', () => {
	it('lists the departments the notice names, with Japanese and English labels', () => {
		const ja = CLINICAL_DEPARTMENTS.map((d) => d.ja);
		for (const name of [
			'産婦人科',
			'救急科',
			'小児科',
			'泌尿器科',
			'肛門外科',
			'外科',
			'耳鼻咽喉科',
			'精神科',
			'心療内科'
		])
			expect(ja).toContain(name);
		expect(new Set(CLINICAL_DEPARTMENTS.map((d) => d.key)).size).toBe(CLINICAL_DEPARTMENTS.length);
		expect(CLINICAL_DEPARTMENTS.every((d) => d.en.length > 0)).toBe(true);
		expect(clinicalDepartmentLabel('psychosomatic')).toBe('心療内科');
		expect(clinicalDepartmentLabel('psychosomatic', 'en')).toBe('Psychosomatic medicine');
		expect(clinicalDepartmentLabel('retired_key')).toBe('retired_key');
		expect(isClinicalDepartment('urology')).toBe(true);
		expect(isClinicalDepartment('astrology')).toBe(false);
	});
});

describe('medical institutions (記2)', () => {
	it('accepts a form post: checkbox strings, full-width code digits, repeats folded', () => {
		const r = submit({
			institutions: [
				{
					name: ' 済生会横浜市東部病院 ',
					institutionCode: '１４１ ２３４ ５６７８',
					municipality: '横浜市鶴見区',
					clinicalDepartments: ['emergency', 'emergency', 'pediatrics'],
					accepts24Hours: 'true'
				}
			]
		});
		expect(r).toEqual({
			ok: true,
			value: {
				institutions: [
					{
						name: '済生会横浜市東部病院',
						institutionCode: '1412345678',
						municipality: '横浜市鶴見区',
						clinicalDepartments: ['emergency', 'pediatrics'],
						accepts24Hours: true,
						collectsEvidence: false,
						emergencyContraception: false,
						housesCenter: false
					}
				]
			}
		});
	});

	it('refuses unknown clinical departments and malformed codes, even in a draft', () => {
		const r = draft({
			institutions: [
				{ name: 'A病院', institutionCode: '12345', clinicalDepartments: ['astrology'] },
				{ name: 'B病院', institutionCode: '14112345678' },
				{ name: 'C病院', institutionCode: '14-1-12345AB' }
			]
		});
		expect(paths(r).sort()).toEqual([
			'institutions.0.clinicalDepartments',
			'institutions.0.institutionCode',
			'institutions.1.institutionCode',
			'institutions.2.institutionCode'
		]);
		expect(errors(r).find((e) => e.path.endsWith('clinicalDepartments'))?.message).toContain(
			'astrology'
		);
	});

	it('refuses oversized text and non-boolean capabilities', () => {
		expect(paths(draft({ institutions: [{ name: 'あ'.repeat(201) }] }))).toEqual([
			'institutions.0.name'
		]);
		expect(paths(draft({ institutions: [{ contact: 'x'.repeat(201) }] }))).toEqual([
			'institutions.0.contact'
		]);
		expect(paths(draft({ institutions: [{ accepts24Hours: 'sometimes' }] }))).toEqual([
			'institutions.0.accepts24Hours'
		]);
		expect(paths(draft({ institutions: 'many' }))).toEqual(['institutions']);
	});

	it('requires name, municipality and a clinical department on submit only', () => {
		const partial = { institutions: [{ name: 'B病院' }, { municipality: '川崎市' }] };
		expect(draft(partial).ok).toBe(true);
		expect(paths(submit(partial))).toEqual([
			'institutions.0.municipality',
			'institutions.0.clinicalDepartments',
			'institutions.1.name',
			'institutions.1.clinicalDepartments'
		]);
		expect(submit({ institutions: [] }).ok).toBe(true);
	});

	it('finds duplicates by code, or by NFKC-normalized name and municipality', () => {
		expect(duplicateKey(inst({ name: 'ＡＢＣ 病院', municipality: '横浜市 南区' }))).toEqual({
			code: '1411234567',
			nameAndMunicipality: 'abc病院@横浜市南区'
		});
		const byCode = findDuplicates([inst(), inst({ name: '横浜市大センター病院' })]);
		expect(byCode).toEqual([
			{
				first: 0,
				second: 1,
				reason: 'institution_code',
				message:
					'2件目の「横浜市大センター病院」は1件目の「横浜市立大学附属市民総合医療センター」と医療機関コードが同じです。重複を削除してください。'
			}
		]);
		const byName = findDuplicates([
			inst({ institutionCode: undefined, name: 'ﾖｺﾊﾏ病院' }),
			inst({ institutionCode: '1419999999', name: 'ヨコハマ 病院' }),
			inst({ institutionCode: undefined, name: 'ヨコハマ病院', municipality: '横浜市北区' })
		]);
		expect(byName.map((p) => [p.first, p.second, p.reason])).toEqual([
			[0, 1, 'name_and_municipality']
		]);
		expect(
			findDuplicates([inst(), inst({ institutionCode: '1411234568', name: '別の病院' })])
		).toEqual([]);
		// Three times the same: each later one is paired with the first.
		expect(findDuplicates([inst(), inst(), inst()]).map((p) => [p.first, p.second])).toEqual([
			[0, 1],
			[0, 2]
		]);
	});

	it('a draft may hold duplicates; a submission may not, and says where', () => {
		const twice = { institutions: [inst(), inst({ name: '横浜市大センター病院' })] };
		expect(draft(twice).ok).toBe(true);
		const r = submit(twice);
		expect(paths(r)).toEqual(['institutions.1.institutionCode']);
		const sameName = {
			institutions: [inst({ institutionCode: undefined }), inst({ institutionCode: undefined })]
		};
		expect(paths(submit(sameName))).toEqual(['institutions.1.name']);
	});

	it('summarizes for tables', () => {
		const r = submit({
			institutions: [inst(), inst({ institutionCode: undefined, name: 'B', accepts24Hours: false })]
		});
		expect(r.ok && summarizeMedicalInstitutions(r.value)).toBe('2機関（24時間受入れ 1）');
		expect(summarizeMedicalInstitutions({ institutions: [] })).toBe('0機関');
	});
});
