// Response headers every answer carries (hooks.server.ts). The Content-Security-Policy of
// pages comes from SvelteKit's `csp` option in vite.config.ts (it adds the per-response nonce
// its own inline scripts need); this module covers everything else.

/**
 * Powerful browser features Kairan never uses, switched off for its pages and anything they
 * frame: an injected script or a framed document cannot ask for them. Only names Chromium
 * knows (an unknown one is logged as an error on every page).
 */
export const PERMISSIONS_POLICY = [
	'accelerometer=()',
	'autoplay=()',
	'camera=()',
	'display-capture=()',
	'encrypted-media=()',
	'geolocation=()',
	'gyroscope=()',
	'hid=()',
	'idle-detection=()',
	'magnetometer=()',
	'microphone=()',
	'midi=()',
	'payment=()',
	'picture-in-picture=()',
	'publickey-credentials-get=()',
	'screen-wake-lock=()',
	'serial=()',
	'usb=()',
	'xr-spatial-tracking=()'
].join(', ');

/**
 * For responses that are not pages (downloads, JSON, redirects): nothing in them may run,
 * load, be framed or submit. The inline PDF view sets its own (sandbox; framed by the app).
 */
export const NON_PAGE_CSP =
	"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Two years, the usual preload threshold; sent only over HTTPS, where browsers heed it. */
export const HSTS = 'max-age=63072000; includeSubDomains';

export function applySecurityHeaders(
	headers: Headers,
	request: { url: URL; signedIn: boolean }
): void {
	if (!headers.has('X-Content-Type-Options')) headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('Permissions-Policy', PERMISSIONS_POLICY);
	const csp = headers.get('Content-Security-Policy');
	if (!csp) headers.set('Content-Security-Policy', NON_PAGE_CSP);
	// For browsers without frame-ancestors; same meaning as the CSP's.
	const framedBySelf = csp !== null && /frame-ancestors 'self'/.test(csp);
	headers.set('X-Frame-Options', framedBySelf ? 'SAMEORIGIN' : 'DENY');
	// The URL's protocol is the one the client used: behind a TLS proxy adapter-node takes it
	// from PROTOCOL_HEADER; without a proxy scripts/start.ts states the real one (http).
	if (request.url.protocol === 'https:') headers.set('Strict-Transport-Security', HSTS);
	if (request.signedIn) headers.set('Cache-Control', 'private, no-store');
}
