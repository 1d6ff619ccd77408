// The respondent's half, as a new user would do it: 横浜市 answers the seed notice's items
// (three institutions, a 令和6年度 grant report), saves a draft, comes back and submits; the
// viewer exports the national table and finds the answers in it.
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ACCOUNTS, SEED_TITLE, seedNoticeId, signIn } from './helpers.ts';

test('横浜市 answers all four items, drafts then submits; the national export holds them', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, ACCOUNTS.yokohama);
	const id = await seedNoticeId(page);

	// What the viewer's overview says before 横浜市 answers.
	const viewerContext = await browser.newContext();
	const viewer = await viewerContext.newPage();
	await signIn(viewer, ACCOUNTS.viewer);
	const submittedOnOverview = async () => {
		await viewer.goto('/overview');
		// The seed notice's section (publish.e2e.ts may have added a newer notice above it).
		const table = viewer
			.locator('section', { has: viewer.getByRole('link', { name: SEED_TITLE }) })
			.getByRole('table', { name: '回答項目ごとの提出状況' });
		return Promise.all(
			[1, 2, 3, 4].map(async (n) =>
				Number(
					await table
						.getByRole('row', { name: new RegExp(`^記${n} `) })
						.getByRole('cell')
						.nth(1)
						.textContent()
				)
			)
		);
	};
	const before = await submittedOnOverview();

	// The department's home: the seed notice, nothing done yet.
	await page.getByRole('link', { name: 'ホーム' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('対応が必要な通知');
	const todo = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('link', { name: SEED_TITLE }) });
	await expect(todo.getByText('受領未確認')).toBeVisible();
	await expect(todo.getByText('未着手')).toHaveCount(4);
	await todo.getByRole('link', { name: /^回答する/ }).click();
	await expect(page).toHaveURL(`/notices/${id}/respond`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('回答');

	// 記1: leaflet distribution — a draft first.
	const item1 = page.locator('section', { has: page.getByRole('heading', { name: /^記1/ }) });
	await item1.getByRole('radio', { name: '実施済み' }).check();
	await item1.getByLabel('配布日', { exact: true }).fill('令和6年10月21日');
	// What the typed 和暦 reads as, with the Gregorian date, before saving.
	await expect(item1.getByText('令和6年10月21日（2024年10月21日）')).toBeVisible();
	await item1.getByLabel('配布した医療機関数').fill('１，２３４');
	await item1.getByLabel('郵送・メール').check();
	await item1.getByRole('button', { name: '下書き保存' }).click();
	await expect(page.getByText('下書きを保存しました。')).toBeVisible();

	// Come back later: the draft is there; submit it.
	// (Through the list, not the notice page: sign-in.e2e.ts needs 横浜市 to have it unread.)
	await page.goto('/notices');
	await page.goto(`/notices/${id}/respond`);
	const again = page.locator('section', { has: page.getByRole('heading', { name: /^記1/ }) });
	await expect(again.getByLabel('配布した医療機関数')).toHaveValue('1234');
	// A saved date comes back as Japanese forms write it, not as ISO.
	await expect(again.getByLabel('配布日', { exact: true })).toHaveValue('令和6年10月21日');
	await expect(again.getByText('下書き', { exact: true })).toBeVisible();
	await again.getByRole('button', { name: '提出する' }).click();
	await expect(page.getByText('提出しました。')).toBeVisible();

	// 記2: three institutions, entered one row at a time (a blank row is always offered).
	const institutions = [
		['横浜市立大学附属市民総合医療センター', '横浜市南区'],
		['済生会横浜市東部病院', '横浜市鶴見区'],
		['横浜労災病院', '横浜市港北区']
	];
	for (const [i, [name, municipality]] of institutions.entries()) {
		const item2 = page.locator('section', { has: page.getByRole('heading', { name: /^記2/ }) });
		const row = item2.getByRole('group', { name: `医療機関 ${i + 1}行目` });
		await row.getByLabel('医療機関名').fill(name);
		await row.getByLabel('所在市区町村').fill(municipality);
		await row.getByLabel('産婦人科').check();
		await item2.getByRole('button', { name: i < 2 ? '下書き保存' : '提出する' }).click();
		await expect(page.getByText(i < 2 ? '下書きを保存しました。' : '提出しました。')).toBeVisible();
	}

	// 記3: one consultation.
	const item3 = page.locator('section', { has: page.getByRole('heading', { name: /^記3/ }) });
	const consultation = item3.getByRole('group', { name: '協議の記録 1行目' });
	await consultation.getByLabel('日付').fill('2024-10-30');
	await consultation.getByLabel('協議先').fill('神奈川県 センター所管課');
	await consultation.getByLabel('議題').fill('協力医療機関の情報共有');
	await item3.getByRole('button', { name: '提出する' }).click();
	await expect(page.getByText('提出しました。')).toBeVisible();

	// 記4: the 令和6年度 grant report; a bad number is refused beside its field, nothing lost.
	const item4 = page.locator('section', { has: page.getByRole('heading', { name: /^記4/ }) });
	// Today's fiscal year has no grant lines yet: the form starts on the latest year that has.
	await expect(item4.getByLabel('年度')).toHaveValue('2024');
	await expect(item4.getByLabel(/運営費.*計画額/)).toBeVisible();
	await item4.getByLabel('年度').selectOption('2024');
	await item4.getByLabel(/運営費.*計画額/).fill('12,000,000');
	await item4.getByLabel(/運営費.*実績額/).fill('十万');
	await item4.getByRole('button', { name: '下書き保存' }).click();
	const refused = page.locator('section', { has: page.getByRole('heading', { name: /^記4/ }) });
	await expect(refused.getByRole('alert').filter({ hasText: '数字' })).toBeVisible();
	// Beside its field, which has the focus.
	const actual = refused.getByLabel(/運営費.*実績額/);
	await expect(actual).toHaveAttribute('aria-invalid', 'true');
	await expect(actual).toHaveAccessibleDescription(/数字/);
	await expect(actual).toBeFocused();
	await expect(refused.getByLabel(/運営費.*計画額/)).toHaveValue('12,000,000');
	await refused.getByLabel(/運営費.*実績額/).fill('11,500,000');
	for (const label of [/医療費.*計画額/, /医療費.*実績額/, /法的支援.*計画額/, /法的支援.*実績額/])
		await refused.getByLabel(label).fill('0');
	await refused.getByRole('button', { name: '提出する' }).click();
	await expect(page.getByText('提出しました。')).toBeVisible();

	// Home asks nothing more of it: every item is submitted, and saving recorded the receipt.
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('対応が必要な通知');
	await expect(todo).toHaveCount(0);
	await context.close();

	// The viewer's overview has moved by one on every item, on a plain reload.
	expect(await submittedOnOverview()).toEqual(before.map((n) => n + 1));

	// The viewer exports the national table and finds Yokohama's answers.
	const csv = await viewerContext.request.get(`/notices/${id}/responses.csv`);
	expect(csv.status()).toBe(200);
	const text = await csv.text();
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const rows = parse(text.slice(1)) as string[][];
	const header = rows[0];
	const yokohama = rows.find((r) => r[2] === '横浜市')!;
	const cell = (name: string) => yokohama[header.indexOf(name)];
	expect(cell('記1 配布した医療機関数')).toBe('1234');
	expect(cell('記2 医療機関 件数')).toBe('3');
	expect(cell('記4 国庫補助額合計')).toBe(String(11_500_000 / 2));
	const xlsx = await viewerContext.request.get(`/notices/${id}/responses.xlsx`);
	expect(xlsx.status()).toBe(200);
	expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
	expect(rows.length - 1).toBe(204);
	await viewerContext.close();

	// A respondent cannot export the national table.
	const tokyoContext = await browser.newContext();
	const tokyo = await tokyoContext.newPage();
	await signIn(tokyo, ACCOUNTS.tokyo);
	expect((await tokyoContext.request.get(`/notices/${id}/responses.csv`)).status()).toBe(404);
	await tokyoContext.close();
});

test('東京都 fills the 回答様式 in a spreadsheet and uploads it; the national table has it', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, ACCOUNTS.tokyo);
	const id = await seedNoticeId(page);
	await page.goto(`/notices/${id}/respond`);

	// Download the form from the page's link, as a person would.
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: '回答様式（Excel）をダウンロード' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile((await download.path())!);

	// Fill it in (what a spreadsheet program would write).
	const status = workbook.getWorksheet('記1')!;
	status.getCell('B2').value = '実施済み';
	status.getCell('B3').value = new Date(Date.UTC(2024, 9, 18));
	status.getCell('B4').value = 480;
	status.getCell('B5').value = 'はい';
	const institutions = workbook.getWorksheet('記2')!;
	institutions.getRow(2).values = ['都立広尾病院', '', '渋谷区', '産婦人科、救急科', 'はい'];
	institutions.getRow(3).values = ['東京医療センター', '', '目黒区', '産婦人科'];
	const record = workbook.getWorksheet('記3')!;
	record.getRow(2).values = ['令和6年9月30日', '福祉局', '協力病院の拡充', '継続'];
	const grant = workbook.getWorksheet('記4')!;
	grant.getCell('B2').value = '令和6年度';
	for (let r = 5; grant.getCell(r, 1).value; r++) {
		grant.getCell(r, 2).value = 1_000_000;
		grant.getCell(r, 3).value = 800_000;
	}
	const filled = Buffer.from(await workbook.xlsx.writeBuffer());

	await page.getByLabel('記入した回答様式をアップロード').setInputFiles({
		name: '回答様式_東京都.xlsx',
		mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		buffer: filled
	});
	await page.getByRole('button', { name: 'アップロードして提出する' }).click();
	await expect(page.getByText('4 項目を提出しました。')).toBeVisible();
	await context.close();

	const viewerContext = await browser.newContext();
	const viewer = await viewerContext.newPage();
	await signIn(viewer, ACCOUNTS.viewer);
	const rows = parse(
		(await (await viewerContext.request.get(`/notices/${id}/responses.csv`)).text()).slice(1)
	) as string[][];
	const tokyo = rows.find((r) => r[2] === '東京都' && r[3].startsWith('衛生'))!;
	const cell = (name: string) => tokyo[rows[0].indexOf(name)];
	expect(cell('記1 配布した医療機関数')).toBe('480');
	expect(cell('記2 医療機関 件数')).toBe('2');
	expect(cell('記3 協議の記録 件数')).toBe('1');
	await viewerContext.close();
});
