// The PDF of record from the notice page: the link, the SHA-256 shown beside it, and the file
// itself (downloaded through the browser and fetched with the session).
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, SEED_TITLE, seedNoticeId, signIn } from './helpers.ts';

test('the notice page links the PDF of record and shows its SHA-256; the PDF downloads', async ({
	page
}) => {
	// The viewer: reading is not tracked for a viewer, so no other test's state changes.
	await signIn(page, ACCOUNTS.viewer);
	const id = await seedNoticeId(page);
	await page.getByRole('link', { name: SEED_TITLE }).click();
	await expect(page).toHaveURL(`/notices/${id}`);

	const link = page.getByRole('link', { name: 'PDF（第1版・記録用）' });
	await expect(link).toHaveJSProperty(
		'href',
		new URL(`/notices/${id}/versions/1.pdf`, page.url()).href
	);
	const hash = page.locator('.pdf-record code');
	await expect(page.locator('.pdf-record')).toContainText('PDFのSHA-256');
	// The first reader of a version has it made: its hash streams in once it exists (a wait
	// ceiling for a busy machine, not a speed requirement).
	await expect(hash).toHaveText(/^[0-9a-f]{64}$/, { timeout: 15_000 });
	const shown = await hash.innerText();

	// Downloaded through the browser: the file has the hash the page shows.
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	expect(download.suggestedFilename()).toBe(`${SEED_TITLE}_第1版.pdf`);
	const bytes = await fs.readFile(await download.path());
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
	expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);

	// Fetched with the same session: a PDF, the same bytes again.
	const response = await page.request.get(`/notices/${id}/versions/1.pdf`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/pdf');
	expect(response.headers()['etag']).toBe(`"${shown}"`);
	expect(
		createHash('sha256')
			.update(await response.body())
			.digest('hex')
	).toBe(shown);

	// A version that does not exist is a 404; without a session, a 401.
	expect((await page.request.get(`/notices/${id}/versions/2.pdf`)).status()).toBe(404);
	const anonymous = await page.context().browser()!.newContext();
	try {
		const r = await anonymous.request.get(
			new URL(`/notices/${id}/versions/1.pdf`, page.url()).href
		);
		expect(r.status()).toBe(401);
	} finally {
		await anonymous.close();
	}
});
