import { expect, test } from '@playwright/test';
import { ACCOUNTS, SEED_TITLE, signIn } from './helpers.ts';

test('the viewer sees the seed notice on the national overview, by item and by prefecture', async ({
	page
}) => {
	await signIn(page, ACCOUNTS.viewer);
	await page.getByRole('link', { name: '全国の進捗' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('全国の進捗');
	const section = page.locator('section', { has: page.getByRole('link', { name: SEED_TITLE }) });
	await expect(section.locator('dl dd').first()).toHaveText('204');
	const byItem = section.getByRole('table', { name: '回答項目ごとの提出状況' });
	await expect(byItem.getByRole('row')).toHaveCount(5);
	await section.getByText('都道府県ごとの受領確認').click();
	const kanagawa = section.getByRole('row').filter({ hasText: '神奈川県' });
	await expect(kanagawa.getByRole('cell').first()).toHaveText('8');
});

test('a respondent has no national overview', async ({ page }) => {
	await signIn(page, ACCOUNTS.hokkaido);
	await expect(page.getByRole('link', { name: '全国の進捗' })).toHaveCount(0);
	const response = await page.goto('/overview');
	expect(response?.status()).toBe(403);
});
