// Every page of the app, as each role sees it, under the real Content-Security-Policy in
// Chromium: no `securitypolicyviolation` event, no console error, no uncaught exception, and
// the security headers on every document. (Named so it runs after the tests that expect the
// demo accounts untouched; it opens the seed notice as tokyo.health, which notice.e2e.ts
// reads too, and changes nothing else but one draft of its own.)
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ACCOUNTS, seedNoticeId, signIn } from './helpers.ts';

const ROLES = {
	anonymous: null,
	respondent: ACCOUNTS.tokyo,
	issuer: 'mhlw.issuer@example.jp',
	viewer: ACCOUNTS.viewer,
	admin: 'admin@example.jp'
} as const;
type Role = keyof typeof ROLES;

/** Violations and errors, from the moment each document starts (init script) and the console. */
async function watched(browser: Browser) {
	const context = await browser.newContext();
	await context.addInitScript(() => {
		const w = window as unknown as { __violations: string[] };
		w.__violations = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.__violations.push(
				`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} «${e.sample}»`
			)
		);
	});
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('console', (m) => {
		// A failed load is reported below with its URL and status instead.
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
			problems.push(`console error on ${page.url()}: ${m.text()}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 400) problems.push(`${r.status()} for ${new URL(r.url()).pathname}`);
	});
	page.on('pageerror', (e) => problems.push(`uncaught on ${page.url()}: ${e.message}`));
	return { context, page, problems };
}

function expectSecureHeaders(path: string, headers: Record<string, string>) {
	const csp = headers['content-security-policy'] ?? '';
	const directive = (name: string) =>
		csp
			.split(';')
			.map((d) => d.trim())
			.find((d) => d.startsWith(`${name} `)) ?? '';
	expect(csp, `${path}: a CSP`).not.toBe('');
	// Scripts: this origin and the response's nonce, never inline without one, never eval.
	expect(directive('script-src'), path).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'$/);
	// Style elements likewise (kit adds a nonce only when it writes an inline one).
	expect(directive('style-src'), path).toMatch(/^style-src 'self'( 'nonce-[A-Za-z0-9+/=_-]+')?$/);
	expect(csp, path).not.toMatch(/unsafe-eval/);
	expect(directive('default-src')).toBe("default-src 'self'");
	expect(directive('object-src')).toBe("object-src 'none'");
	expect(directive('base-uri')).toBe("base-uri 'self'");
	expect(directive('form-action')).toBe("form-action 'self'");
	expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
	expect(headers['x-frame-options']).toBe('DENY');
	expect(headers['permissions-policy']).toContain('camera=()');
	expect(headers['permissions-policy']).toContain('geolocation=()');
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('same-origin');
	// Served over plain HTTP here: no HSTS (browsers ignore it there, and it would be a lie).
	expect(headers['strict-transport-security']).toBeUndefined();
}

/** Opens a page, waits until it is idle (hydrated, charts drawn) and checks it. */
async function visit(page: Page, problems: string[], path: string, status = 200) {
	const response = await page.goto(path);
	expect(response, path).not.toBeNull();
	expect(response!.status(), path).toBe(status);
	expectSecureHeaders(path, await response!.allHeaders());
	await page.waitForLoadState('networkidle');
	const violations = await page.evaluate(
		() => (window as unknown as { __violations: string[] }).__violations
	);
	expect(violations, `CSP violations on ${path}`).toEqual([]);
	// Only a deliberate 4xx of the document itself.
	const unexpected = problems.filter((p) => p !== `${status} for ${path}`);
	expect(unexpected, `errors on ${path}`).toEqual([]);
	problems.length = 0;
}

/** Paths each role can open, found from the seed notice as that role sees it. */
async function pagesOf(role: Role, page: Page): Promise<{ path: string; status?: number }[]> {
	if (role === 'anonymous') return [{ path: '/login' }, { path: '/no-such-page', status: 404 }];
	const id = await seedNoticeId(page);
	const common = [
		{ path: '/notices' },
		{ path: '/notices?q=センター' },
		{ path: `/notices/${id}` },
		{ path: '/registry' },
		{ path: '/no-such-page', status: 404 }
	];
	switch (role) {
		case 'respondent':
			return [{ path: '/' }, ...common, { path: `/notices/${id}/respond` }];
		case 'viewer':
		case 'admin':
		case 'issuer': {
			const progress = [
				{ path: '/overview' },
				{ path: `/notices/${id}/progress` },
				{ path: `/notices/${id}/progress/14` }
			];
			await page.goto(`/notices/${id}/progress/14`);
			const department = await page
				.locator('a[href*="/progress/departments/"]')
				.first()
				.evaluate((a) => new URL((a as HTMLAnchorElement).href).pathname);
			progress.push({ path: department });
			if (role === 'viewer') return [...common, ...progress];
			if (role === 'admin')
				return [
					...common,
					...progress,
					{ path: '/admin/grant-lines' },
					{ path: '/admin/audit' },
					{ path: '/admin/audit?action=notice.&objectType=notice' }
				];
			return [
				...common,
				...progress,
				{ path: `/notices/${id}/recipients` },
				{ path: '/notices/new' },
				...(await draftPages(page))
			];
		}
	}
}

/** The editor and the preview need a draft: the issuer writes one (a title is enough). */
async function draftPages(page: Page) {
	await page.goto('/notices/new');
	await page.getByLabel('件名').fill('CSPの確認用の下書き');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	const edit = new URL(page.url()).pathname;
	return [{ path: edit }, { path: edit.replace(/\/edit$/, '/preview') }];
}

for (const role of Object.keys(ROLES) as Role[]) {
	test(`every page as ${role}: no CSP violation, no console error, secure headers`, async ({
		browser
	}) => {
		test.setTimeout(90_000);
		const { context, page, problems } = await watched(browser);
		const email = ROLES[role];
		if (email) await signIn(page, email);
		const pages = await pagesOf(role, page);
		problems.length = 0;
		for (const { path, status } of pages) await visit(page, problems, path, status);
		await context.close();
	});
}

test('downloads and JSON carry a CSP that allows nothing; the PDF view may be framed by the app only', async ({
	browser
}) => {
	const { context, page } = await watched(browser);
	await signIn(page, ACCOUNTS.viewer);
	const id = await seedNoticeId(page);
	const none = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
	for (const path of ['/healthz', `/notices/${id}/attachments/1`, '/registry.csv']) {
		const r = await context.request.get(path);
		expect(r.status(), path).toBe(200);
		expect(r.headers()['content-security-policy'], path).toBe(none);
		expect(r.headers()['x-frame-options'], path).toBe('DENY');
	}
	const inline = await context.request.get(`/notices/${id}/attachments/1/inline`);
	expect(inline.headers()['content-security-policy']).toBe("sandbox; frame-ancestors 'self'");
	expect(inline.headers()['x-frame-options']).toBe('SAMEORIGIN');
	await context.close();
});
