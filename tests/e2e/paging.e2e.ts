// Paged lists as people use them: the pager under a list moves through it by URL (a page can be
// reloaded or shared and shows the same rows), keeps the filters, shows where it is, passes the
// axe scan and fits a phone; and a full page stays far below 200 KB of HTML.
//
// The notices list needs more than a page of notices: 120 closed ones are written into the
// server's database, cloned from the seed, published a year before it (so the seed stays first
// for every other spec) and sharing one publication and creation instant (so pages split rows
// with equal sort keys). Closed: no overview, home or reminder picks them up. The delivery
// page walks the demo's 204 recipients as mhlw.issuer (reading it records nothing).
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import {
	ACCOUNTS,
	SEED_TITLE,
	expectNoSeriousViolations,
	seedNoticeId,
	signIn
} from './helpers.ts';

const DATABASE = path.resolve(import.meta.dirname, '../../test-results/e2e-data/kairan.db');
const COUNT = 120;
const PREFIX = 'ページ送り試験';
const PAGE_LIMIT = 200 * 1024;
const PHONE = { width: 390, height: 844 };

test.describe.configure({ timeout: 120_000 });

/**
 * A year before a stored instant, written exactly as the app writes instants (text compares as
 * text in SQLite, so the format must be the app's own): the year of the seed's, one less.
 */
function yearBefore(value: string | number): string | number {
	if (typeof value === 'number') return value - 366 * 86_400_000;
	return value.replace(/^\d{4}/, (year) => String(Number(year) - 1));
}

function insertClosedNotices(): string[] {
	const db = new Database(DATABASE, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		const seed = db
			.prepare(
				`SELECT n.id, n.publishedAt FROM Notice n JOIN NoticeVersion v ON v.noticeId = n.id AND v.number = n.currentVersionNumber WHERE v.title = ?`
			)
			.get(SEED_TITLE) as { id: string; publishedAt: string | number };
		const at = yearBefore(seed.publishedAt);
		const titles: string[] = [];
		db.transaction(() => {
			for (let i = 0; i < COUNT; i++) {
				const id = `e2e${randomBytes(12).toString('hex')}`;
				const title = `${PREFIX} ${String(i).padStart(3, '0')}`;
				titles.push(title);
				for (const [table, key] of [
					['Notice', 'id'],
					['NoticeVersion', 'noticeId'],
					['NoticeIssuer', 'noticeId']
				] as const) {
					db.exec(
						`DROP TABLE IF EXISTS temp.c; CREATE TEMP TABLE c AS SELECT * FROM "${table}" WHERE "${key}" = '${seed.id}'`
					);
					db.prepare(`UPDATE temp.c SET "${key}" = ?`).run(id);
					if (table === 'Notice')
						db.prepare(
							`UPDATE temp.c SET status = 'closed', publishedAt = ?, createdAt = ?, closedAt = ?, currentVersionNumber = 1`
						).run(at, at, at);
					if (table === 'NoticeVersion') {
						db.exec(`DELETE FROM temp.c WHERE number <> 1`);
						db.prepare(
							`UPDATE temp.c SET id = ? || number, title = ?, searchText = ?, publishedAt = ?`
						).run(id, title, title, at);
					}
					db.exec(`INSERT INTO "${table}" SELECT * FROM temp.c`);
				}
			}
		})();
		return titles;
	} finally {
		db.close();
	}
}

let inserted: string[];
test.beforeAll(() => {
	inserted = insertClosedNotices();
});

const pager = (page: Page, name: string) => page.getByRole('navigation', { name });

/** The bytes of the HTML the server sends for a URL (the page as first loaded). */
async function htmlBytes(page: Page, url: string): Promise<number> {
	const response = await page.request.get(url);
	expect(response.status()).toBe(200);
	return (await response.body()).byteLength;
}

/** Follows 次へ from the current page to the last; returns each page's first-column texts. */
async function walkForwards(page: Page, nav: string, cells: string): Promise<string[][]> {
	const pages: string[][] = [];
	for (;;) {
		pages.push(await page.locator(cells).allTextContents());
		const next = pager(page, nav).getByRole('link', { name: '次へ' });
		if ((await next.count()) === 0) return pages;
		await next.click();
		await expect(page).toHaveURL(new RegExp(`[?&]page=${pages.length + 1}(&|$)`));
		// The URL changes as the navigation commits, a moment before the rows are drawn; the
		// pager's own "n / m" is drawn with them.
		await expect(pager(page, nav)).toContainText(`${pages.length + 1} / `);
	}
}

test('the notices list: 次へ/前へ walk every notice once, the URL holds the page and the filter', async ({
	page
}) => {
	await signIn(page, ACCOUNTS.viewer);
	await page.goto('/notices');
	const nav = '通知一覧のページ';
	await expect(pager(page, nav)).toContainText(/1 \/ \d+ ページ（全 \d+ 件）/);
	// Newest first: the 120 notices this test inserted a year before the seed come after it (and
	// after anything other browser tests published since), never first.
	await expect(page.locator('tbody tr').first()).not.toContainText(PREFIX);
	expect(await page.locator('tbody tr').count()).toBe(50);
	expect(await htmlBytes(page, '/notices')).toBeLessThan(PAGE_LIMIT);

	const titles = 'main tbody td:nth-child(3) a';
	const pages = await walkForwards(page, nav, titles);
	const all = pages.flat();
	expect(new Set(all).size).toBe(all.length);
	expect(all.some((t) => t.includes(SEED_TITLE))).toBe(true);
	expect(all.filter((t) => t.startsWith(PREFIX)).sort()).toEqual([...inserted].sort());
	expect(pages.slice(0, -1).every((p) => p.length === 50)).toBe(true);

	// A page's URL shows that page again; 前へ goes back to the one before.
	const last = page.url();
	await page.goto(last);
	await expect(page.locator(titles)).toHaveText(pages.at(-1)!);
	// Read with retries: 前へ is a client-side navigation, and reading the rows at once read the
	// page still shown (CI, stop 19).
	await pager(page, nav).getByRole('link', { name: '前へ' }).click();
	await expect(page.locator(titles)).toHaveText(pages.at(-2)!);
	await expectNoSeriousViolations(page);

	// The filter stays in the URL on every page, and the count is the filtered list's.
	await page.goto(`/notices?q=${encodeURIComponent(PREFIX)}`);
	await expect(page.getByText(`${COUNT} 件`, { exact: true })).toBeVisible();
	const filtered = await walkForwards(page, nav, titles);
	expect(filtered.map((p) => p.length)).toEqual([50, 50, 20]);
	expect(new URL(page.url()).searchParams.get('q')).toBe(PREFIX);
	expect(filtered.flat().sort()).toEqual([...inserted].sort());
	await expect(pager(page, nav)).toContainText('3 / 3 ページ（全 120 件）');
	await expect(pager(page, nav).getByRole('link', { name: '次へ' })).toHaveCount(0);

	// On a phone: no sideways page scrolling, and the scan passes with the pager.
	await page.setViewportSize(PHONE);
	await page.goto(`/notices?q=${encodeURIComponent(PREFIX)}`);
	await pager(page, nav).getByRole('link', { name: '次へ' }).click();
	await expect(page).toHaveURL(/[?&]page=2/);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		PHONE.width
	);
	await expectNoSeriousViolations(page);
});

test("a notice's delivery page: 204 recipients in pages of 50, totals over all of them", async ({
	page
}) => {
	await signIn(page, 'mhlw.issuer@example.jp');
	const id = await seedNoticeId(page);
	const url = `/notices/${id}/recipients`;
	await page.goto(url);
	const nav = '送付先一覧のページ';
	await expect(pager(page, nav)).toContainText('1 / 5 ページ（全 204 件）');
	expect(await htmlBytes(page, url)).toBeLessThan(PAGE_LIMIT);

	const names = 'main tbody th[scope="row"]';
	const pages = await walkForwards(page, nav, names);
	expect(pages.map((p) => p.length)).toEqual([50, 50, 50, 50, 4]);
	const all = pages.flat();
	expect(new Set(all).size).toBe(204);
	// Totals do not change with the page.
	await expect(page.getByTestId('total-recipients')).toHaveText('204');
	await expect(pager(page, nav)).toContainText('5 / 5 ページ（全 204 件）');

	// Back with 前へ, page by page, to the plain first page.
	for (let n = 4; n >= 1; n--) {
		await pager(page, nav).getByRole('link', { name: '前へ' }).click();
		await expect(pager(page, nav)).toContainText(`${n} / 5 ページ`);
		await expect(page.locator(names)).toHaveText(pages[n - 1]);
	}
	expect(new URL(page.url()).search).toBe('');

	// A page opened from its URL, on a phone: the same rows, no sideways scrolling, axe passes.
	await page.setViewportSize(PHONE);
	await page.goto(url);
	await pager(page, nav).getByRole('link', { name: '次へ' }).click();
	await expect(page).toHaveURL(/[?&]page=2/);
	const second = page.url();
	await page.goto(second);
	await expect(page.locator(names)).toHaveText(pages[1]);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
		PHONE.width
	);
	await expectNoSeriousViolations(page);
});
