import { expect, test } from '@playwright/test';
import {
	ACCOUNTS,
	LOGIN_FAILED,
	SEED_TITLE,
	SESSION_COOKIE,
	seedNoticeId,
	seedRow,
	signIn,
	submitSignIn
} from './helpers.ts';

test('a wrong password shows the generic error and starts no session', async ({
	page,
	context
}) => {
	await page.goto('/login');
	await submitSignIn(page, ACCOUNTS.tokyo, 'not-the-password');

	await expect(page.getByRole('alert')).toHaveText(LOGIN_FAILED);
	await expect(page).toHaveURL('/login');
	// The address is kept for a retry; the password never comes back from the server.
	await expect(page.getByLabel('メールアドレス')).toHaveValue(ACCOUNTS.tokyo);
	await expect(page.getByLabel('パスワード')).toHaveValue('');
	await expect(page.getByLabel('メールアドレス')).toHaveAccessibleDescription(LOGIN_FAILED);
	const cookies = await context.cookies();
	expect(cookies.map((c) => c.name)).not.toContain(SESSION_COOKIE);
});

test('an unknown email shows exactly the same message as a wrong password', async ({
	page,
	context
}) => {
	await page.goto('/login');
	await submitSignIn(page, 'nobody@example.jp');

	await expect(page.getByRole('alert')).toHaveText(LOGIN_FAILED);
	await expect(page).toHaveURL('/login');
	const cookies = await context.cookies();
	expect(cookies.map((c) => c.name)).not.toContain(SESSION_COOKIE);
});

test('a respondent signs in and sees the seed notice as unread', async ({ page, context }) => {
	// setagaya.health: notice.e2e.ts opens the seed as tokyo.health and respond.e2e.ts answers it
	// as yokohama.health (an answer records receipt); setagaya only signs in and out here and
	// publishes its own notice in publish.e2e.ts, so it is certain still to see the seed unread.
	await signIn(page, ACCOUNTS.setagaya);

	const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
	expect(session, 'session cookie').toBeDefined();
	expect(session!.httpOnly).toBe(true);
	expect(session!.sameSite).toBe('Lax');

	const row = seedRow(page);
	await expect(row).toHaveCount(1);
	await expect(row.getByRole('link')).toHaveText(SEED_TITLE);
	await expect(row.getByText('未読', { exact: true })).toBeVisible();
	await expect(row.getByText('受領未確認', { exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'サインアウト' })).toBeVisible();
});

test('signing out ends the session', async ({ page, context, request }) => {
	await signIn(page, ACCOUNTS.setagaya);
	const token = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
	expect(token).toBeTruthy();

	await page.getByRole('button', { name: 'サインアウト' }).click();
	await expect(page).toHaveURL('/login');
	await expect(page.getByRole('heading', { level: 1, name: 'サインイン' })).toBeVisible();
	expect((await context.cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);

	await page.goto('/notices');
	await expect(page).toHaveURL('/login?redirectTo=%2Fnotices');

	// The old cookie is dead on the server too, not only deleted in this browser.
	const replay = await request.get('/notices', {
		headers: { cookie: `${SESSION_COOKIE}=${token}` },
		maxRedirects: 0
	});
	expect(replay.status()).toBe(303);
	expect(replay.headers()['location']).toBe('/login?redirectTo=%2Fnotices');
});

test('signing in returns to the page that asked for it', async ({ page }) => {
	await page.goto('/notices');
	await expect(page).toHaveURL('/login?redirectTo=%2Fnotices');
	await submitSignIn(page, ACCOUNTS.setagaya);
	await expect(page).toHaveURL('/notices');
	const id = await seedNoticeId(page);

	// A deeper page survives the round trip too (a viewer: reading is not tracked for them).
	await page.getByRole('button', { name: 'サインアウト' }).click();
	await expect(page).toHaveURL('/login');
	await page.goto(`/notices/${id}`);
	await expect(page).toHaveURL(`/login?redirectTo=%2Fnotices%2F${id}`);
	await submitSignIn(page, ACCOUNTS.viewer);
	await expect(page).toHaveURL(`/notices/${id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SEED_TITLE);
});

test('redirectTo cannot send a signed-in user to another site', async ({ page }) => {
	await page.goto('/login?redirectTo=%2F%2Fevil.example%2F');
	await submitSignIn(page, ACCOUNTS.viewer);
	await expect(page).toHaveURL('/notices');
});

test('a respondent lands on its home, a viewer on the notice list', async ({ browser }) => {
	const respondent = await (await browser.newContext()).newPage();
	await respondent.goto('/login');
	await submitSignIn(respondent, ACCOUNTS.tokyo);
	await expect(respondent).toHaveURL('/');
	await expect(respondent.getByRole('heading', { level: 1 })).toHaveText('対応が必要な通知');

	const viewer = await (await browser.newContext()).newPage();
	await viewer.goto('/login');
	await submitSignIn(viewer, ACCOUNTS.viewer);
	await expect(viewer).toHaveURL('/notices');
});
