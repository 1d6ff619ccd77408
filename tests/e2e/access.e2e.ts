import { expect, test, type Browser } from '@playwright/test';
import { ACCOUNTS, seedNoticeId, signIn } from './helpers.ts';

/** Signs in as the viewer in a browser context of its own and returns it with the notice id. */
async function viewerSession(browser: Browser) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, ACCOUNTS.viewer);
	return { context, id: await seedNoticeId(page) };
}

test('an attachment is refused (401) without a session', async ({ browser, request }) => {
	const { context, id } = await viewerSession(browser);
	const url = `/notices/${id}/attachments/1`;

	// The URL is right: with the session it is the PDF…
	const signedIn = await context.request.get(url);
	expect(signedIn.status()).toBe(200);
	expect(signedIn.headers()['content-type']).toBe('application/pdf');
	await context.close();

	// …and the `request` fixture, which shares no cookies with any browser context, gets 401.
	const anonymous = await request.get(url, { maxRedirects: 0 });
	expect(anonymous.status()).toBe(401);
	expect(anonymous.headers()['content-type']).not.toContain('pdf');
	expect((await anonymous.body()).subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
});

test('anonymous visitors are sent to sign in', async ({ page, request }) => {
	const response = await request.get('/notices', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers()['location']).toBe('/login?redirectTo=%2Fnotices');

	await page.goto('/notices');
	await expect(page).toHaveURL('/login?redirectTo=%2Fnotices');
	await expect(page.getByRole('heading', { level: 1, name: 'サインイン' })).toBeVisible();
	await expect(page.getByRole('table')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'サインアウト' })).toHaveCount(0);
});

test('a PDF previews inline only from its sandboxed URL; downloads stay attachments', async ({
	browser
}) => {
	const { context, id } = await viewerSession(browser);
	const download = await context.request.get(`/notices/${id}/attachments/1`);
	expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
	// Nothing in a download may run, load or be framed.
	expect(download.headers()['content-security-policy']).toBe(
		"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	);

	const inline = await context.request.get(`/notices/${id}/attachments/1/inline`);
	expect(inline.status()).toBe(200);
	expect(inline.headers()['content-type']).toBe('application/pdf');
	expect(inline.headers()['content-disposition']).toMatch(/^inline;/);
	expect(inline.headers()['content-security-policy']).toBe("sandbox; frame-ancestors 'self'");
	expect(inline.headers()['x-content-type-options']).toBe('nosniff');

	// A version that is not published (or does not exist) is not served to a viewer.
	const editable = await context.request.get(`/notices/${id}/attachments/1?version=editable`);
	expect(editable.status()).toBe(404);
	expect((await context.request.get(`/notices/${id}/attachments/1?version=2`)).status()).toBe(404);

	// On the notice page the preview opens in place, framed from that inline URL.
	const page = context.pages()[0];
	await page.goto(`/notices/${id}`);
	await page.locator('summary', { hasText: '別添１' }).click();
	const frame = page.locator('iframe').first();
	await expect(frame).toBeVisible();
	expect(new URL(await frame.evaluate((f) => (f as HTMLIFrameElement).src)).pathname).toBe(
		`/notices/${id}/attachments/1/inline`
	);
	await context.close();
});
