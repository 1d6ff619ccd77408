// A prefecture administrator's share of the directory (issue 13), as kanagawa.health would use
// it: it adds a department to one of 神奈川県's 市・町・村 (清川村) at /department, lands on the new
// department's page and invites its first person there; the page passes axe and fits a phone.
// tokyo.health, 東京都's administrator, is not offered 神奈川県's bodies and cannot open the new
// department (404, as one that does not exist). Uses kanagawa.health and tokyo.health (neither
// opens a notice).
import { expect, test } from '@playwright/test';
import { ACCOUNTS, expectNoSeriousViolations, signIn } from './helpers.ts';

test('kanagawa.health adds 清川村 a department and invites its person; 東京都 cannot reach it', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const page = await (
		await browser.newContext({ viewport: { width: 390, height: 844 } })
	).newPage();
	await signIn(page, 'kanagawa.health@example.jp');
	await page.goto('/department');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('管理する部局');
	await expect(page.getByRole('heading', { name: '市町村の部局を追加' })).toBeVisible();
	const bodies = page.getByLabel('市町村', { exact: true });
	// 神奈川県's 27 市・町・村 that run no 保健所, after the empty choice; no 保健所設置市.
	await expect(bodies.locator('option')).toHaveCount(28);
	await expect(bodies.locator('option', { hasText: '藤沢市' })).toHaveCount(0);
	await expectNoSeriousViolations(page);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	await bodies.selectOption({ label: '清川村' });
	await page.getByLabel('主管部局の種類').selectOption('child_welfare');
	await page.getByLabel('部局名', { exact: true }).fill('子ども家庭課');
	await page.getByLabel('送信先メールアドレス（1行に1件）').fill('kodomo.144029@example.jp');
	await page.getByRole('button', { name: '部局を追加' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('清川村 子ども家庭課');
	await expect(
		page.getByRole('listitem').filter({ hasText: 'kodomo.144029@example.jp' })
	).toBeVisible();
	const url = page.url();

	// The same again: a clash, said beside the form, and the values kept.
	await page.goto('/department');
	await page.getByLabel('市町村', { exact: true }).selectOption({ label: '清川村' });
	await page.getByLabel('主管部局の種類').selectOption('child_welfare');
	await page.getByLabel('部局名', { exact: true }).fill('子ども家庭課');
	await page.getByRole('button', { name: '部局を追加' }).click();
	await expect(page.getByRole('alert')).toContainText('同じ団体に同じ機能・名称の部署があります');
	await expect(page.getByLabel('部局名', { exact: true })).toHaveValue('子ども家庭課');

	// Its first person, invited as the department's manager.
	await page.goto(url);
	await page.getByLabel('メールアドレス', { exact: true }).fill('kiyokawa.kodomo@example.jp');
	await page.getByLabel('氏名').fill('清川村 子ども家庭課 担当');
	await page.getByLabel('部局の管理者にする').check();
	await page.getByRole('button', { name: '招待メールを送る' }).click();
	await expect(page.getByRole('status')).toHaveText('招待メールを送りました。');
	await expect(page.getByText('kiyokawa.kodomo@example.jp').first()).toBeVisible();
	await expectNoSeriousViolations(page);

	// 東京都's administrator: not offered 清川村, and the department answers as if it did not exist.
	const tokyo = await (await browser.newContext()).newPage();
	await signIn(tokyo, ACCOUNTS.tokyo);
	await tokyo.goto('/department');
	await expect(
		tokyo.getByLabel('市町村', { exact: true }).locator('option', { hasText: '清川村' })
	).toHaveCount(0);
	expect((await tokyo.goto(url))?.status()).toBe(404);
});
