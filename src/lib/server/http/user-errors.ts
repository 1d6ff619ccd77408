// A UserError from a server module, raised while loading a page or an endpoint, as the HTTP
// error it stands for (404, 403…). Without this SvelteKit sees an unknown error: a 500, logged
// as a bug. Form actions use userFailure (actions.ts) instead, to show the message beside the form.
import { error } from '@sveltejs/kit';
import { UserError } from '../errors.ts';

export async function orHttpError<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (e) {
		if (e instanceof UserError) error(e.status, e.message);
		throw e;
	}
}
