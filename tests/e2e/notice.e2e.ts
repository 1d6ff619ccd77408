import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
	ACCOUNTS,
	SEED_TITLE,
	expectNoSeriousViolations,
	seedNoticeId,
	seedRow,
	signIn
} from './helpers.ts';

const FULL_WIDTH_DIGITS = ['１', '２', '３', '４'];

test('a respondent reads the seed notice, downloads 別添１ and it is no longer unread', async ({
	page
}, testInfo) => {
	await signIn(page, ACCOUNTS.tokyo);
	const id = await seedNoticeId(page);
	await expect(seedRow(page).getByText('未読', { exact: true })).toBeVisible();

	await page.getByRole('link', { name: SEED_TITLE }).click();
	await expect(page).toHaveURL(`/notices/${id}`);

	// Laid out as the official document: type and date, 御中, issuers, title, 記, 資料, 照会先.
	const doc = page.getByRole('article');
	const top = doc.locator('header');
	await expect(top.getByText('事務連絡', { exact: true })).toBeVisible();
	await expect(top.locator('time[datetime="2024-10-08"]')).toHaveText(
		'令和6年10月8日（2024年10月8日）'
	);
	await expect(top.getByText(/御中$/)).toHaveText([
		'各都道府県・保健所設置市・特別区衛生主管部（局）　御中',
		'各都道府県性犯罪・性暴力被害者のためのワンストップ支援センター所管部（局）　御中'
	]);
	await expect(top.getByText('厚生労働省医政局総務課', { exact: true })).toBeVisible();
	await expect(
		top.getByText('内閣府男女共同参画局男女間暴力対策課', { exact: true })
	).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
	await expect(doc.getByRole('heading', { level: 2, name: '記', exact: true })).toBeVisible();
	// 記 numbers as the original prints them: full-width digits and period.
	await expect(doc.getByRole('heading', { level: 3 })).toHaveText([
		/^１．センターにかかるリーフレット/,
		/^２．センターの開設等に協力可能な医療機関/,
		/^３．衛生主管部局とセンター所管部局との連携/,
		/^４．「性犯罪・性暴力被害者支援のための交付金」/
	]);

	const attachments = doc.getByRole('region', { name: '【資料】' });
	await expect(attachments.getByRole('listitem')).toHaveCount(4);
	for (const [i, digit] of FULL_WIDTH_DIGITS.entries()) {
		const label = `別添${digit}`;
		const item = attachments.getByRole('listitem').nth(i);
		await expect(item).toContainText(label);
		const link = item.getByRole('link', { name: `ダウンロード ${label}` });
		await expect(link).toHaveJSProperty(
			'href',
			new URL(`/notices/${id}/attachments/${i + 1}`, page.url()).href
		);
		await expect(link).toHaveAttribute('download', new RegExp(`^${label}_.+\\.pdf$`));
	}
	const contacts = doc.getByRole('region', { name: '＜照会先＞' });
	await expect(contacts).toContainText('厚生労働省医政局総務課');
	await expect(contacts).toContainText('03-5253-1111（代表）');

	const screenshot = path.join(testInfo.project.outputDir, 'notice.png');
	await page.screenshot({ path: screenshot, fullPage: true });
	await testInfo.attach('notice', { path: screenshot, contentType: 'image/png' });

	const downloading = page.waitForEvent('download');
	await attachments.getByRole('link', { name: 'ダウンロード 別添１' }).click();
	const download = await downloading;
	const name = download.suggestedFilename();
	expect(name.startsWith('別添１'), name).toBe(true);
	expect(name.endsWith('.pdf'), name).toBe(true);
	const file = testInfo.outputPath('別添1.pdf');
	await download.saveAs(file);
	const bytes = await fs.readFile(file);
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(bytes.byteLength).toBeGreaterThan(100 * 1024);

	await page.getByRole('navigation').getByRole('link', { name: '通知一覧' }).click();
	await expect(page).toHaveURL('/notices');
	await expect(seedRow(page).getByText('受領未確認', { exact: true })).toBeVisible();
	await expect(seedRow(page).getByText('未読', { exact: true })).toHaveCount(0);
});

// Here rather than in mobile.e2e.ts: opening the notice marks it read for tokyo's department,
// which the test above must find unread first.
test('the respondent’s notice page fits a 390 px phone', async ({ page }) => {
	const errors: string[] = [];
	page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, ACCOUNTS.tokyo);
	const id = await seedNoticeId(page);
	await page.goto(`/notices/${id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expectNoSeriousViolations(page);
	expect(errors).toEqual([]);
});

test('the English switch changes the interface and stays across pages', async ({
	page,
	context
}) => {
	await signIn(page, ACCOUNTS.hokkaido);
	// Located by its visible text (see the report: its accessible name is 「言語」).
	const languageButton = page.locator('header').getByRole('button').filter({ hasText: 'English' });
	await expect(languageButton).toHaveText('English');

	await languageButton.click();
	await expect(page).toHaveURL('/notices');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notices');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(
		page.locator('header').getByRole('button').filter({ hasText: '日本語' })
	).toBeVisible();
	await expect(seedRow(page).getByText('Unread', { exact: true })).toBeVisible();
	expect((await context.cookies()).find((c) => c.name === 'kairan_locale')?.value).toBe('en');

	// Following a link: the notice text stays Japanese, the interface around it English.
	await page.getByRole('link', { name: SEED_TITLE }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
	await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Download 別添１' })).toBeVisible();

	// A new tab in the same browser.
	const other = await context.newPage();
	await other.goto('/notices');
	await expect(other.getByRole('heading', { level: 1 })).toHaveText('Notices');
	await other.close();

	// And back.
	await page.locator('header').getByRole('button').filter({ hasText: '日本語' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
	await expect(page.getByRole('button', { name: 'サインアウト' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
});

test('/healthz reports the database', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/json');
	const body = await response.json();
	expect(body).toMatchObject({ status: 'ok', database: { status: 'ok', provider: 'sqlite' } });
	expect(typeof body.database.latencyMs).toBe('number');
});
