// The registry and the grant settings as their users reach them: the viewer filters the
// medical-institution registry and downloads what it shows; an admin reads the grant lines and
// a bad rate is refused with a message, the saved rate unchanged. Both pages pass an axe scan.
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { ACCOUNTS, expectNoSeriousViolations, signIn } from './helpers.ts';

test('the viewer filters the registry by prefecture and downloads the same rows', async ({
	page
}) => {
	await signIn(page, ACCOUNTS.viewer);
	await page.getByRole('link', { name: '医療機関名簿' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('協力医療機関の名簿');
	const rows = page.locator('table tbody tr');
	// The demo registry is fed by the demo departments' submitted 記2 answers.
	expect(await rows.count()).toBeGreaterThan(0);
	await expectNoSeriousViolations(page);

	await page.getByLabel('都道府県').selectOption({ label: '神奈川県' });
	await page.getByRole('button', { name: '検索' }).click();
	await expect(page).toHaveURL(/prefecture=14/);
	const count = await rows.count();
	for (let i = 0; i < count; i++) await expect(rows.nth(i).locator('td').first()).toHaveText('14');
	await expect(page.getByText(`${count} 機関`)).toBeVisible();

	const href = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
	const csv = await page.request.get(new URL(href!, page.url()).toString());
	expect(csv.status()).toBe(200);
	const [, ...body] = parse((await csv.text()).replace(/^\uFEFF/, '')) as string[][];
	expect(body).toHaveLength(count);
	expect(body.every((r) => r[0] === '14')).toBe(true);
});

test('an admin reads the grant lines; an impossible rate is refused and the saved one kept', async ({
	page
}) => {
	await signIn(page, 'admin@example.jp');
	await page.getByRole('link', { name: '交付金の設定' }).click();
	await expect(page.getByRole('heading', { level: 2, name: /令和6年度/ })).toBeVisible();
	const numerator = page.getByLabel(/令和6年度 .*運営.* 補助率の分子/);
	const denominator = page.getByLabel(/令和6年度 .*運営.* 補助率の分母/);
	await expect(numerator).toHaveValue('1');
	await expect(denominator).toHaveValue('2');
	await expectNoSeriousViolations(page);

	await numerator.fill('3');
	await page
		.getByRole('row')
		.filter({ has: numerator })
		.getByRole('button', { name: '保存' })
		.click();
	await expect(page.getByRole('alert')).toHaveText('補助率は1以下（分子 ≤ 分母）にしてください。');
	await expect(page.getByLabel(/令和6年度 .*運営.* 補助率の分子/)).toHaveValue('1');
	await page.reload();
	await expect(page.getByLabel(/令和6年度 .*運営.* 補助率の分子/)).toHaveValue('1');
});
