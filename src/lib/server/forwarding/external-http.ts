// What the public external-link routes share: their headers, the body size they accept and how
// a link that stands for nothing is answered.
import { error } from '@sveltejs/kit';
import { formOrNull } from '../http/form.ts';
import { LinkError } from './external-public.ts';

/**
 * The token is in the URL: no caches, no search engines, and no referrer to any other site
 * (`same-origin`: a link out of the page carries nothing). Not `no-referrer`: with it a
 * browser posts the page's own forms with `Origin: null`, which the framework's cross-site
 * check refuses (measured in Chromium), so receipt could not be confirmed.
 */
export const externalLinkHeaders = {
	'Cache-Control': 'no-store',
	'Referrer-Policy': 'same-origin',
	'X-Robots-Tag': 'noindex, nofollow'
};

/** The largest form the page posts (an answer of 1,000 characters, URL-encoded, with room). */
export const MAX_EXTERNAL_BODY = 16 * 1024;

export const LINK_INVALID =
	'このリンクは無効です。メールに記載されたリンクを、途中で切れないようにそのまま開いてください。 / ' +
	'This link is not valid. Open the link in your mail exactly as it is.';
export const LINK_EXPIRED =
	'このリンクは有効期限が切れています。転送元の都道府県の担当部局にお問い合わせください。 / ' +
	'This link has expired. Please contact the prefecture that forwarded the notice.';

/** A LinkError as its HTTP answer (404 unknown, 410 expired); anything else is rethrown. */
export function linkFailure(e: unknown): never {
	if (e instanceof LinkError)
		error(
			e.problem === 'expired' ? 410 : 404,
			e.problem === 'expired' ? LINK_EXPIRED : LINK_INVALID
		);
	throw e;
}

/** The posted form, refused with 413 when larger than the page ever sends, 400 when no form. */
export async function readSmallForm(request: Request): Promise<FormData> {
	const length = Number(request.headers.get('content-length') ?? '0');
	if (!Number.isFinite(length) || length > MAX_EXTERNAL_BODY)
		error(413, '送信された内容が大きすぎます。 / The request is too large.');
	const form = await formOrNull(request);
	if (!form)
		error(
			400,
			'送信された内容をフォームとして読み取れません。 / The request is not a readable form.'
		);
	return form;
}
