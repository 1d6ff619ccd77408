// The issuer's half, as a new user would do it: write a notice with two attachments to the
// health departments of the 23 special wards, preview, publish, see 23 mails in the outbox;
// Setagaya acknowledges; the issuer sees 1/23; a correction is mailed and shown in the history.
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, emlFiles, mailsAbout, signIn } from './helpers.ts';

const TITLE = '特別区における性暴力被害者支援の連携について';

/** A small valid PDF; `padding` bytes of comment make it as large as a real scanned form. */
function pdf(text: string, padding = 0) {
	return Buffer.from(
		`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\n% ${'x'.repeat(padding)}\ntrailer << /Root 1 0 R >>\n%%EOF\n`
	);
}

async function attach(page: Page, fileName: string, title: string, position: number, padding = 0) {
	await page.getByLabel(/^ファイル（PDF/).setInputFiles({
		name: fileName,
		mimeType: 'application/pdf',
		buffer: pdf(title, padding)
	});
	await page.getByLabel('表題', { exact: true }).last().fill(title);
	await page.getByRole('button', { name: '保存して添付する' }).click();
	await expect(page.getByRole('textbox', { name: `表題 ${position}` })).toHaveValue(title);
}

test('write, preview, publish to 23 wards, acknowledge, see 1/23, correct', async ({ browser }) => {
	test.setTimeout(90_000);
	const before = emlFiles();
	const issuer = await browser.newPage();
	const pageErrors: string[] = [];
	issuer.on('pageerror', (e) => pageErrors.push(e.message));
	await signIn(issuer, 'mhlw.issuer@example.jp');

	// Write the draft.
	await issuer.getByRole('link', { name: '通知を作成' }).click();
	await issuer.getByLabel('種別').selectOption({ label: '事務連絡' });
	await issuer.getByLabel('件名').fill(TITLE);
	await issuer.getByLabel('発出日').fill('令和8年11月28日');
	await expect(issuer.locator('#issuedOn-echo')).toHaveText('令和8年11月28日（2026年11月28日）');
	await issuer.getByLabel('回答期限').fill('2026-12-25');
	await issuer.getByRole('checkbox', { name: '特別区' }).check();
	await issuer.getByRole('checkbox', { name: '衛生主管部（局）' }).check();
	await issuer.getByLabel('宛名1', { exact: true }).fill('各特別区衛生主管部（局）　御中');
	await issuer.getByLabel(/^前文/).fill('標記について、下記のとおりご協力をお願いします。');
	await issuer.getByLabel('記1 見出し').fill('リーフレットの配布');
	await issuer
		.getByLabel('記1 本文')
		.fill('別添１のリーフレットを管下医療機関に配布してください。');
	// Two people of the same office to contact: the same office twice must render (and hydrate).
	await issuer.locator('input[name=contactOffice]').nth(0).fill('医政局総務課');
	await issuer.locator('input[name=contactNames]').nth(0).fill('担当A');
	await issuer.getByRole('button', { name: '下書きを保存' }).click();

	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	await issuer.locator('input[name=contactOffice]').nth(1).fill('医政局総務課');
	await issuer.locator('input[name=contactNames]').nth(1).fill('担当B');
	await expect(issuer.getByRole('heading', { name: '宛先：23 部局' })).toBeVisible();

	await attach(issuer, 'leaflet.pdf', '医療機関向けリーフレット', 1);
	// 3 MB: well over adapter-node's default 512 KB body limit, which start.ts raises.
	await attach(issuer, 'form.pdf', '回答様式', 2, 3_000_000);
	await expect(issuer.getByRole('textbox', { name: 'ラベル 1' })).toHaveValue('別添１');
	await expect(issuer.getByRole('textbox', { name: 'ラベル 2' })).toHaveValue('別添２');

	// Preview exactly as recipients will see it.
	await issuer.getByRole('button', { name: '保存してプレビュー' }).click();
	await expect(issuer.getByText('プレビュー：宛先にはこのように表示されます')).toBeVisible();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText(TITLE);
	const doc = issuer.getByRole('article');
	await expect(doc.getByRole('link', { name: 'ダウンロード 別添１' })).toBeVisible();
	await expect(doc.getByRole('link', { name: 'ダウンロード 別添２' })).toBeVisible();
	await expect(doc.getByText('回答様式')).toHaveCount(1);
	await expect(doc.getByText('担当B')).toBeVisible();
	expect(pageErrors).toEqual([]);
	await issuer.getByRole('link', { name: '編集に戻る' }).click();

	// Publish.
	await issuer.getByRole('button', { name: '23 部局に公開して送信する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	await expect(issuer.getByTestId('total-recipients')).toHaveText('23');
	const noticeUrl = new URL(
		await issuer.getByRole('link', { name: TITLE }).evaluate((a) => (a as HTMLAnchorElement).href)
	).pathname;

	// The outbox worker writes one .eml per recipient (no SMTP_URL in this run).
	await expect
		.poll(
			() =>
				mailsAbout(
					emlFiles().filter((f) => !before.includes(f)),
					TITLE
				),
			{
				timeout: 20_000
			}
		)
		.toBe(23);
	await expect
		.poll(
			async () => {
				await issuer.reload();
				return issuer.getByTestId('total-mailed').textContent();
			},
			{ timeout: 20_000 }
		)
		.toBe('23');

	// Setagaya sees it on top, opens it and acknowledges.
	const respondentContext = await browser.newContext();
	const setagaya = await respondentContext.newPage();
	await signIn(setagaya, ACCOUNTS.setagaya);
	const firstRow = setagaya.getByRole('row').nth(1);
	await expect(firstRow.getByRole('link')).toHaveText(TITLE);
	await expect(firstRow.getByText('未読')).toBeVisible();
	await firstRow.getByRole('link').click();
	await setagaya.getByRole('button', { name: '受領を確認する' }).click();
	await expect(setagaya.getByText('受領確認済み')).toBeVisible();

	// Back as the issuer: 1/23 acknowledged, Setagaya viewed.
	await issuer.reload();
	await expect(issuer.getByTestId('total-acknowledged')).toHaveText('1/23');
	await expect(
		issuer.getByRole('row').filter({ hasText: '世田谷区' }).getByText('受領確認済み')
	).toBeVisible();

	// Correct it: version 2 with a later deadline, mailed to all 23.
	const mailedBefore = emlFiles();
	await issuer.goto(noticeUrl);
	await issuer.getByRole('button', { name: '訂正する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('訂正（第2版）を作成');
	await issuer.getByLabel('回答期限').fill('令和9年1月8日');
	await issuer.getByLabel(/^宛先に通知される訂正の理由/).fill('回答期限を延長します。');
	await issuer.getByRole('button', { name: '訂正を公開して 23 部局に送信する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	await expect
		.poll(
			() =>
				mailsAbout(
					emlFiles().filter((f) => !mailedBefore.includes(f)),
					'訂正'
				),
			{
				timeout: 20_000
			}
		)
		.toBe(23);
	// Acknowledgments are per version: nobody has confirmed version 2 yet.
	await expect(issuer.getByTestId('total-acknowledged')).toHaveText('0/23');

	await issuer.goto(noticeUrl);
	await expect(issuer.getByText(/訂正/).first()).toBeVisible();
	const history = issuer.locator('#history');
	await expect(history.getByRole('heading', { name: /第2版/ })).toBeVisible();
	await expect(history.getByText('回答期限を延長します。')).toBeVisible();
	await expect(history.locator('ins').first()).toBeVisible();

	// The respondent reads version 2 and sees the correction.
	await setagaya.goto(noticeUrl);
	await expect(setagaya.getByText('第2版').first()).toBeVisible();
	await expect(setagaya.getByRole('button', { name: '受領を確認する' })).toBeVisible();
	await respondentContext.close();
});
