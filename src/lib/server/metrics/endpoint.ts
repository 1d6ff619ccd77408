// GET /metrics: the registry in Prometheus text format, for a scraper that presents the bearer
// token of KAIRAN_METRICS_TOKEN. Everyone else — no token configured, no Authorization header,
// a wrong token — gets the 404 of a page that is not there, so the public cannot even tell that
// metrics exist. (Not "loopback only": behind a reverse proxy on the same host every request
// comes from loopback.)
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { registry } from './index.ts';
import './database.ts';

const digest = (text: string) => sha256(new TextEncoder().encode(text));

/** Whether the request carries the configured token (compared in constant time). */
export function presentsToken(request: Request, token: string | undefined): boolean {
	if (!token) return false;
	const header = request.headers.get('authorization') ?? '';
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	// Digests have one length, so the comparison takes the same time whatever was sent.
	return match !== null && constantTimeEqual(digest(match[1]), digest(token));
}

export async function metricsResponse(
	request: Request,
	token: string | undefined
): Promise<Response> {
	if (!presentsToken(request, token))
		return new Response('Not found', {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	return new Response(await registry.metrics(), {
		headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }
	});
}
