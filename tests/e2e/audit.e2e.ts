// The admin's audit trail page: the newest events, filters kept in the URL, the CSV export,
// accessible (axe), and not there at all for anyone else.
import { expect, test } from '@playwright/test';
import { ACCOUNTS, expectNoSeriousViolations, signIn } from './helpers.ts';

test('an admin reads, filters and exports the audit trail', async ({ page }) => {
	// Signing in is itself recorded, so the trail is never empty here.
	await signIn(page, 'admin@example.jp');
	await page.getByRole('link', { name: '監査ログ' }).click();
	await expect(page).toHaveURL(/\/admin\/audit$/);
	await expect(page.getByRole('heading', { level: 1, name: '監査ログ' })).toBeVisible();
	const rows = page.locator('tbody tr');
	expect(await rows.count()).toBeGreaterThan(0);
	await expectNoSeriousViolations(page);

	// Filter by the newest event's action: the filter goes into the URL and every row matches.
	const action = (await rows.first().locator('td').nth(4).textContent())!.trim();
	await page.getByLabel('操作', { exact: true }).fill(action);
	await page.getByRole('button', { name: '検索' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]action=${action.replace('.', '\\.')}(&|$)`));
	await expect(page.getByLabel('操作', { exact: true })).toHaveValue(action);
	const actions = await page.locator('tbody tr td:nth-child(5)').allTextContents();
	expect(actions.length).toBeGreaterThan(0);
	expect(actions.every((a) => a.trim() === action)).toBe(true);

	// A filter that matches nothing says so.
	await page.goto('/admin/audit?action=no.such_action');
	await expect(page.getByRole('status')).toHaveText('条件に合う記録はありません。');
	await expectNoSeriousViolations(page);

	// The export carries the same filter.
	await page.goto(`/admin/audit?action=${encodeURIComponent(action)}`);
	const href = await page
		.getByRole('link', { name: 'CSVで出力（絞り込み条件どおり）' })
		.getAttribute('href');
	expect(href).toContain(`action=${encodeURIComponent(action)}`);
	const csv = await page.request.get(`/admin/audit.csv?action=${encodeURIComponent(action)}`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
	const lines = (await csv.text()).split('\r\n').filter(Boolean);
	expect(lines[0]).toContain('stream,seq,at,actor,department,action');
	// All of them: the page's rows, and more when the page has older ones.
	const older = await page
		.getByRole('navigation', { name: '監査ログのページ' })
		.getByRole('link', { name: '次へ' })
		.count();
	if (older === 0) expect(lines.length - 1).toBe(actions.length);
	else expect(lines.length - 1).toBeGreaterThan(actions.length);

	// A malformed filter is a 400 with its reason, not a 500.
	expect((await page.goto('/admin/audit?from=someday'))?.status()).toBe(400);
});

test('nobody else finds the audit trail: 404', async ({ page, request }) => {
	expect((await request.get('/admin/audit', { maxRedirects: 0 })).status()).toBe(404);
	expect((await request.get('/admin/audit.csv', { maxRedirects: 0 })).status()).toBe(404);
	await signIn(page, ACCOUNTS.viewer);
	await expect(page.getByRole('link', { name: '監査ログ' })).toHaveCount(0);
	expect((await page.goto('/admin/audit'))?.status()).toBe(404);
	expect((await page.request.get('/admin/audit.csv')).status()).toBe(404);
});
