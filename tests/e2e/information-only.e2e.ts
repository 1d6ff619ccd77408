// A notice with no response items asks for receipt only (周知のみ): its progress page, tile map,
// drill-down and delivery page show receipt, never "全項目提出済み 100%".
import { expect, test } from '@playwright/test';
import { ACCOUNTS, expectNoSeriousViolations, signIn } from './helpers.ts';

const TITLE = '特別区における周知資料の送付について';

test('an information-only notice shows receipt only on its dashboards', async ({ browser }) => {
	test.setTimeout(120_000);
	// A page of its own context: the axe scan needs one.
	const issuer = await (await browser.newContext()).newPage();
	await signIn(issuer, 'mhlw.issuer@example.jp');

	await issuer.getByRole('link', { name: '通知を作成' }).click();
	await issuer.getByLabel('種別').selectOption({ label: '事務連絡' });
	await issuer.getByLabel('件名').fill(TITLE);
	await issuer.getByLabel('発出日').fill('令和8年11月28日');
	await issuer.getByLabel('回答期限').fill('2026-12-25');
	await issuer.getByRole('checkbox', { name: '特別区' }).check();
	await issuer.getByRole('checkbox', { name: '衛生主管部（局）' }).check();
	await issuer.getByLabel('宛名1', { exact: true }).fill('各特別区衛生主管部（局）　御中');
	await issuer.getByLabel(/^前文/).fill('標記について、下記のとおり周知します。');
	await issuer.getByLabel('記1 見出し').fill('資料の周知');
	await issuer.getByLabel('記1 本文').fill('管下医療機関への周知をお願いします。');
	await issuer.locator('input[name=contactOffice]').nth(0).fill('医政局総務課');
	await issuer.locator('input[name=contactNames]').nth(0).fill('担当A');
	await issuer.getByRole('button', { name: '下書きを保存' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	await issuer.getByRole('button', { name: '23 部局に公開して送信する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	const noticePath = new URL(
		await issuer.getByRole('link', { name: TITLE }).evaluate((a) => (a as HTMLAnchorElement).href)
	).pathname;
	// The delivery page's 回答提出 says there is nothing to submit.
	await expect(issuer.getByText('周知のみ', { exact: true })).toBeVisible();

	// Setagaya acknowledges.
	const context = await browser.newContext();
	const setagaya = await context.newPage();
	await signIn(setagaya, ACCOUNTS.setagaya);
	await setagaya.getByRole('link', { name: TITLE }).first().click();
	await setagaya.getByRole('button', { name: '受領を確認する' }).click();
	await expect(setagaya.getByText('受領確認済み')).toBeVisible();
	await context.close();

	// The progress page: receipt only.
	await issuer.goto(`${noticePath}/progress`);
	await expect(issuer.getByTestId('information-only')).toBeVisible();
	await expect(issuer.getByText('全項目提出済み')).toHaveCount(0);
	const totals = issuer.locator('dl.totals').first();
	await expect(totals.locator('dt')).toHaveText(['宛先部局', '受領確認']);
	await expect(totals.locator('dd').nth(1)).toContainText('1');
	// The tile map can only measure receipt.
	await expect(issuer.locator('select[name=measure] option')).toHaveText(['受領確認率']);
	await expectNoSeriousViolations(issuer);

	// The drill-down (東京都) too.
	await issuer.goto(`${noticePath}/progress/13`);
	await expect(issuer.getByTestId('information-only')).toBeVisible();
	await expect(issuer.getByText('提出済み')).toHaveCount(0);
});
