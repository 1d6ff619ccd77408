// The directory's people half, walked as its people would (issue 12): setagaya.health, the
// manager of its department, invites a colleague, who sets a password through the mailed link
// (read from the outbox's .eml files) and signs in; the manager changes the department's address
// and the next notice mail goes there. tokyo.health, 東京都's administrator, sees 東京都's bodies
// and not another prefecture's. The admin's people page, its filters, disabling and the CSV dry
// run. Every new page gets an axe scan. Uses setagaya (no notice is opened), tokyo (reads only),
// a demo staff account of 新宿区 (disabled here) and mhlw.issuer (publishes its own notice).
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, emlFiles, expectNoSeriousViolations, signIn, submitSignIn } from './helpers.ts';
import { openServerDatabase } from './database.ts';

const OUTBOX = path.resolve(import.meta.dirname, '../../test-results/e2e-data/outbox');
const COLLEAGUE = 'setagaya.colleague@example.jp';
const NEW_ADDRESS = 'setagaya.eisei@example.jp';
const COLLEAGUE_PASSWORD = 'Kite-Orchard-Lantern-7391';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

/** The newest mail in the outbox to `address`, parsed, once it has been written. */
async function mailTo(address: string, about?: string) {
	let found: Awaited<ReturnType<typeof simpleParser>> | null = null;
	await expect
		.poll(
			async () => {
				for (const f of emlFiles().sort().reverse()) {
					const parsed = await simpleParser(fs.readFileSync(path.join(OUTBOX, f)));
					const to = [parsed.to]
						.flat()
						.flatMap((t) => t?.value ?? [])
						.map((v) => v.address);
					if (to.includes(address) && (!about || (parsed.subject ?? '').includes(about))) {
						found = parsed;
						return true;
					}
				}
				return false;
			},
			{ timeout: 20_000 }
		)
		.toBe(true);
	return found!;
}

async function departmentId(code: string) {
	const database = await openServerDatabase();
	try {
		return (
			await database.get<{ id: string }>(
				`SELECT d.id FROM Department d JOIN Organization o ON o.id = d.organizationId
			 WHERE o.localGovernmentCode = ? AND d.function = 'health'`,
				code
			)
		).id;
	} finally {
		await database.close();
	}
}

async function openDepartmentAsManager(page: Page) {
	await signIn(page, ACCOUNTS.setagaya);
	await page.getByRole('link', { name: '部局の管理' }).click();
	await expect(page).toHaveURL(/\/department\/[a-z0-9]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('世田谷区 衛生主管部（局）');
}

test('a department manager invites a colleague, who sets a password through the mailed link and signs in', async ({
	page,
	browser
}) => {
	await openDepartmentAsManager(page);
	await expectNoSeriousViolations(page);
	await page.getByLabel('メールアドレス', { exact: true }).fill(COLLEAGUE);
	await page.getByLabel('氏名').fill('世田谷区 新任 担当');
	await page.getByRole('button', { name: '招待メールを送る' }).click();
	await expect(page.getByRole('status')).toHaveText('招待メールを送りました。');
	await expect(page.getByRole('heading', { name: '招待中（1 件）' })).toBeVisible();
	await expectNoSeriousViolations(page);

	const mail = await mailTo(COLLEAGUE);
	const link = /https?:\/\/\S+\/invitation\/\S+/.exec(mail.text ?? '')?.[0];
	expect(link, mail.text).toBeTruthy();

	const context = await browser.newContext();
	const invited = await context.newPage();
	await invited.goto(new URL(link!).pathname);
	await expect(invited.getByRole('heading', { level: 1 })).toHaveText('Kairan への招待');
	await expect(invited.getByText(COLLEAGUE)).toBeVisible();
	await expectNoSeriousViolations(invited);
	await invited.getByLabel('新しいパスワード', { exact: true }).fill(COLLEAGUE_PASSWORD);
	await invited.getByLabel('新しいパスワード（確認）').fill(COLLEAGUE_PASSWORD);
	await invited.getByRole('button', { name: 'パスワードを設定' }).click();
	await expect(invited).toHaveURL('/login?notice=invited');
	await submitSignIn(invited, COLLEAGUE, COLLEAGUE_PASSWORD);
	await expect(invited).toHaveURL('/');
	await expect(invited.getByText('世田谷区 新任 担当（回答担当）')).toBeVisible();
	// The link worked once.
	await invited.goto(new URL(link!).pathname);
	await expect(invited.getByRole('alert')).toContainText('無効');
	await context.close();

	// The colleague is one of the department's people now; no invitation is pending.
	await page.reload();
	await expect(page.getByRole('cell', { name: COLLEAGUE })).toBeVisible();
	await expect(page.getByRole('heading', { name: '招待中（0 件）' })).toBeVisible();
});

test("the manager changes the department's address, and the next notice mail goes there", async ({
	page,
	browser
}) => {
	await openDepartmentAsManager(page);
	await page.getByLabel('送信先メールアドレス（1行に1件）').fill('not an address');
	await page.getByRole('button', { name: 'アドレスを保存' }).click();
	await expect(page.getByRole('alert')).toContainText('メールアドレスの形式ではありません');
	await page.getByLabel('送信先メールアドレス（1行に1件）').fill(NEW_ADDRESS);
	await page.getByRole('button', { name: 'アドレスを保存' }).click();
	await expect(page.getByRole('status')).toHaveText('メールアドレスを保存しました。');
	await expect(page.getByRole('listitem').filter({ hasText: NEW_ADDRESS })).toBeVisible();

	// MHLW publishes a notice to Setagaya alone.
	const issuer = await (await browser.newContext()).newPage();
	await signIn(issuer, 'mhlw.issuer@example.jp');
	const database = await openServerDatabase();
	const office = (
		await database.get<{ departmentId: string }>(
			`SELECT departmentId FROM User WHERE email = 'mhlw.issuer@example.jp'`
		)
	).departmentId;
	await database.close();
	const title = '送信先変更の確認のための事務連絡';
	const form = {
		noticeType: 'administrative_liaison',
		title,
		issuedOn: '2026-12-02',
		deadline: '',
		issuers: office,
		addresseeLines: '世田谷区衛生主管部（局）　御中',
		preamble: '送信先の変更を確認します。',
		include: await departmentId('131121')
	};
	const origin = new URL(issuer.url()).origin;
	const created = await issuer.request.post('/notices/new', {
		form,
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(created.status()).toBe(303);
	const id = /^\/notices\/([^/]+)\/edit/.exec(created.headers()['location'])![1];
	// Before publishing the issuer sees whether the addressees have a working address.
	await issuer.goto(`/notices/${id}/edit`);
	await expect(issuer.getByRole('heading', { name: '宛先：1 部局' })).toBeVisible();
	await expect(issuer.getByTestId('without-working-address')).toHaveCount(0);
	await issuer.getByRole('button', { name: '1 部局に公開して送信する' }).click();
	await expect(issuer).toHaveURL(new RegExp(`/notices/${id}/recipients`));

	const mail = await mailTo(NEW_ADDRESS, title);
	expect(mail.subject).toContain(title);
	await issuer.context().close();
});

test("a prefecture administrator manages 東京都's bodies and cannot see another prefecture's", async ({
	page
}) => {
	await signIn(page, ACCOUNTS.tokyo);
	await page.getByRole('link', { name: '部局の管理' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('管理する部局');
	await expectNoSeriousViolations(page);
	await page.getByRole('textbox', { name: '団体名・部局名で検索' }).fill('新宿区');
	await page.getByRole('button', { name: '検索' }).click();
	await page.getByRole('link', { name: '新宿区 衛生主管部（局）' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('新宿区 衛生主管部（局）');
	await expectNoSeriousViolations(page);

	// Yokohama (神奈川県) answers as a department that does not exist.
	const yokohama = await departmentId('141003');
	const response = await page.goto(`/department/${yokohama}`);
	expect(response?.status()).toBe(404);
	await page.goto('/department?q=横浜');
	await expect(page.getByRole('status')).toHaveText('0 部局');
});

test('the admin filters people in the URL, disables a person, and dry-runs a CP932 CSV', async ({
	page
}) => {
	await signIn(page, 'admin@example.jp');
	await page.getByRole('link', { name: '利用者', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('利用者');
	await expectNoSeriousViolations(page);

	await page.goto('/admin/people?q=staff.131041');
	await expect(page.getByRole('status')).toHaveText('1 人');
	await page.getByRole('button', { name: '新宿区 担当 を無効にする' }).click();
	await expect(page.getByRole('status').first()).toContainText('無効にしました');
	await page.goto('/admin/people?q=staff.131041&disabled=yes');
	await expect(page.getByRole('cell', { name: '無効' })).toBeVisible();

	await page.goto('/admin/people?role=respondent&prefecture=13');
	await expect(page.getByRole('cell', { name: ACCOUNTS.setagaya })).toBeVisible();
	await expect(page.getByRole('cell', { name: ACCOUNTS.yokohama })).toHaveCount(0);

	await page
		.getByLabel('CSV ファイル（UTF-8 または Shift_JIS）')
		.setInputFiles(path.resolve(import.meta.dirname, '../fixtures/people-cp932.csv'));
	await page.getByRole('button', { name: '確認する（まだ変更しません）' }).click();
	await expect(page.getByRole('heading', { name: '確認結果（問題のある行: 1）' })).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'bad.row@example.jp' })).toContainText(
		'department'
	);
	// With a bad row there is nothing to apply.
	await expect(page.getByRole('button', { name: /この内容で取り込む/ })).toHaveCount(0);
	await expectNoSeriousViolations(page);
});
