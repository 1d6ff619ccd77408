// Forwarding (issue 13) as people do it: an issuer asks the prefectures to forward a notice;
// 東京都's health department forwards it to 世田谷区 (a special ward the notice did not address)
// with its own cover note; 世田谷区 reads who forwarded it and acknowledges. The forward screen
// passes axe and fits a phone.
import { expect, test } from '@playwright/test';
import { expectNoSeriousViolations, signIn } from './helpers.ts';

const TITLE = '管内市町村への周知の依頼（転送の試験）';

test('ask prefectures to forward, forward to a ward with a cover note, the ward acknowledges', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const issuer = await (await browser.newContext()).newPage();
	await signIn(issuer, 'mhlw.issuer@example.jp');
	await issuer.getByRole('link', { name: '通知を作成' }).click();
	await issuer.getByLabel('種別').selectOption({ label: '事務連絡' });
	await issuer.getByLabel('件名').fill(TITLE);
	await issuer.getByRole('checkbox', { name: '都道府県', exact: true }).check();
	await issuer.getByRole('checkbox', { name: '衛生主管部（局）' }).check();
	await issuer
		.getByRole('checkbox', { name: '都道府県から管内市町村への周知（転送）を依頼する' })
		.check();
	await issuer.getByLabel('宛名1', { exact: true }).fill('各都道府県衛生主管部（局）　御中');
	await issuer.getByLabel(/^前文/).fill('貴管内市町村への周知をお願いします。');
	await issuer.getByRole('button', { name: '下書きを保存' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	await expect(
		issuer.getByRole('checkbox', { name: '都道府県から管内市町村への周知（転送）を依頼する' })
	).toBeChecked();
	// Typed again on the draft's own page: on a loaded machine a field filled before the new
	// page hydrated can be lost (publishing saves what the form holds first).
	await issuer.getByLabel(/^前文/).fill('貴管内市町村への周知をお願いします。');
	await expect(issuer.getByLabel(/^前文/)).toHaveValue('貴管内市町村への周知をお願いします。');
	await issuer.getByRole('button', { name: /部局に公開して送信する/ }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	const noticeId = new URL(issuer.url()).pathname.split('/')[2];
	await issuer.close();

	const tokyo = await (await browser.newContext()).newPage();
	await signIn(tokyo, 'tokyo.health@example.jp');
	await tokyo.goto(`/notices/${noticeId}`);
	await tokyo.getByRole('link', { name: '管内市町村へ転送' }).click();
	await expect(tokyo.getByRole('heading', { level: 1 })).toHaveText('管内市町村への転送');
	// The demo gives every 市・町・村 that runs no 保健所 a health department: 武蔵野市 may be
	// forwarded to; 世田谷区 may too, since this notice addressed prefectures only.
	await expect(tokyo.getByRole('checkbox', { name: /^武蔵野市/ })).toBeVisible();
	await expectNoSeriousViolations(tokyo);
	await tokyo.setViewportSize({ width: 390, height: 844 });
	expect(await tokyo.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await tokyo.setViewportSize({ width: 1280, height: 800 });

	await tokyo.getByRole('checkbox', { name: /世田谷区/ }).check();
	await tokyo.getByLabel('文書番号').fill('東京都健第99号');
	await tokyo.getByLabel('日付').fill('令和8年12月3日');
	await expect(tokyo.locator('#issuedOn-echo')).toHaveText('令和8年12月3日');
	await tokyo
		.getByLabel('本文')
		.fill('標記について、別添のとおり通知がありましたのでお知らせします。');
	await tokyo.getByLabel('添付資料（任意）').setInputFiles({
		name: 'cover.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from('東京都からの送付文\n')
	});
	await tokyo.getByRole('button', { name: '確認へ進む' }).click();
	await expect(tokyo.getByText('1 団体へ転送します。')).toBeVisible();
	await expectNoSeriousViolations(tokyo);
	await tokyo.getByRole('button', { name: '転送する' }).click();
	await expect(tokyo.getByText('1 団体へ転送しました。')).toBeVisible();
	await expect(tokyo.getByText(/1 団体/).first()).toBeVisible();
	await tokyo.close();

	const ward = await (await browser.newContext()).newPage();
	await signIn(ward, 'setagaya.health@example.jp');
	await ward.goto(`/notices/${noticeId}`);
	await expect(ward.getByRole('heading', { name: '転送元' })).toBeVisible();
	await expect(ward.getByText('東京都健第99号')).toBeVisible();
	await expect(ward.getByText('令和8年12月3日').first()).toBeVisible();
	const download = ward.waitForEvent('download');
	// No title was given: the file's name stands for it.
	await ward.getByRole('link', { name: 'cover', exact: true }).click();
	expect((await download).suggestedFilename()).toContain('cover');
	await expectNoSeriousViolations(ward);
	await ward.getByRole('button', { name: '受領を確認する' }).click();
	await expect(ward.getByText('受領確認済み').first()).toBeVisible();
	await ward.close();
});
