// The prefecture drill-down as a viewer uses it: 神奈川県's own departments and the six cities
// inside it, each with its status in words (as the national CSV implies it), and one city's
// answers one click further; respondents have no way in. Expected values are read from the CSV
// export rather than written down, since other tests (respond.e2e.ts) change 横浜市's answers.
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import {
	ACCOUNTS,
	SEED_TITLE,
	expectNoSeriousViolations,
	seedNoticeId,
	signIn
} from './helpers.ts';

const BODIES = ['神奈川県', '横浜市', '川崎市', '相模原市', '横須賀市', '藤沢市', '茅ヶ崎市'];

/** 神奈川県's rows of the national table, with what the drill-down should say of each. */
async function kanagawaFromCsv(page: Page, id: string) {
	const response = await page.request.get(`/notices/${id}/responses.csv`);
	expect(response.status()).toBe(200);
	const [header, ...rows] = parse((await response.text()).replace(/^\uFEFF/, '')) as string[][];
	const col = (name: string) => header.indexOf(name);
	const statusColumns = header.flatMap((h, i) => (h.endsWith(' 提出状況') ? [i] : []));
	return rows
		.filter((r) => r[col('都道府県コード')] === '14')
		.map((r) => {
			const due = statusColumns.filter((c) => r[c] !== '対象外');
			const submitted = due.filter((c) => r[c] === '提出済み');
			return {
				organization: r[col('団体名')],
				department: r[col('部局')],
				acknowledged: r[col('受領確認日時（日本時間）')] !== '',
				due: due.length,
				submitted: submitted.length,
				submittedItems: submitted.map((c) => header[c].replace(/ 提出状況$/, '')),
				// The seed's deadline (令和6年11月8日) has passed: unfinished means overdue.
				status: submitted.length === due.length ? '全項目提出済み' : '期限超過'
			};
		});
}

test("a viewer drills into 神奈川県: its bodies with their statuses, then 横浜市's answers", async ({
	page
}) => {
	test.setTimeout(40_000);
	await signIn(page, ACCOUNTS.viewer);
	const id = await seedNoticeId(page);
	const expected = await kanagawaFromCsv(page, id);
	expect([...new Set(expected.map((r) => r.organization))].sort()).toEqual([...BODIES].sort());

	await page.goto(`/notices/${id}/progress/14`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('神奈川県の状況');
	await expect(page.getByText(SEED_TITLE)).toBeVisible();
	const table = page.getByRole('table', { name: '神奈川県の状況' });
	const rows = table.locator('tbody tr');
	await expect(rows).toHaveCount(expected.length);
	// The prefecture's own departments first, then its cities by their codes.
	const names = await rows.getByRole('rowheader').allTextContents();
	expect([...new Set(names)]).toEqual(BODIES);

	for (const body of expected) {
		const row = rows
			.filter({ has: page.getByRole('rowheader', { name: body.organization, exact: true }) })
			.filter({ hasText: body.department });
		await expect(row).toHaveCount(1);
		const cells = row.getByRole('cell');
		await expect(cells.nth(1), `${body.organization} ${body.department}`).toHaveText(body.status);
		// The acknowledgment date is in 和暦.
		if (body.acknowledged) await expect(cells.nth(2)).toContainText('令和');
		else await expect(cells.nth(2)).toHaveText('—');
		await expect(cells.nth(3)).toHaveText(`${body.submitted}／${body.due}`);
	}
	await expectNoSeriousViolations(page);

	// One city's answers, read-only, item by item as the CSV has them.
	const yokohama = expected.find((r) => r.organization === '横浜市')!;
	await page.getByRole('link', { name: `横浜市 ${yokohama.department} — 回答を見る` }).click();
	await expect(page).toHaveURL(new RegExp(`^.*/notices/${id}/progress/departments/[a-z0-9]+$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`横浜市 ${yokohama.department}の回答`
	);
	const items = page.getByRole('region', { name: /^記\d / });
	await expect(items).toHaveCount(yokohama.due);
	for (let n = 1; n <= yokohama.due; n++) {
		const item = page.getByRole('region', { name: new RegExp(`^記${n} `) });
		if (yokohama.submittedItems.includes(`記${n}`)) {
			await expect(item.getByText('提出済み', { exact: true })).toBeVisible();
			await expect(item.getByRole('table').first()).toBeVisible();
		} else await expect(item.getByRole('table')).toHaveCount(0);
	}
	// Nothing to edit here: no form, no button.
	await expect(page.locator('main form, main button')).toHaveCount(0);
	await expectNoSeriousViolations(page);

	await page.getByRole('link', { name: 'この通知の進捗に戻る' }).click();
	await expect(page).toHaveURL(`/notices/${id}/progress/14`);
});

test('the drill-down is server-rendered: it reads the same without JavaScript', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, ACCOUNTS.viewer);
	const id = await seedNoticeId(page);
	await page.goto(`/notices/${id}/progress/14`);
	const rows = page.getByRole('table', { name: '神奈川県の状況' }).locator('tbody tr');
	for (const name of BODIES)
		await expect(rows.filter({ hasText: name }).first()).toContainText(
			/全項目提出済み|期限超過|回答中|受領確認済み|閲覧済み|未閲覧/
		);
	await context.close();
});

test('a respondent cannot open the drill-down or a department’s answers', async ({ page }) => {
	// tokyo.health only: no test depends on its view of these pages (they record no view).
	await signIn(page, ACCOUNTS.tokyo);
	const id = await seedNoticeId(page);
	// The role guard refuses before anything is read (the report module itself answers 404).
	expect((await page.goto(`/notices/${id}/progress/14`))?.status()).toBe(403);
	const someDepartment = 'c'.repeat(25);
	expect((await page.goto(`/notices/${id}/progress/departments/${someDepartment}`))?.status()).toBe(
		403
	);
	// Not a prefecture code: no such page at all.
	expect((await page.goto(`/notices/${id}/progress/48`))?.status()).toBe(404);
});
