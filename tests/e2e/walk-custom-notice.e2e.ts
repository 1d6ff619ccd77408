// Issue 9's done-when walk, as a new user would do it with nothing but the browser, in one test:
// mhlw.issuer writes a notice whose three items use eight field types (a table, a field shown
// only for one choice), limits one item to prefectures, previews it as a respondent and
// publishes it to the 204 departments; 世田谷区 answers in the browser; 東京都 downloads the
// 回答様式, fills it with openpyxl and uploads it in the browser; a correction adds a choice
// (answers stay submitted); the viewer's dashboards and the national CSV/XLSX show both answers,
// the prefecture-only item counted for prefectures only; a notice with no items shows receipt
// only. Axe scans the item editor and the respond page.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ACCOUNTS, expectNoSeriousViolations, signIn } from './helpers.ts';

const run = promisify(execFile);
const FILL = path.resolve(import.meta.dirname, '../fixtures/openpyxl-fill.py');
const TITLE = '性暴力被害者支援研修の実施状況等について（照会）';
const INFO_TITLE = '支援センター研修資料の送付について（周知）';
const ISSUER = 'mhlw.issuer@example.jp';

const item = (page: Page, i: number) => page.getByTestId(`item-${i}`);
const field = (page: Page, at: string) => page.getByTestId(`field-${at}`);

/** Sets a field's type, label and (optionally) key in the item editor. */
async function describeField(page: Page, at: string, type: string, label: string, key?: string) {
	const f = field(page, at);
	await f.getByLabel('種類').first().selectOption({ label: type });
	await f.getByLabel('名前').first().fill(label);
	if (key) await f.getByLabel('項目キー').first().fill(key);
}

/** The notice form's header fields, addressed to every body kind's departments of `functions`. */
async function writeNotice(
	page: Page,
	title: string,
	bodyKinds: string[],
	functions: (string | RegExp)[]
) {
	await page.goto('/notices');
	await page.getByRole('link', { name: '通知を作成' }).click();
	await page.getByLabel('種別').selectOption({ label: '事務連絡' });
	await page.getByLabel('件名').fill(title);
	await page.getByLabel('発出日').fill('令和8年12月1日');
	await page.getByLabel('回答期限').fill('2026-12-25');
	for (const kind of bodyKinds)
		await page.getByRole('checkbox', { name: kind, exact: true }).check();
	for (const f of functions) await page.getByRole('checkbox', { name: f }).check();
	await page.getByLabel('宛名1', { exact: true }).fill('各都道府県・保健所設置市・特別区　御中');
	await page.getByLabel(/^前文/).fill('標記について、下記のとおり回答をお願いします。');
	await page.getByLabel('記1 見出し').fill('研修の実施状況');
	await page.getByLabel('記1 本文').fill('研修の実施状況を回答してください。');
	await page.locator('input[name=contactOffice]').nth(0).fill('医政局総務課');
	await page.locator('input[name=contactNames]').nth(0).fill('担当A');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('下書きを編集');
	const id = /\/notices\/([^/]+)\/edit/.exec(page.url())?.[1];
	expect(id).toBeTruthy();
	return id!;
}

/** A respondent's page in a context of its own, signed in. */
async function respondent(browser: Browser, email: string) {
	const context = await browser.newContext({ acceptDownloads: true });
	const page = await context.newPage();
	await signIn(page, email);
	return { page, close: () => context.close() };
}

const section = (page: Page, n: number) =>
	page.locator('section', { has: page.getByRole('heading', { name: new RegExp(`^記${n}`) }) });

/** The row of sheet whose column A begins with `caption` (a label row or a table's header). */
function rowOf(sheet: ExcelJS.Worksheet, caption: string): number {
	for (let r = 1; r <= sheet.rowCount; r++)
		if (String(sheet.getCell(r, 1).value ?? '').startsWith(caption)) return r;
	throw new Error(`no row ${caption} in ${sheet.name}`);
}

test('a notice of its own: written, previewed, published, answered twice, corrected, counted', async ({
	browser
}) => {
	test.setTimeout(420_000);
	const issuer = await (await browser.newContext()).newPage();
	await signIn(issuer, ISSUER);
	const PREFECTURE_FUNCTIONS = ['衛生主管部（局）', /ワンストップ支援センター所管部/];
	const id = await writeNotice(
		issuer,
		TITLE,
		['都道府県', '政令指定都市', '中核市', 'その他の保健所設置市', '特別区'],
		PREFECTURE_FUNCTIONS
	);

	// ── The items, written in the editor.
	await issuer.getByRole('link', { name: '回答項目を編集' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('回答項目の編集');

	// 記1: a choice; the number of participants asked only when 実施済み; a date.
	await issuer.getByRole('button', { name: '空の項目' }).click();
	await item(issuer, 0).getByLabel('題名').fill('研修の実施状況');
	await describeField(issuer, 'items.0.fields.0', '選択（1つ）', '実施状況', 'status');
	await field(issuer, 'items.0.fields.0').getByLabel('選択肢').fill('done=実施済み\nplanned=予定');
	await field(issuer, 'items.0.fields.0').getByLabel('必須').check();
	await item(issuer, 0).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(issuer, 'items.0.fields.1', '整数（単位つき）', '参加者数', 'participants');
	await field(issuer, 'items.0.fields.1').getByLabel('単位').fill('人');
	await field(issuer, 'items.0.fields.1').getByLabel('最小値').fill('0');
	await field(issuer, 'items.0.fields.1')
		.getByLabel('表示する条件')
		.selectOption({ label: '実施状況' });
	await field(issuer, 'items.0.fields.1').getByLabel('の値が').fill('done');
	await item(issuer, 0).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(issuer, 'items.0.fields.2', '日付', '実施日', 'heldOn');

	// 記2: a table of institutions, for prefectures only.
	await issuer.getByRole('button', { name: '空の項目' }).click();
	await item(issuer, 1).getByLabel('題名').fill('研修に協力した医療機関');
	await item(issuer, 1).getByLabel('都道府県', { exact: true }).check();
	await describeField(issuer, 'items.1.fields.0', '表（行の繰り返し）', '医療機関', 'hospitals');
	await field(issuer, 'items.1.fields.0').getByLabel('最多行数').fill('20');
	await field(issuer, 'items.1.fields.0').getByRole('button', { name: '列を追加' }).click();
	await describeField(issuer, 'items.1.fields.0.columns.0', '短い文', '名称', 'name');
	await field(issuer, 'items.1.fields.0').getByRole('button', { name: '列を追加' }).click();
	await describeField(
		issuer,
		'items.1.fields.0.columns.1',
		'整数（単位つき）',
		'受講者数',
		'trainees'
	);

	// 記3: an amount, a percentage and free text.
	await issuer.getByRole('button', { name: '空の項目' }).click();
	await item(issuer, 2).getByLabel('題名').fill('研修の経費');
	await describeField(issuer, 'items.2.fields.0', '金額（円）', '経費', 'cost');
	await item(issuer, 2).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(issuer, 'items.2.fields.1', '割合（%）', '受講率', 'rate');
	await item(issuer, 2).getByRole('button', { name: '入力欄を追加' }).click();
	await describeField(issuer, 'items.2.fields.2', '長い文', '備考', 'note');

	await issuer.getByRole('button', { name: '保存' }).first().click();
	await expect(issuer.getByText('回答項目を保存しました。')).toBeVisible();
	await expectNoSeriousViolations(issuer);
	const definition = JSON.parse(
		await (await issuer.request.get(`/notices/${id}/items.json`)).text()
	) as { items: { fields: { type: string; columns?: { type: string }[] }[] }[] };
	const types = new Set(
		definition.items.flatMap((i) =>
			i.fields.flatMap((f) => [f.type, ...(f.columns ?? []).map((c) => c.type)])
		)
	);
	expect(types.size).toBeGreaterThanOrEqual(6);
	expect(types).toContain('table');

	// ── Previewed as a respondent sees it.
	await issuer.goto(`/notices/${id}/preview`);
	await expect(issuer.getByText('プレビュー：宛先にはこのように表示されます')).toBeVisible();
	const preview = issuer.getByRole('region', { name: '回答を求める項目' });
	await expect(preview.getByRole('heading', { name: /研修の実施状況/ })).toBeVisible();
	await expect(issuer.getByTestId('preview-item-2')).toContainText('都道府県');
	await expect(issuer.getByTestId('preview-item-2')).toContainText('受講者数');

	// ── Published to the 204 departments.
	await issuer.goto(`/notices/${id}/edit`);
	await expect(issuer.getByText('回答項目：3 件')).toBeVisible();
	await issuer.getByRole('button', { name: '204 部局に公開して送信する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	await expect(issuer.getByTestId('total-recipients')).toHaveText('204');

	// ── 世田谷区 answers in the browser (記2 is not asked of a ward).
	const setagaya = await respondent(browser, ACCOUNTS.setagaya);
	await setagaya.page.getByRole('link', { name: TITLE }).first().click();
	await setagaya.page.getByRole('link', { name: '回答を入力・確認する' }).first().click();
	await expect(setagaya.page).toHaveURL(`/notices/${id}/respond`);
	await expect(section(setagaya.page, 2)).toHaveCount(0);
	const s1 = section(setagaya.page, 1);
	const participants = s1.getByLabel('参加者数');
	await expect(participants).toBeHidden();
	await s1.getByRole('radio', { name: '実施済み' }).check();
	await expect(participants).toBeVisible();
	await expectNoSeriousViolations(setagaya.page);
	await participants.fill('45');
	await s1.getByLabel('実施日').fill('令和8年11月20日');
	await s1.getByRole('button', { name: '提出する' }).click();
	await expect(setagaya.page.getByText('提出しました。')).toBeVisible();
	const s3 = section(setagaya.page, 3);
	await s3.getByLabel('経費').fill('1,200,000');
	await s3.getByLabel('受講率').fill('87.5');
	await s3.getByLabel('備考').fill('区内の医療機関と合同で実施');
	await s3.getByRole('button', { name: '提出する' }).click();
	await expect(setagaya.page.getByText('提出しました。')).toBeVisible();

	// ── 東京都 answers through the 回答様式, filled by openpyxl and uploaded in the browser.
	const tokyo = await respondent(browser, ACCOUNTS.tokyo);
	await tokyo.page.goto(`/notices/${id}/respond`);
	const downloading = tokyo.page.waitForEvent('download');
	await tokyo.page.getByRole('link', { name: '回答様式（Excel）をダウンロード' }).click();
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kairan-walk-'));
	const blank = path.join(dir, 'form.xlsx');
	await (await downloading).saveAs(blank);
	const form = new ExcelJS.Workbook();
	await form.xlsx.readFile(blank);
	const sheet = (n: number) => form.getWorksheet(`記${n}`)!;
	const b = (n: number, caption: string) => `B${rowOf(sheet(n), caption)}`;
	const header = rowOf(sheet(2), '名称');
	const edits = [
		{ sheet: '記1', cell: b(1, '実施状況'), value: '実施済み', type: 'text' },
		{ sheet: '記1', cell: b(1, '参加者数'), value: 120, type: 'number' },
		{ sheet: '記1', cell: b(1, '実施日'), value: '2026-11-25', type: 'date' },
		{ sheet: '記2', cell: `A${header + 1}`, value: '都立広尾病院', type: 'text' },
		{ sheet: '記2', cell: `B${header + 1}`, value: 30, type: 'number' },
		{ sheet: '記2', cell: `A${header + 2}`, value: '都立墨東病院', type: 'text' },
		{ sheet: '記2', cell: `B${header + 2}`, value: 25, type: 'number' },
		{ sheet: '記3', cell: b(3, '経費'), value: 3000000, type: 'number' },
		{ sheet: '記3', cell: b(3, '受講率'), value: 60, type: 'number' },
		{ sheet: '記3', cell: b(3, '備考'), value: 'openpyxl で記入', type: 'text' }
	];
	const filled = path.join(dir, 'filled.xlsx');
	await fs.writeFile(path.join(dir, 'edits.json'), JSON.stringify(edits));
	await run('/usr/bin/python3', [FILL, blank, filled, path.join(dir, 'edits.json')]);
	await tokyo.page.getByLabel('記入した回答様式をアップロード').setInputFiles(filled);
	await tokyo.page.getByRole('button', { name: 'アップロードして提出する' }).click();
	await expect(tokyo.page.getByText('3 項目を提出しました。')).toBeVisible();
	await expect(section(tokyo.page, 2).getByLabel('2行目 名称')).toHaveValue('都立墨東病院');
	await fs.rm(dir, { recursive: true, force: true });

	// ── A correction adds a choice: nothing re-opens.
	await issuer.goto(`/notices/${id}`);
	await issuer.getByRole('button', { name: '訂正する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('訂正（第2版）を作成');
	await issuer.getByRole('link', { name: '回答項目を編集' }).click();
	await field(issuer, 'items.0.fields.0')
		.getByLabel('選択肢')
		.fill('done=実施済み\nplanned=予定\ncancelled=中止');
	await issuer.getByRole('button', { name: '保存' }).first().click();
	await expect(issuer.getByText('回答項目を保存しました。')).toBeVisible();
	await issuer.goto(`/notices/${id}/edit`);
	await issuer.getByLabel(/^宛先に通知される訂正の理由/).fill('実施状況に「中止」を加えます。');
	await issuer.getByRole('button', { name: '訂正を公開して 204 部局に送信する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	await setagaya.page.goto(`/notices/${id}/respond`);
	await expect(section(setagaya.page, 1).getByRole('radio', { name: '中止' })).toBeVisible();
	await expect(section(setagaya.page, 1).getByRole('radio', { name: '実施済み' })).toBeChecked();
	await setagaya.close();
	await tokyo.close();

	// ── The viewer's dashboards and exports: both answers; 記2 due from prefectures only.
	const viewer = await (await browser.newContext()).newPage();
	await signIn(viewer, ACCOUNTS.viewer);
	const csvResponse = await viewer.request.get(`/notices/${id}/responses.csv`);
	expect(csvResponse.status()).toBe(200);
	const [head, ...rows] = parse((await csvResponse.text()).replace(/^\uFEFF/, '')) as string[][];
	const col = (name: string) => {
		const i = head.indexOf(name);
		expect(i, name).toBeGreaterThanOrEqual(0);
		return i;
	};
	expect(rows).toHaveLength(204);
	const rowFor = (name: string) =>
		rows.find((r) => r[col('団体名')] === name && r[col('部局の種類コード')] === 'health')!;
	const ward = rowFor('世田谷区');
	const metropolis = rowFor('東京都');
	expect(ward[col('記1 提出状況')]).toBe('提出済み');
	expect(ward[col('記1 実施状況')]).toBe('実施済み');
	expect(ward[col('記1 参加者数')]).toBe('45');
	expect(ward[col('記2 提出状況')]).toBe('対象外');
	expect(ward[col('記3 経費')]).toBe('1200000');
	expect(metropolis[col('記1 参加者数')]).toBe('120');
	expect(metropolis[col('記2 提出状況')]).toBe('提出済み');
	expect(metropolis[col('記2 医療機関 件数')]).toBe('2');
	expect(metropolis[col('記3 経費')]).toBe('3000000');
	// 記2 is due from the prefectures' departments (団体コード XX000C) and no one else.
	const isPrefecture = (r: string[]) => /^\d{2}000\d$/.test(r[col('団体コード')]);
	const prefectureRows = rows.filter(isPrefecture).length;
	expect(prefectureRows).toBeGreaterThanOrEqual(47);
	expect(prefectureRows).toBeLessThan(204);
	const due2 = rows.filter((r) => r[col('記2 提出状況')] !== '対象外');
	expect(due2.length).toBe(prefectureRows);
	expect(due2.every(isPrefecture)).toBe(true);
	expect(rows.filter((r) => r[col('記1 提出状況')] === '提出済み')).toHaveLength(2);
	const long = await viewer.request.get(`/notices/${id}/responses.csv?table=2.hospitals`);
	expect(long.status()).toBe(200);
	const [longHead, ...longRows] = parse((await long.text()).replace(/^\uFEFF/, '')) as string[][];
	expect(longRows.map((r) => r[longHead.indexOf('記2 医療機関 名称')])).toEqual([
		'都立広尾病院',
		'都立墨東病院'
	]);

	const xlsxResponse = await viewer.request.get(`/notices/${id}/responses.xlsx`);
	expect(xlsxResponse.status()).toBe(200);
	const national = new ExcelJS.Workbook();
	await national.xlsx.load((await xlsxResponse.body()).buffer as ArrayBuffer);
	const main = national.worksheets[0];
	const headers = (main.getRow(1).values as unknown[]).slice(1).map(String);
	const cellOf = (name: string, column: string) => {
		const r = rows.findIndex((x) => x === rowFor(name)) + 2;
		return main.getCell(r, headers.indexOf(column) + 1).value;
	};
	expect(cellOf('世田谷区', '記1 参加者数')).toBe(45);
	expect(cellOf('東京都', '記1 参加者数')).toBe(120);
	expect(cellOf('東京都', '記3 経費')).toBe(3000000);
	expect(cellOf('世田谷区', '記2 提出状況')).toBe('対象外');
	const tableSheet = national.worksheets.find((s) => s.name.startsWith('記2'));
	expect(tableSheet?.rowCount).toBe(3);

	// The dashboards: per item, due and submitted; each field summarized.
	await viewer.goto(`/notices/${id}/progress`);
	const byItem = viewer.getByRole('table', { name: '回答項目ごとの提出状況' });
	const itemRow = (n: number) =>
		byItem.getByRole('row').filter({ hasText: new RegExp(`記${n}\\s`) });
	await expect(itemRow(1).getByRole('cell').nth(0)).toHaveText('204');
	await expect(itemRow(1).getByRole('cell').nth(1)).toHaveText('2');
	await expect(itemRow(2).getByRole('cell').nth(0)).toHaveText(String(prefectureRows));
	await expect(itemRow(2).getByRole('cell').nth(1)).toHaveText('1');
	await expect(itemRow(3).getByRole('cell').nth(1)).toHaveText('2');
	const choices = viewer.locator('table[data-field=status]');
	await expect(choices.getByRole('row', { name: /実施済み/ }).getByRole('cell')).toHaveText('2');
	await expect(choices.getByRole('row', { name: /中止/ }).getByRole('cell')).toHaveText('0');
	const participantsTable = viewer.locator('table[data-field=participants]');
	await expect(participantsTable.locator('tfoot td').nth(1)).toHaveText('165人');
	await expect(viewer.locator('table[data-field=cost] tfoot td').nth(1)).toContainText('4,200,000');

	// ── A notice with no items: receipt only.
	const infoId = await writeNotice(issuer, INFO_TITLE, ['特別区'], ['衛生主管部（局）']);
	await issuer.getByRole('button', { name: '23 部局に公開して送信する' }).click();
	await expect(issuer.getByRole('heading', { level: 1 })).toHaveText('配信・受領状況');
	await expect(issuer.getByText('周知のみ', { exact: true })).toBeVisible();
	await viewer.goto(`/notices/${infoId}/progress`);
	await expect(viewer.getByTestId('information-only')).toBeVisible();
	await expect(viewer.getByText('全項目提出済み')).toHaveCount(0);
	await expect(viewer.locator('dl.totals').first().locator('dt')).toHaveText([
		'宛先部局',
		'受領確認'
	]);
});
