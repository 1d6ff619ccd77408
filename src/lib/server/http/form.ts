// Reading a posted form. A body that is not a form at all (a broken multipart body, a
// Content-Type no form sends) makes `request.formData()` throw; that is the client's error, so
// it is a 400 with a message — never a 500 logged as a bug.
import { error, isHttpError } from '@sveltejs/kit';
import { formToObject, MalformedForm, type FormTree } from '#lib/domain/form-data.ts';

const UNREADABLE =
	'送信された内容をフォームとして読み取れません。 / The request is not a readable form.';

export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch (e) {
		// The body-size limit (413) and other HTTP errors keep their own status.
		if (isHttpError(e)) throw e;
		error(400, UNREADABLE);
	}
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
