import { describe, expect, it } from 'vitest';
import { formToObject } from './form-data.ts';

describe('formToObject', () => {
	it('builds nested objects and lists from path names, dropping blank rows', () => {
		const form = new FormData();
		form.append('status', 'done');
		form.append('methods[]', 'mail');
		form.append('methods[]', 'association_meeting');
		form.append('institutions.0.name', '横浜市立大学附属病院');
		form.append('institutions.0.clinicalDepartments[]', 'obstetrics_gynecology');
		form.append('institutions.1.name', '');
		form.append('institutions.1.municipality', '');
		form.append('institutions.2.name', '済生会横浜市東部病院');
		form.append('/save', '');
		form.append('revision', '3');
		expect(formToObject(form, ['revision'])).toEqual({
			status: 'done',
			methods: ['mail', 'association_meeting'],
			institutions: [
				{ name: '横浜市立大学附属病院', clinicalDepartments: ['obstetrics_gynecology'] },
				{ name: '済生会横浜市東部病院' }
			]
		});
	});
});
