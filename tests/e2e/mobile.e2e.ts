// Every page on a phone: at 390 × 844 each page a person can reach — anonymous, as a
// respondent, an issuer, a viewer and an admin — fits the screen without sideways page
// scrolling (wide tables scroll inside their own labelled box), logs no console error and
// passes an axe scan. And the mails a reminder sends: their Reply-To header and footer agree.
//
// Accounts (see helpers.ts): tokyo.health only on pages that record no view (its home, the list,
// /respond, the registry) — notice.e2e.ts expects the seed notice still unread for it. The
// respondent's notice page is measured there, after it has been read.
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { expect, test, type Page } from '@playwright/test';
import {
	ACCOUNTS,
	emlFiles,
	expectNoSeriousViolations,
	mailsAbout,
	seedNoticeId,
	signIn
} from './helpers.ts';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });
// An axe scan of a long table (204 delivery rows, the registry) takes seconds on a busy 2-core CI.
test.describe.configure({ timeout: 90_000 });

/** Console errors and uncaught exceptions of a page, from now on. */
function collectErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
	return errors;
}

/** Opens a page and checks it as a phone shows it. */
async function expectFitsPhone(page: Page, url: string) {
	const response = await page.goto(url);
	expect(response?.status(), url).toBe(200);
	await page.waitForLoadState('load');
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `${url} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
	await expectNoSeriousViolations(page);
}

/** Pages by who reads them; `{id}` is the seed notice. */
const PAGES: Record<string, { email: string | null; urls: string[] }> = {
	anonymous: { email: null, urls: ['/login', '/login/reset'] },
	respondent: {
		email: ACCOUNTS.tokyo,
		urls: ['/', '/notices', '/notices/{id}/respond', '/registry', '/account', '/account/password']
	},
	issuer: {
		email: 'mhlw.issuer@example.jp',
		urls: [
			'/notices',
			'/notices/new',
			'/notices/{id}',
			'/notices/{id}/recipients',
			'/notices/{id}/progress',
			'/notices/{id}/progress/13',
			'/overview',
			'/registry'
		]
	},
	viewer: {
		email: ACCOUNTS.viewer,
		urls: [
			'/notices',
			'/notices/{id}',
			'/notices/{id}/progress',
			'/notices/{id}/progress/01',
			'/notices/{id}/forwarded',
			'/overview',
			'/registry'
		]
	},
	admin: {
		email: 'admin@example.jp',
		urls: [
			'/notices',
			'/overview',
			'/registry',
			'/admin/grant-lines',
			'/admin/audit',
			'/admin/functions',
			'/admin/departments',
			'/admin/departments/import'
		]
	}
};

/** Signs in (unless anonymous) and returns the seed notice's id ('' when anonymous). */
async function as(page: Page, email: string | null): Promise<string> {
	if (!email) return '';
	await signIn(page, email);
	return seedNoticeId(page);
}

for (const [who, { email, urls }] of Object.entries(PAGES)) {
	test.describe(`${who}`, () => {
		for (const url of urls) {
			test(`${url} fits a phone`, async ({ page }) => {
				const errors = collectErrors(page);
				const id = await as(page, email);
				await expectFitsPhone(page, url.replace('{id}', id));
				expect(errors).toEqual([]);
			});
		}
	});
}

test('the favicon is linked and served', async ({ page }) => {
	const errors = collectErrors(page);
	await page.goto('/login');
	const icon = await page.locator('link[rel=icon]').getAttribute('href');
	const favicon = await page.request.get(new URL(icon!, page.url()).href);
	expect(favicon.status()).toBe(200);
	expect(favicon.headers()['content-type']).toContain('image/svg+xml');
	expect(await favicon.text()).toContain('<svg');
	expect(errors).toEqual([]);
});

test('the respond page’s 記4 table scrolls inside its own labelled, focusable box', async ({
	page
}) => {
	const id = await as(page, ACCOUNTS.tokyo);
	await page.goto(`/notices/${id}/respond`);
	const grant = page.getByRole('region', { name: '交付金の区分ごとの計画額・実績額' });
	await expect(grant).toHaveAttribute('tabindex', '0');
	const box = await grant.evaluate((e) => ({ client: e.clientWidth, scroll: e.scrollWidth }));
	expect(box.client).toBeLessThanOrEqual(PHONE.width);
	expect(box.scroll).toBeGreaterThan(box.client);
});

test('the tile map is a list of the 47 tiles, each inside the screen', async ({ page }) => {
	const id = await as(page, ACCOUNTS.viewer);
	await page.goto(`/notices/${id}/progress`);
	const tiles = page.locator('.tile-map .grid > li');
	await expect(tiles).toHaveCount(47);
	const rights = await tiles.evaluateAll((lis) =>
		lis.map((li) => li.getBoundingClientRect().right)
	);
	expect(Math.max(...rights)).toBeLessThanOrEqual(PHONE.width);
});

test('one department’s responses, reached from the drill-down, fit a phone', async ({ page }) => {
	const errors = collectErrors(page);
	const id = await as(page, ACCOUNTS.viewer);
	await page.goto(`/notices/${id}/progress/13`);
	const department = await page
		.locator('a[href*="/progress/departments/"]')
		.first()
		.evaluate((a) => (a as HTMLAnchorElement).href);
	await expectFitsPhone(page, department);
	expect(errors).toEqual([]);
});

test('a draft’s editor, preview and item editor fit a phone', async ({ page }) => {
	const errors = collectErrors(page);
	await as(page, 'mhlw.issuer@example.jp');
	await page.goto('/notices/new');
	await page.getByLabel('件名').fill('スマートフォン表示の確認（下書き）');
	await page.getByRole('button', { name: '下書きを保存' }).click();
	await expect(page).toHaveURL(/\/notices\/[^/]+\/edit/);
	const draft = new URL(page.url()).pathname.split('/')[2];
	await expectFitsPhone(page, `/notices/${draft}/edit`);
	await expectFitsPhone(page, `/notices/${draft}/preview`);
	// The item editor, empty and then with an item whose field settings are shown.
	await expectFitsPhone(page, `/notices/${draft}/items`);
	await page.getByRole('button', { name: '空の項目' }).click();
	await expect(page.getByTestId('field-items.0.fields.0')).toBeVisible();
	await page
		.getByTestId('field-items.0.fields.0')
		.getByLabel('種類')
		.first()
		.selectOption({ label: '表（行の繰り返し）' });
	await page
		.getByTestId('field-items.0.fields.0')
		.getByRole('button', { name: '列を追加' })
		.click();
	await expect(page.getByTestId('field-items.0.fields.0.columns.0')).toBeVisible();
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, `the item editor with a table field is ${width} px wide`).toBeLessThanOrEqual(
		PHONE.width
	);
	await expectNoSeriousViolations(page);
	expect(errors).toEqual([]);
});

/** The text after the footer rule of a mail. */
const footerOf = (text: string) => text.slice(text.lastIndexOf('――'));
const addresses = (a: AddressObject | AddressObject[] | undefined) =>
	(Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address!));
const OUTBOX = path.resolve(import.meta.dirname, '../../test-results/e2e-data/outbox');

test('a reminder’s mails: Reply-To is the issuing office and the footer says so; the delivery page shows it was sent', async ({
	page
}) => {
	await signIn(page, 'mhlw.issuer@example.jp');
	const id = await seedNoticeId(page);
	await page.goto(`/notices/${id}/recipients`);
	const before = emlFiles();
	// The reminder for 記1 only (the dashboards test sends the one for any item).
	const item1 = page.locator('.remind li').filter({ hasText: /記1\s/ });
	const count = Number(
		/この (\d+) 部局/.exec((await item1.getByRole('button').textContent())!)![1]
	);
	expect(count).toBeGreaterThan(0);
	await item1.getByRole('button').click();
	await expect(page.getByRole('status')).toHaveText(`督促メールを ${count} 部局に送信しました。`);

	let fresh: string[] = [];
	await expect
		.poll(() => mailsAbout((fresh = emlFiles().filter((f) => !before.includes(f))), '【督促】'), {
			timeout: 15_000
		})
		.toBe(count);
	for (const file of fresh) {
		const mail = await simpleParser(fs.readFileSync(path.join(OUTBOX, file)));
		const footer = footerOf(mail.text ?? '');
		expect(addresses(mail.replyTo), file).toEqual(['ministry_office.mhlw@example.jp']);
		expect(footer, file).toContain(
			'このメールに返信すると、発出元の厚生労働省 医政局総務課（ministry_office.mhlw@example.jp）に届きます。'
		);
		expect(mail.text, file).toContain('本件の照会先');
		expect(mail.text, file).toMatch(/未提出：記1\u3000/);
		// The seed's deadline has passed: overdue, never "by" that date.
		expect(mail.text, file).toContain('を過ぎていますが');
		expect(mail.text, file).not.toContain('までに');
	}

	// The delivery page now says when those departments were last reminded.
	await page.goto(`/notices/${id}/recipients`);
	const table = page.getByRole('region', { name: '配信・受領状況' });
	await expect(table.getByRole('columnheader', { name: '最終督促' })).toBeVisible();
	// Page by page (50 rows a page): every reminded department shows when.
	const lastReminded: string[] = [];
	for (;;) {
		lastReminded.push(
			...(await table
				.locator('tbody tr')
				.evaluateAll((rows) => rows.map((r) => r.lastElementChild?.textContent?.trim() ?? '')))
		);
		const link = page.locator('nav a[rel="next"]');
		if ((await link.count()) === 0) break;
		const next = await link.first().getAttribute('href');
		if (!next) break;
		await page.goto(new URL(next, page.url()).href);
	}
	expect(lastReminded.filter((t) => /^令和\d+年/.test(t)).length).toBeGreaterThanOrEqual(count);
});
