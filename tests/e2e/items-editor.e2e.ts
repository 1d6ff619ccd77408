// The item editor as a new issuer uses it: three items of nine field types (a table, a field
// shown only for one choice), one item limited to prefectures, previewed as a respondent, the
// definition downloaded as items.json and uploaded into another draft; a refused file is listed
// with its problems and changes nothing. Axe scans the editor.
import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations, signIn } from './helpers.ts';

async function newDraft(page: Page, title: string): Promise<string> {
	await page.goto('/notices/new');
	await page.getByLabel('件名').fill(title);
	await page.getByLabel('宛名1', { exact: true }).fill('各都道府県衛生主管部（局）　御中');
	await page.getByLabel('記1 見出し').fill('状況の報告');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	const id = /\/notices\/([^/]+)\/edit/.exec(page.url())?.[1];
	expect(id).toBeTruthy();
	return id!;
}

const item = (page: Page, i: number) => page.getByTestId(`item-${i}`);
const field = (page: Page, at: string) => page.getByTestId(`field-${at}`);

/** Sets a field's type, label and (optionally) key; waits for the type's settings to show. */
async function describeField(page: Page, at: string, type: string, label: string, key?: string) {
	const f = field(page, at);
	await f.getByLabel('種類').first().selectOption({ label: type });
	await f.getByLabel('名前').first().fill(label);
	if (key) await f.getByLabel('項目キー').first().fill(key);
}

test('an issuer defines three items, previews them, downloads and re-uses the definition', async ({
	page
}) => {
	test.setTimeout(120_000);
	await signIn(page, 'mhlw.issuer@example.jp');
	const id = await newDraft(page, '回答項目エディタの確認');
	await page.getByRole('link', { name: '回答項目を編集' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('回答項目の編集');
	await expect(page.getByText('周知のみ')).toBeVisible();

	// 1: a choice and, only when 実施済み, a count and a date.
	await page.getByRole('button', { name: '空の項目' }).click();
	await expect(item(page, 0)).toBeVisible();
	await item(page, 0).getByLabel('題名').fill('リーフレットの配布状況');
	await describeField(page, 'items.0.fields.0', '選択（1つ）', '配布の状況', 'status');
	await field(page, 'items.0.fields.0').getByLabel('選択肢').fill('done=実施済み\nplanned=予定');
	await field(page, 'items.0.fields.0').getByLabel('必須').check();
	await item(page, 0).getByRole('button', { name: '入力欄を追加' }).click();
	await expect(field(page, 'items.0.fields.1')).toBeVisible();
	await describeField(page, 'items.0.fields.1', '整数（単位つき）', '配布数');
	await field(page, 'items.0.fields.1').getByLabel('単位').fill('部');
	await field(page, 'items.0.fields.1').getByLabel('最小値').fill('0');
	await field(page, 'items.0.fields.1')
		.getByLabel('表示する条件')
		.selectOption({ label: '配布の状況' });
	await field(page, 'items.0.fields.1').getByLabel('の値が').fill('done');
	await item(page, 0).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(page, 'items.0.fields.2', '日付', '配布日');

	// 2: a table of institutions, for prefectures only.
	await page.getByRole('button', { name: '空の項目' }).click();
	await item(page, 1).getByLabel('題名').fill('協力医療機関');
	await item(page, 1).getByLabel('都道府県', { exact: true }).check();
	await describeField(page, 'items.1.fields.0', '表（行の繰り返し）', '医療機関');
	await field(page, 'items.1.fields.0').getByLabel('最多行数').fill('50');
	await field(page, 'items.1.fields.0').getByRole('button', { name: '列を追加' }).click();
	await describeField(page, 'items.1.fields.0.columns.0', '短い文', '名称');
	await field(page, 'items.1.fields.0').getByRole('button', { name: '列を追加' }).click();
	await describeField(page, 'items.1.fields.0.columns.1', 'コード（検査つき）', '医療機関コード');
	await field(page, 'items.1.fields.0').getByRole('button', { name: '列を追加' }).click();
	await describeField(page, 'items.1.fields.0.columns.2', 'はい・いいえ', '24時間対応');

	// 3: free text, an amount and a percentage, with its own deadline in 和暦.
	await page.getByRole('button', { name: '空の項目' }).click();
	await item(page, 2).getByLabel('題名').fill('連携の記録');
	await item(page, 2).getByLabel('この項目の期限').fill('令和9年1月15日');
	await describeField(page, 'items.2.fields.0', '長い文', '記録');
	await item(page, 2).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(page, 'items.2.fields.1', '金額（円）', '経費');
	await item(page, 2).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(page, 'items.2.fields.2', '割合（%）', '達成率');

	await page.getByRole('button', { name: '保存' }).first().click();
	await expect(page.getByText('回答項目を保存しました。')).toBeVisible();
	await expect(item(page, 2).getByLabel('この項目の期限')).toHaveValue('令和9年1月15日');
	await expect(field(page, 'items.0.fields.1').getByLabel('項目キー')).toHaveValue('field1');
	await expectNoSeriousViolations(page);

	// A problem is shown beside its field, and nothing is saved.
	await field(page, 'items.0.fields.0').getByLabel('選択肢').fill('');
	await page.getByRole('button', { name: '保存' }).first().click();
	await expect(field(page, 'items.0.fields.0').locator('.error')).toBeVisible();
	await page.reload();
	await expect(field(page, 'items.0.fields.0').getByLabel('選択肢')).toHaveValue(
		'done=実施済み\nplanned=予定'
	);

	// The preview shows what each addressee must answer.
	await page.goto(`/notices/${id}/preview`);
	const preview = page.getByRole('region', { name: '回答を求める項目' });
	await expect(preview.getByRole('heading', { name: /リーフレットの配布状況/ })).toBeVisible();
	await expect(page.getByTestId('preview-item-2')).toContainText('都道府県');
	await expect(page.getByTestId('preview-item-2')).toContainText('医療機関コード');
	await expect(page.getByTestId('preview-item-3')).toContainText('令和9年1月15日');

	// items.json, then into another draft.
	const response = await page.request.get(`/notices/${id}/items.json`);
	expect(response.status()).toBe(200);
	const file = await response.text();
	const parsed = JSON.parse(file);
	expect(parsed.format).toBe('kairan.items/1');
	expect(parsed.items.map((i: { title: string }) => i.title)).toEqual([
		'リーフレットの配布状況',
		'協力医療機関',
		'連携の記録'
	]);
	const types = new Set(
		parsed.items.flatMap((i: { fields: { type: string }[] }) => i.fields.map((f) => f.type))
	);
	expect(types.size).toBeGreaterThanOrEqual(6);
	expect(parsed.items[1].appliesTo.bodyKinds).toEqual(['prefecture']);

	const other = await newDraft(page, '定義を取り込む下書き');
	await page.goto(`/notices/${other}/items`);
	const broken = JSON.stringify({ ...parsed, items: [{ ...parsed.items[0], fields: [] }] });
	await page.getByLabel(/回答項目の定義ファイル/).setInputFiles({
		name: 'broken.json',
		mimeType: 'application/json',
		buffer: Buffer.from(broken)
	});
	await page.getByRole('button', { name: '取り込む' }).click();
	await expect(page.locator('#upload-problems')).toContainText('items.0.fields');
	await expect(page.getByText('周知のみ')).toBeVisible();

	await page.getByLabel(/回答項目の定義ファイル/).setInputFiles({
		name: 'items.json',
		mimeType: 'application/json',
		buffer: Buffer.from(file)
	});
	await page.getByRole('button', { name: '取り込む' }).click();
	await expect(page.getByText('回答項目を取り込みました。')).toBeVisible();
	await expect(item(page, 1).getByLabel('題名')).toHaveValue('協力医療機関');
	expect(await (await page.request.get(`/notices/${other}/items.json`)).text()).toBe(file);
});

test('without JavaScript, items are added from a template, edited and saved', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'mhlw.issuer@example.jp');
	const id = await newDraft(page, 'スクリプトなしの回答項目');
	await expect(page.getByText('回答項目なし（周知のみ）')).toBeVisible();
	await page.goto(`/notices/${id}/items`);
	await page
		.getByRole('button', { name: /^様式：/ })
		.first()
		.click();
	await expect(item(page, 0)).toBeVisible();
	await page.getByRole('button', { name: '空の項目' }).click();
	await item(page, 1).getByLabel('題名').fill('はい・いいえの確認');
	await field(page, 'items.1.fields.0').getByLabel('種類').selectOption({ label: 'はい・いいえ' });
	await field(page, 'items.1.fields.0').getByLabel('名前').fill('実施した');
	await page.getByRole('button', { name: '保存' }).first().click();
	await expect(page.getByText('回答項目を保存しました。')).toBeVisible();
	const file = JSON.parse(await (await page.request.get(`/notices/${id}/items.json`)).text());
	expect(file.items).toHaveLength(2);
	expect(file.items[1].fields[0]).toMatchObject({ type: 'yes_no', label: '実施した' });
	await page.goto(`/notices/${id}/edit`);
	await expect(page.getByText('回答項目：2 件')).toBeVisible();
	await context.close();
});
