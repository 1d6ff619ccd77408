// The dashboards as their readers use them: the viewer's national overview (charts drawn,
// numbers equal to the CSV export, tile map, print layout), the drill-down into 神奈川県, the
// notice's progress page with "remind these" for its issuer, and an accessibility scan of each.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { formatPercent as rate } from '../../src/lib/domain/progress.ts';
import {
	ACCOUNTS,
	SEED_TITLE,
	emlFiles,
	expectNoSeriousViolations,
	mailsAbout,
	seedNoticeId,
	signIn
} from './helpers.ts';

/** Non-transparent pixels on a chart's canvas: 0 until chart.js has drawn. */
function drawnPixels(box: Locator) {
	return box.locator('canvas').evaluate((c: HTMLCanvasElement) => {
		const ctx = c.getContext('2d');
		if (!ctx || c.width === 0 || c.height === 0) return 0;
		const { data } = ctx.getImageData(0, 0, c.width, c.height);
		let n = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
		return n;
	});
}

/** The seed notice's national table, as the viewer downloads it. */
async function nationalCsv(page: Page, id: string) {
	const response = await page.request.get(`/notices/${id}/responses.csv`);
	expect(response.status()).toBe(200);
	const [header, ...rows] = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][];
	const col = (name: string) => header.indexOf(name);
	const statusColumns = header.flatMap((h, i) => (h.endsWith(' 提出状況') ? [i] : []));
	const isComplete = (r: string[]) =>
		statusColumns.every((c) => ['提出済み', '対象外'].includes(r[c]));
	return {
		rows,
		acknowledged: rows.filter((r) => r[col('受領確認日時（日本時間）')] !== '').length,
		complete: rows.filter(isComplete).length,
		/** The sum of a numeric column (blank cells count 0). */
		sum: (name: string) => rows.reduce((t, r) => t + Number(r[col(name)] || 0), 0),
		item: (n: number) => {
			const c = col(`記${n} 提出状況`);
			return {
				due: rows.filter((r) => r[c] !== '対象外').length,
				submitted: rows.filter((r) => r[c] === '提出済み').length
			};
		},
		prefecture: (code: string) => {
			const inIt = rows.filter((r) => r[col('都道府県コード')] === code);
			return {
				recipients: inIt.length,
				acknowledged: inIt.filter((r) => r[col('受領確認日時（日本時間）')] !== '').length,
				complete: inIt.filter(isComplete).length
			};
		}
	};
}

test('the viewer sees the national overview: charts drawn, numbers equal to the export, tile map', async ({
	page
}, testInfo) => {
	test.setTimeout(60_000);
	await signIn(page, ACCOUNTS.viewer);
	const id = await seedNoticeId(page);
	const csv = await nationalCsv(page, id);
	await page.getByRole('link', { name: '全国の進捗' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('全国の進捗');
	const section = page.locator('section', { has: page.getByRole('link', { name: SEED_TITLE }) });

	// Totals.
	const total = (label: string) =>
		section.locator('dl.totals div', { has: page.locator('dt', { hasText: label }) }).locator('dd');
	await expect(total('宛先部局')).toHaveText(String(csv.rows.length));
	await expect(total('受領確認')).toContainText(String(csv.acknowledged));
	await expect(total('全項目提出済み')).toContainText(String(csv.complete));
	await expect(total('期限超過')).toContainText(String(csv.rows.length - csv.complete));

	// Both charts drew something on their canvas.
	const trend = section.locator('figure', {
		has: page.getByRole('heading', { name: '受領確認・回答提出の推移' })
	});
	const items = section.locator('figure', {
		has: page.getByRole('heading', { name: '回答項目ごとの状況' })
	});
	await expect.poll(() => drawnPixels(trend)).toBeGreaterThan(500);
	await expect.poll(() => drawnPixels(items)).toBeGreaterThan(500);

	// The by-item table under the bars holds the export's numbers.
	const byItem = items.getByRole('table', { name: '回答項目ごとの提出状況' });
	const itemRows = byItem.locator('tbody tr');
	await expect(itemRows).toHaveCount(4);
	for (let n = 1; n <= 4; n++) {
		const cells = byItem.getByRole('row', { name: new RegExp(`^記${n} `) }).getByRole('cell');
		const expected = csv.item(n);
		await expect(cells.nth(0)).toHaveText(String(expected.due));
		await expect(cells.nth(1)).toHaveText(String(expected.submitted));
		// The seed's deadline has passed: whatever is not submitted is overdue.
		await expect(cells.nth(5)).toHaveText(String(expected.due - expected.submitted));
	}
	await section.locator('.charts').screenshot({ path: testInfo.outputPath('overview-charts.png') });
	// The trend's last day ends at the same totals.
	await trend.getByText('データ表').click();
	const lastDay = trend.locator('tbody tr').last().getByRole('cell');
	await expect(lastDay.nth(0)).toHaveText(String(csv.acknowledged));
	const submitted = [1, 2, 3, 4].reduce((s, n) => s + csv.item(n).submitted, 0);
	await expect(lastDay.nth(1)).toHaveText(String(submitted));

	// The tile map: 47 prefectures coloured by completion, 神奈川県 labelled with its counts…
	const kanagawa = csv.prefecture('14');
	const tile = section.getByRole('link', { name: /^神奈川県/ });
	await expect(tile).toHaveAccessibleName(
		`神奈川県 全項目提出 ${kanagawa.complete}/${kanagawa.recipients} ${rate(kanagawa.complete, kanagawa.recipients)}`
	);
	await tile.focus();
	await expect(tile).toBeFocused();

	await page.screenshot({ path: testInfo.outputPath('overview.png'), fullPage: true });
	await section
		.locator('.tile-map')
		.screenshot({ path: testInfo.outputPath('overview-tile-map.png') });
	await testInfo.attach('overview', {
		path: testInfo.outputPath('overview.png'),
		contentType: 'image/png'
	});
	await expectNoSeriousViolations(page);

	// Printed for a meeting: no site header, every data table unfolded.
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.site')).toBeHidden();
	await expect(trend.getByRole('table')).toBeVisible();
	await page.screenshot({ path: testInfo.outputPath('overview-print.png'), fullPage: true });
	await page.emulateMedia({ media: 'screen' });

	// …or by acknowledgment, on request.
	await section.getByLabel('地図の色').selectOption({ label: '受領確認率' });
	await section.getByRole('button', { name: '表示' }).click();
	await expect(page).toHaveURL(/measure=acknowledged/);
	await expect(tile).toHaveAccessibleName(
		`神奈川県 受領確認 ${kanagawa.acknowledged}/${kanagawa.recipients} ${rate(kanagawa.acknowledged, kanagawa.recipients)}`
	);

	// Drill down: 神奈川県 and the six cities inside it, each with a status.
	await tile.click();
	await expect(page).toHaveURL(`/notices/${id}/progress/14`);
	const bodies = page.getByRole('table').first();
	for (const name of ['神奈川県', '横浜市', '川崎市', '相模原市', '横須賀市', '藤沢市', '茅ヶ崎市'])
		await expect(bodies.getByRole('row').filter({ hasText: name }).first()).toBeVisible();
	await expect(bodies.locator('tbody tr')).toHaveCount(kanagawa.recipients);
	await expectNoSeriousViolations(page);

	// …and from there to one city's submitted answers.
	await page.getByRole('link', { name: /^横浜市 .*回答を見る/ }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('横浜市');
	await expect(page.getByRole('heading', { level: 2, name: /^記1/ })).toBeVisible();
	await expectNoSeriousViolations(page);
});

test('before any script runs, the overview already shows its numbers, tables and tile map', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, ACCOUNTS.viewer);
	const id = await seedNoticeId(page);
	const csv = await nationalCsv(page, id);
	await page.goto('/overview');
	const section = page.locator('section', { has: page.getByRole('link', { name: SEED_TITLE }) });
	await expect(section.locator('dl.totals dd').first()).toHaveText(String(csv.rows.length));
	await expect(
		section.getByRole('table', { name: '回答項目ごとの提出状況' }).locator('tbody tr')
	).toHaveCount(4);
	await expect(section.getByText(/204部局のうち/)).toBeVisible();
	await expect(section.locator('.tile-map a')).toHaveCount(47);
	await context.close();
});

test("the notice's progress page lists who has not answered, and its issuer reminds them", async ({
	browser
}, testInfo) => {
	test.setTimeout(60_000);
	const viewerContext = await browser.newContext();
	const viewer = await viewerContext.newPage();
	await signIn(viewer, ACCOUNTS.viewer);
	const id = await seedNoticeId(viewer);
	const csv = await nationalCsv(viewer, id);
	await viewer.goto(`/notices/${id}/progress`);
	await expect(viewer.getByText(`${csv.rows.length - csv.complete} 部局`).first()).toBeVisible();
	await viewer.screenshot({ path: testInfo.outputPath('progress.png'), fullPage: true });
	// What the answers say, item by item, as the export says it.
	const summaries = viewer.locator('section', {
		has: viewer.getByRole('heading', { level: 2, name: '回答項目ごとの集計' })
	});
	const figure = (n: number, label: string) =>
		summaries
			.locator('section', {
				has: viewer.getByRole('heading', { level: 3, name: new RegExp(`^記${n} `) })
			})
			.locator('dl.figures div', {
				has: viewer.locator('dt', { hasText: new RegExp(`^${label}$`) })
			})
			.locator('dd');
	for (let n = 1; n <= 4; n++)
		await expect(figure(n, '提出')).toHaveText(csv.item(n).submitted.toLocaleString('ja-JP'));
	await expect(figure(2, '回答に記載された医療機関数')).toHaveText(
		csv.sum('記2 医療機関 件数').toLocaleString('ja-JP')
	);
	await expect(
		summaries.getByRole('table', { name: '都道府県別・診療科別の医療機関数（医療機関名簿）' })
	).toBeVisible();
	await expect(
		summaries.getByRole('table', { name: '交付金の区分別の計画額・実績額と国庫補助額' })
	).toBeVisible();

	// A notice that does not exist (or is not the reader's to see) is a 404, not a server error.
	const missing = 'zzzzzzzzzzzzzzzzzzzzzzzz';
	for (const path of ['/progress', '/progress/14'])
		expect((await viewer.goto(`/notices/${missing}${path}`))?.status()).toBe(404);
	expect((await viewer.request.get(`/notices/${missing}/responses.csv`)).status()).toBe(404);
	expect((await viewer.goto(`/notices/${id}/progress/departments/${missing}`))?.status()).toBe(404);
	await viewer.goto(`/notices/${id}/progress`);

	// An item that is not this notice's is ignored, as any filter in the address bar.
	expect((await viewer.goto(`/notices/${id}/progress?item=nosuchitem`))?.status()).toBe(200);
	await expect(viewer.getByText(`${csv.rows.length - csv.complete} 部局`).first()).toBeVisible();
	// Viewers read; they do not remind.
	await expect(viewer.getByRole('button', { name: /督促する/ })).toHaveCount(0);
	await expectNoSeriousViolations(viewer);
	await viewerContext.close();

	const issuerContext = await browser.newContext();
	const issuer = await issuerContext.newPage();
	await signIn(issuer, 'mhlw.issuer@example.jp');
	await issuer.goto(`/notices/${id}/progress`);
	// Only those who have not submitted 記3.
	const pendingSection = issuer.locator('section', {
		has: issuer.getByRole('heading', { name: '未回答の部局' })
	});
	const choose = pendingSection.getByLabel('対象の項目');
	const item3 = await choose.locator('option', { hasText: /^記3/ }).textContent();
	await choose.selectOption({ label: item3! });
	await pendingSection.getByRole('button', { name: '表示' }).click();
	await expect(issuer).toHaveURL(/[?&]item=/);
	const pending = csv.item(3).due - csv.item(3).submitted;
	const pendingRows = pendingSection.getByRole('table').locator('tbody tr');
	// One page of them is listed (paging.ts); the count and the reminder cover them all.
	await expect(pendingRows).toHaveCount(Math.min(pending, 50));
	// Listed by prefecture: 北海道 first.
	await expect(pendingRows.first().getByRole('cell').first()).toHaveText('北海道');
	// A count that is not a number, or no longer true, is refused with a message; nothing is sent.
	const post = (expectedCount: string) =>
		issuer.request.post(`/notices/${id}/progress?/remind`, {
			form: { itemId: '', expectedCount },
			headers: { origin: new URL(issuer.url()).origin, accept: 'application/json' }
		});
	const unreadable = await post('abc');
	expect(await unreadable.text()).toContain('督促の対象数が読めません');
	const stale = await post(String(csv.rows.length + 1));
	expect(await stale.text()).toContain('部局に変わりました');
	const before = emlFiles();
	await issuer.getByRole('button', { name: `この ${pending} 部局に督促する` }).click();
	await expect(issuer.getByRole('status')).toHaveText(
		`督促メールを ${pending} 部局に送信しました。`
	);
	await expect
		.poll(
			() =>
				mailsAbout(
					emlFiles().filter((f) => !before.includes(f)),
					'【督促】'
				),
			{
				timeout: 15_000
			}
		)
		.toBe(pending);
	await issuerContext.close();
});

test('a respondent has no national dashboards', async ({ page }) => {
	await signIn(page, ACCOUNTS.tokyo);
	const id = await seedNoticeId(page);
	expect((await page.goto(`/notices/${id}/progress`))?.status()).toBe(403);
	expect((await page.goto(`/notices/${id}/progress/14`))?.status()).toBe(403);
	expect((await page.goto('/overview'))?.status()).toBe(403);
	// Its home instead: what the department still has to do.
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('対応が必要な通知');
	await expectNoSeriousViolations(page);
});
