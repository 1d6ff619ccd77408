// Accounts: TOTP enrolment required of issuers, sign-in with a code and a recovery code,
// password reset through the mailed link, the session list and "sign out everywhere", the
// throttle's 429. Uses accounts no other spec signs in with (cao.issuer, a demo staff account,
// a made-up address for the throttle).
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
	SESSION_COOKIE,
	emlFiles,
	enrolTotp,
	enterCode,
	expectNoSeriousViolations,
	submitSignIn
} from './helpers.ts';

const ISSUER = 'cao.issuer@example.jp';
// A department's demo staff account: no password until it sets one (here, by reset).
const STAFF = 'staff.270008.health@example.jp';
const OUTBOX = path.resolve(import.meta.dirname, '../../test-results/e2e-data/outbox');

// Serial: later tests sign in with the TOTP enrolled by the first. Each signs in several times.
test.describe.configure({ mode: 'serial', timeout: 45_000 });

let recoveryCodes: string[] = [];

test('an issuer must enrol TOTP before anything else, then signs in with a code', async ({
	page
}) => {
	await page.goto('/login?redirectTo=%2Fnotices%2Fnew');
	await page.getByLabel('メールアドレス').fill(ISSUER);
	await page.getByLabel('パスワード').fill('kairan-demo-2024');
	await page.getByRole('button', { name: 'サインイン' }).click();
	await expect(page).toHaveURL('/account/totp?redirectTo=%2Fnotices%2Fnew');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('二段階認証（認証アプリ）');
	await expect(page.getByRole('img', { name: '認証アプリ用の QR コード' })).toBeVisible();
	await expectNoSeriousViolations(page);

	// Publishing (or any other page) waits for enrolment; a form post is refused outright.
	await page.goto('/notices');
	await expect(page).toHaveURL('/account/totp?redirectTo=%2Fnotices');
	const post = await page.request.post('/notices/new', {
		headers: { origin: new URL(page.url()).origin },
		form: { title: 'x' },
		maxRedirects: 0
	});
	expect(post.status()).toBe(403);

	// A wrong code is refused beside the field.
	await page.getByLabel('認証アプリに表示された6桁のコード').fill('000000');
	await page.getByRole('button', { name: '確認して設定' }).click();
	await expect(page.getByRole('alert')).toHaveText(/コードが正しくありません/);
	await expect(page.getByLabel('認証アプリに表示された6桁のコード')).toHaveAccessibleDescription(
		/コードが正しくありません/
	);

	recoveryCodes = await enrolTotp(page, ISSUER);
	expect(recoveryCodes).toHaveLength(10);
	await expectNoSeriousViolations(page);
	await page.getByRole('link', { name: '続ける' }).click();
	await expect(page).toHaveURL('/notices');
	await expect(page.getByRole('heading', { level: 1, name: '通知一覧' })).toBeVisible();

	// Next time: password, then the code.
	await page.getByRole('button', { name: 'サインアウト' }).click();
	await expect(page).toHaveURL('/login');
	await page.goto('/login');
	await page.getByLabel('メールアドレス').fill(ISSUER);
	await page.getByLabel('パスワード').fill('kairan-demo-2024');
	await page.getByRole('button', { name: 'サインイン' }).click();
	await expect(page).toHaveURL('/login/code?redirectTo=%2F');
	await expectNoSeriousViolations(page);
	await page.getByLabel('確認コード').fill('000000');
	await page.getByRole('button', { name: '確認' }).click();
	await expect(page.getByRole('alert')).toHaveText('確認コードが正しくありません（残り4回）。');
	await enterCode(page, ISSUER);
	await expect(page).toHaveURL('/notices');
});

test('a recovery code signs in once', async ({ browser }) => {
	for (const expected of ['/notices', '/login/code?redirectTo=%2F']) {
		const page = await (await browser.newContext()).newPage();
		await page.goto('/login');
		await page.getByLabel('メールアドレス').fill(ISSUER);
		await page.getByLabel('パスワード').fill('kairan-demo-2024');
		await page.getByRole('button', { name: 'サインイン' }).click();
		await expect(page).toHaveURL('/login/code?redirectTo=%2F');
		await enterCode(page, ISSUER, recoveryCodes[0]);
		await expect(page).toHaveURL(expected);
	}
});

test('the account page lists own sessions; "sign out everywhere" ends the others too', async ({
	browser
}) => {
	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await otherPage.goto('/login');
	await otherPage.getByLabel('メールアドレス').fill(ISSUER);
	await otherPage.getByLabel('パスワード').fill('kairan-demo-2024');
	await otherPage.getByRole('button', { name: 'サインイン' }).click();
	await expect(otherPage).toHaveURL('/login/code?redirectTo=%2F');
	// A recovery code here: TOTP codes are one per 30 seconds, and the next sign-in takes one.
	await enterCode(otherPage, ISSUER, recoveryCodes[1]);
	await expect(otherPage).toHaveURL('/notices');

	const page = await (await browser.newContext()).newPage();
	await page.goto('/login');
	await submitSignIn(page, ISSUER);
	await page.getByRole('link', { name: 'アカウント' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'アカウント' })).toBeVisible();
	const table = page.getByRole('table', { name: 'サインイン中のセッション' });
	// The header and at least the two sessions signed in here (earlier tests left more).
	expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);
	await expect(table.getByRole('cell', { name: 'このブラウザ' })).toHaveCount(1);
	await expectNoSeriousViolations(page);

	await page.getByRole('button', { name: 'すべての端末からサインアウト' }).click();
	await expect(page).toHaveURL('/login');
	await otherPage.goto('/notices');
	await expect(otherPage).toHaveURL('/login?redirectTo=%2Fnotices');
	expect((await other.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
});

test('password reset through the mailed link: same answer for an unknown address, single use', async ({
	page
}) => {
	const before = new Set(emlFiles());
	await page.goto('/login');
	await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
	await expect(page).toHaveURL('/login/reset');
	await expectNoSeriousViolations(page);

	await page.getByLabel('メールアドレス').fill('nobody@example.jp');
	await page.getByRole('button', { name: '再設定用のリンクを送る' }).click();
	const unknownAnswer = await page.getByRole('status').textContent();

	await page.goto('/login/reset');
	await page.getByLabel('メールアドレス').fill(STAFF);
	await page.getByRole('button', { name: '再設定用のリンクを送る' }).click();
	await expect(page.getByRole('status')).toHaveText(unknownAnswer!);

	// The mail: one new .eml, to the staff address, with the link.
	let link = '';
	await expect(async () => {
		const added = emlFiles().filter((f) => !before.has(f));
		const mails = added
			.map((f) => fs.readFileSync(path.join(OUTBOX, f), 'utf8'))
			.filter((raw) => raw.includes(STAFF));
		expect(mails).toHaveLength(1);
		// Quoted-printable may fold the link: unfold soft line breaks first.
		const text = mails[0].replace(/=\r?\n/g, '');
		link = /https?:\/\/[^\s"<>]+\/login\/reset\/[a-z0-9]+\.[a-z0-9]+/.exec(text)?.[0] ?? '';
		expect(link).not.toBe('');
	}).toPass({ timeout: 10_000 });
	// Nothing was sent for the unknown address.
	expect(
		emlFiles()
			.filter((f) => !before.has(f))
			.some((f) => fs.readFileSync(path.join(OUTBOX, f), 'utf8').includes('nobody@example.jp'))
	).toBe(false);

	await page.goto(new URL(link).pathname);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('新しいパスワードの設定');
	await page.getByLabel('新しいパスワード', { exact: true }).fill('password1234');
	await page.getByLabel('新しいパスワード（確認）').fill('password1234');
	await page.getByRole('button', { name: 'パスワードを設定' }).click();
	await expect(page.getByLabel('新しいパスワード', { exact: true })).toHaveAccessibleDescription(
		/よく使われている/
	);
	await expectNoSeriousViolations(page);
	const fresh = 'osaka health ledger 2026';
	await page.getByLabel('新しいパスワード', { exact: true }).fill(fresh);
	await page.getByLabel('新しいパスワード（確認）').fill(fresh);
	await page.getByRole('button', { name: 'パスワードを設定' }).click();
	await expect(page).toHaveURL('/login?notice=reset');
	await expect(page.getByRole('status')).toHaveText(/パスワードを変更しました/);

	// The link is spent.
	await page.goto(new URL(link).pathname);
	await expect(page.getByRole('alert')).toHaveText(/無効か、期限が切れているか/);

	await page.goto('/login');
	await submitSignIn(page, STAFF, fresh);
	await expect(page).toHaveURL('/');
});

test('repeated wrong passwords are answered 429 with when to retry', async ({ page }) => {
	await page.goto('/login');
	for (let i = 0; i < 5; i++) await submitSignIn(page, 'throttle.e2e@example.jp', `wrong-${i}`);
	const answer = page.waitForResponse((r) => r.request().method() === 'POST');
	await submitSignIn(page, 'throttle.e2e@example.jp', 'wrong-again');
	const response = await answer;
	expect(response.status()).toBe(429);
	expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
	await expect(page.getByRole('alert')).toHaveText(
		/サインインの試行が多すぎます。\d+分後（\d\d:\d\dごろ）/
	);
});
