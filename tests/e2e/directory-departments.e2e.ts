// The directory's departments half, as a new admin would do it (issue 12): import a CSV that a
// spreadsheet saved in CP932 (CRLF, no BOM) of ten 児童福祉主管部（局）, see the bad row in the
// dry run, fix it and import; an issuer then addresses a notice to that function and sees
// exactly those ten. Every new page passes the axe scan; the export is the admin's alone.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ACCOUNTS, expectNoSeriousViolations, signIn } from './helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/directory');
const csv = (name: string) => ({
	name: 'departments.csv',
	mimeType: 'text/csv',
	buffer: fs.readFileSync(path.join(FIXTURES, name))
});
const BODIES = [
	'室蘭市',
	'新得町',
	'美郷町',
	'益子町',
	'大多喜町',
	'北杜市',
	'裾野市',
	'和泉市',
	'雲南市',
	'芸西村'
];

test('an admin imports ten child-welfare departments from CP932; an issuer addresses exactly them', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin@example.jp');
	await admin.getByRole('link', { name: '部署の名簿' }).click();
	await expect(admin.getByRole('heading', { level: 1, name: '部署の名簿' })).toBeVisible();
	await expectNoSeriousViolations(admin);

	// The catalogue lists the function the CSV names.
	await admin.getByRole('link', { name: '主管部局の種類' }).first().click();
	await expect(admin.getByRole('textbox', { name: 'child_welfare 日本語の名称' })).toHaveValue(
		'児童福祉主管部（局）'
	);
	await expectNoSeriousViolations(admin);

	// Dry run of the file with a bad row: the problem by line, nothing to apply.
	await admin.goto('/admin/departments/import');
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('部署をCSVから取り込む');
	await expectNoSeriousViolations(admin);
	await admin.getByLabel('CSVファイル').setInputFiles(csv('child-welfare-bad.cp932.csv'));
	await admin.getByRole('button', { name: '確認する（まだ書き込みません）' }).click();
	await expect(
		admin.getByText('10 行（Shift_JIS）：追加 9、変更 0、廃止 0、変更なし 0')
	).toBeVisible();
	await expect(
		admin.getByRole('listitem').filter({ hasText: /^5行：メールアドレス/ })
	).toBeVisible();
	await expect(admin.getByRole('button', { name: 'この内容で取り込む' })).toHaveCount(0);
	await expectNoSeriousViolations(admin);

	// The fixed file: ten to add, then imported.
	await admin.getByLabel('CSVファイル').setInputFiles(csv('child-welfare.cp932.csv'));
	await admin.getByRole('button', { name: '確認する（まだ書き込みません）' }).click();
	await expect(
		admin.getByText('10 行（Shift_JIS）：追加 10、変更 0、廃止 0、変更なし 0')
	).toBeVisible();
	await expect(
		admin.getByRole('cell', { name: /児童福祉係|kodomo\.016357@example\.jp/ })
	).toHaveCount(1);
	await admin.getByRole('button', { name: 'この内容で取り込む' }).click();
	await expect(admin.getByRole('status').filter({ hasText: '取り込みました' })).toHaveText(
		'取り込みました：追加 10、変更 0、廃止 0'
	);

	// The list, filtered by the function in the URL, shows exactly them; one opens.
	await admin.goto('/admin/departments?function=child_welfare');
	await expect(admin.getByRole('status')).toHaveText('10 件中 1〜10 件');
	await expect(admin.locator('tbody tr')).toHaveCount(10);
	await admin.getByRole('link', { name: 'こども家庭課' }).first().click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('室蘭市 こども家庭課');
	await expect(admin.getByLabel('電話番号')).toHaveValue('０１２３－４５－６７８９（内線1）');
	await expectNoSeriousViolations(admin);

	// The export: the admin's, in the import's format.
	const exported = await admin.request.get('/admin/departments.csv');
	expect(exported.status()).toBe(200);
	const text = await exported.text();
	expect(text).toContain(',012050,室蘭市,こども家庭課,child_welfare,kodomo.012050@example.jp,');
	await admin.close();

	// An issuer addresses a notice to the function in 市・町・村: exactly the ten.
	const issuer = await (await browser.newContext()).newPage();
	await signIn(issuer, 'mhlw.issuer@example.jp');
	await issuer.getByRole('link', { name: '通知を作成' }).click();
	await issuer.getByLabel('件名').fill('児童福祉主管部局への周知について');
	await issuer.getByLabel('発出日').fill('令和8年12月2日');
	for (const kind of ['市（保健所設置市を除く）', '町', '村'])
		await issuer.getByRole('checkbox', { name: kind, exact: true }).check();
	await issuer.getByRole('checkbox', { name: '児童福祉主管部（局）' }).check();
	await issuer.getByLabel('宛名1', { exact: true }).fill('各市町村児童福祉主管部（局）　御中');
	await issuer.getByLabel(/^前文/).fill('標記について周知します。');
	await issuer.getByLabel('記1 見出し').fill('周知');
	await issuer.getByLabel('記1 本文').fill('管内に周知してください。');
	await issuer.getByRole('button', { name: '下書きを保存' }).click();
	await expect(issuer.getByRole('heading', { name: '宛先：10 部局' })).toBeVisible();
	await issuer.locator('#resolved-heading ~ details summary').click();
	const names = await issuer.locator('#resolved-heading ~ details li').allTextContents();
	expect(names).toEqual(BODIES.map((b) => `${b} こども家庭課`));
	await issuer.close();
});

test('nobody but an admin gets the departments export: 404', async ({ page, request }) => {
	expect((await request.get('/admin/departments.csv', { maxRedirects: 0 })).status()).toBe(404);
	await signIn(page, ACCOUNTS.viewer);
	await expect(page.getByRole('link', { name: '部署の名簿' })).toHaveCount(0);
	expect((await page.request.get('/admin/departments.csv')).status()).toBe(404);
});
