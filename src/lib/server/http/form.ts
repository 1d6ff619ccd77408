// Reading a posted form. A body that is not a form at all (a broken multipart body, a
// Content-Type no form sends) makes `request.formData()` throw; that is the client's error, so
// it is a 400 with a message — never a 500 logged as a bug.
import { error, isHttpError } from '@sveltejs/kit';
import { formToObject, MalformedForm, type FormTree } from '#lib/domain/form-data.ts';

const UNREADABLE =
	'送信された内容をフォームとして読み取れません。 / The request is not a readable form.';

const NUL =
	'送信された内容に使えない文字（NUL）が含まれています。 / The form contains a NUL character, which cannot be stored.';

/**
 * The posted form, or null when the body is not a form at all (HTTP errors such as 413 keep
 * their status).
 */
export async function formOrNull(request: Request): Promise<FormData | null> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch (e) {
		if (isHttpError(e)) throw e;
		return null;
	}
	// No keyboard types U+0000, and PostgreSQL cannot store it in text or JSON: a value carrying
	// it would fail the save with a 500 (SQLite would keep it). Refused here, for every form.
	for (const [name, value] of form.entries())
		if (name.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000')))
			error(400, NUL);
	return form;
}

/** The posted form; a body that is not one is a 400 with a message. */
export async function readForm(request: Request): Promise<FormData> {
	const form = await formOrNull(request);
	if (!form) error(400, UNREADABLE);
	return form;
}

/**
 * A small form's text fields in a null-prototype record (the sign-in and account pages), or null
 * when the body is not a form, for an action that answers that with its own message.
 */
export async function readTextFields(request: Request): Promise<Record<string, string> | null> {
	const form = await formOrNull(request);
	if (!form) return null;
	const fields: Record<string, string> = Object.create(null);
	for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
	return fields;
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
