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

	it('never follows a name into an object prototype', () => {
		const form = new FormData();
		for (const key of [
			'__proto__.polluted',
			'constructor.prototype.polluted',
			'institutions.0.__proto__.polluted',
			'prototype.polluted'
		])
			form.append(key, 'yes');
		form.append('status', 'done');
		expect(formToObject(form)).toEqual({ status: 'done' });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	});

	it('drops a row index no form offers, instead of building a huge sparse list', () => {
		const form = new FormData();
		form.append('institutions.4000000000.name', 'x');
		form.append('institutions.9999.name', '最後の行');
		form.append('institutions..name', 'x');
		const started = Date.now();
		expect(formToObject(form)).toEqual({ institutions: [{ name: '最後の行' }] });
		// Not a timing assertion on the code's speed: a sparse walk of 4×10⁹ would never finish.
		expect(Date.now() - started).toBeLessThan(60_000);
	});
});
