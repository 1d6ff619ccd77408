// The issuer's delivery page as it is used: the per-recipient table with its totals, the
// reminder counts, and taking back an acknowledgment — clicked in Chromium, scanned by axe.
import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations, seedNoticeId, signIn } from './helpers.ts';

test('the issuer reads delivery and receipt, sees who a reminder would reach, and revokes one acknowledgment', async ({
	page
}) => {
	await signIn(page, 'mhlw.issuer@example.jp');
	const id = await seedNoticeId(page);
	await page.goto(`/notices/${id}/recipients`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	await expect(page.getByTestId('total-recipients')).toHaveText('204');
	await expectNoSeriousViolations(page);

	// The reminder section names its audience per item, in the page's language.
	const remind = page.locator('section', { has: page.getByRole('heading', { name: /^督促/ }) });
	await expect(remind.getByText(/^いずれかの項目：\d+ 部局$/)).toBeVisible();
	await expect(remind.getByRole('button', { name: /^この \d+ 部局に督促する$/ })).toHaveCount(5);

	// Take one acknowledgment back: the total goes down by one, the row shows none.
	const before = Number(
		(await page.getByTestId('total-acknowledged').textContent())!.split('/')[0]
	);
	const revoke = page.getByRole('button', { name: /^受領確認を取り消す/ }).first();
	const name = (await revoke.textContent())!.replace('受領確認を取り消す', '').trim();
	await revoke.click();
	await expect(page.getByTestId('total-acknowledged')).toHaveText(`${before - 1}/204`);
	await expect(page.getByRole('button', { name: `受領確認を取り消す ${name}` })).toHaveCount(0);
});
