// The page an organization outside government opens from its mail (issue 13): no sign-in, the
// signed link is its only credential (forwarding/external-links.ts). An unknown or tampered
// link is a 404, an expired one a 410, each with a message saying what to do — never a 500.
import { fail } from '@sveltejs/kit';
import { db } from '#lib/server/db/index.ts';
import { UserError } from '#lib/server/errors.ts';
import {
	LinkError,
	acknowledgeExternal,
	answerExternal,
	externalView
} from '#lib/server/forwarding/external-public.ts';
import {
	externalLinkHeaders,
	linkFailure,
	readSmallForm
} from '#lib/server/forwarding/external-http.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders(externalLinkHeaders);
	try {
		const view = await externalView(db, params.token);
		return { view, token: params.token };
	} catch (e) {
		linkFailure(e);
	}
};

async function attempt(work: () => Promise<void>, saved: 'acknowledged' | 'answered') {
	try {
		await work();
		return { saved };
	} catch (e) {
		if (e instanceof LinkError) linkFailure(e);
		if (e instanceof UserError)
			return fail(e.status, { message: e.message, field: e.field ?? null });
		throw e;
	}
}

export const actions: Actions = {
	acknowledge: async ({ params, request }) => {
		await readSmallForm(request);
		return attempt(() => acknowledgeExternal(db, params.token), 'acknowledged');
	},
	answer: async ({ params, request }) => {
		const form = await readSmallForm(request);
		// A missing field is an empty answer: the link is checked first (404/410), then the text.
		const value = form.get('answer');
		const answer = typeof value === 'string' ? value : '';
		return attempt(() => answerExternal(db, params.token, answer), 'answered');
	}
};
