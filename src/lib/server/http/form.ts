// Reading a posted form. A body that is not a form at all (a broken multipart body, a
// Content-Type no form sends) makes `request.formData()` throw; that is the client's error, so
// it is a 400 with a message — never a 500 logged as a bug.
import { error, isHttpError } from '@sveltejs/kit';
import { formToObject, MalformedForm, type FormTree } from '#lib/domain/form-data.ts';

const UNREADABLE =
	'送信された内容をフォームとして読み取れません。 / The request is not a readable form.';

const NUL =
	'送信された内容に使えない文字（NUL）が含まれています。 / The form contains a NUL character, which cannot be stored.';

export async function readForm(request: Request): Promise<FormData> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch (e) {
		// The body-size limit (413) and other HTTP errors keep their own status.
		if (isHttpError(e)) throw e;
		error(400, UNREADABLE);
	}
	// No keyboard types U+0000, and PostgreSQL cannot store it in text or JSON: a value carrying
	// it would fail the save with a 500 (SQLite would keep it). Refused here, for every form.
	for (const [name, value] of form.entries())
		if (name.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000')))
			error(400, NUL);
	return form;
}

/** A form whose names are paths (formToObject), with `ignore`d names left out of the tree. */
export async function readNestedForm(
	request: Request,
	ignore: readonly string[] = []
): Promise<{ form: FormData; tree: FormTree }> {
	const form = await readForm(request);
	try {
		return { form, tree: formToObject(form, ignore) };
	} catch (e) {
		if (e instanceof MalformedForm) error(400, e.message);
		throw e;
	}
}
