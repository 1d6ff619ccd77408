// Shared by the browser tests: demo accounts, the seed notice and signing in through the form.
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { dataDirOf, type ServerKind } from './servers.ts';

export const PASSWORD = 'kairan-demo-2024';
export const SESSION_COOKIE = 'kairan_session';

/** The server the running test talks to (playwright.config.ts: one per project). */
export function serverKind(): ServerKind {
	return test.info().project.name === 'postgresql' ? 'postgresql' : 'sqlite';
}

/**
 * Each account's state matters (opening a notice marks it read for the whole department), so
 * each test that depends on it uses an account that no other test changes:
 * - tokyo.health: notice.e2e.ts reads the seed notice and downloads from it;
 * - yokohama.health: respond.e2e.ts answers the seed (an answer records its receipt);
 * - setagaya.health: sign-in.e2e.ts expects the seed unread and unacknowledged, and
 *   publish.e2e.ts (only the notice it publishes);
 * - hokkaido.center: notice.e2e.ts's language test (opens the notice); respond-custom.e2e.ts
 *   answers notices of its own that it writes into the database (addressed to it alone);
 * - viewer: anyone (a viewer's reading is not tracked).
 */
export const ACCOUNTS = {
	tokyo: 'tokyo.health@example.jp',
	yokohama: 'yokohama.health@example.jp',
	setagaya: 'setagaya.health@example.jp',
	hokkaido: 'hokkaido.center@example.jp',
	viewer: 'viewer@example.jp'
} as const;

export const SEED_TITLE =
	'「性犯罪・性暴力被害者のためのワンストップ支援センター」の運営にかかる協力依頼について';

export const LOGIN_FAILED = 'メールアドレスまたはパスワードが正しくありません。';

/**
 * Fills and submits the sign-in form on the page already open (a /login URL), then passes the
 * second step when the account has one: the code from the authenticator for an enrolled user,
 * or enrolment itself for a role that must have TOTP (issuers and admins by default).
 */
export async function submitSignIn(page: Page, email: string, password = PASSWORD) {
	// No need to wait for hydration: the field's server value is only its default, so what is
	// typed before the scripts load stays (the sign-in form also works without them).
	await page.getByLabel('メールアドレス').fill(email);
	await page.getByLabel('パスワード').fill(password);
	await submitAndWait(page, page.getByRole('button', { name: 'サインイン' }));
	await passSecondStep(page, email);
}

/** Clicks a button of a plain (not enhanced) form and waits for the page it leads to. */
async function submitAndWait(page: Page, button: ReturnType<Page['getByRole']>) {
	const loaded = page.waitForEvent('load');
	await button.click();
	await loaded;
}

// TOTP for the browser tests: the secret each account enrolled with and the last time step used,
// in the served app's data directory (wiped with the database at every run), so that every
// spec — in this worker or another — computes the codes the server expects.
type TotpState = { secret: string; lastStep: number };
const totpDir = () => path.join(dataDirOf(serverKind()), 'e2e-totp');
const totpFile = (email: string) => path.join(totpDir(), `${email}.json`);
const currentStep = () => Math.floor(Date.now() / 30_000);

function readTotp(email: string): TotpState | null {
	return fs.existsSync(totpFile(email))
		? (JSON.parse(fs.readFileSync(totpFile(email), 'utf8')) as TotpState)
		: null;
}
function writeTotp(email: string, state: TotpState) {
	fs.mkdirSync(totpDir(), { recursive: true });
	fs.writeFileSync(totpFile(email), JSON.stringify(state));
}

/**
 * A code the server has not seen yet for this account. It accepts each step's code once, and
 * the next step's too, so two sign-ins within 30 seconds use this step and the next; a third
 * waits for the clock.
 */
export async function nextTotpCode(email: string): Promise<string> {
	const state = readTotp(email);
	if (!state) throw new Error(`${email} has not enrolled TOTP in this run`);
	const step = Math.max(currentStep(), state.lastStep + 1);
	const waitMs = (step - 1) * 30_000 - Date.now();
	if (waitMs > 0) {
		// Waiting for the clock is not the test being slow: the wait is added to its time limit.
		test.info().setTimeout(test.info().timeout + waitMs + 1000);
		await new Promise((r) => setTimeout(r, waitMs + 200));
	}
	writeTotp(email, { ...state, lastStep: step });
	return generateHOTP(decodeBase32IgnorePadding(state.secret), BigInt(step), 6);
}

/** On the enrolment page: reads the setup key, confirms with a code; leaves the recovery codes shown. */
export async function enrolTotp(page: Page, email: string): Promise<string[]> {
	const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	writeTotp(email, { secret, lastStep: 0 });
	await page.getByLabel('認証アプリに表示された6桁のコード').fill(await nextTotpCode(email));
	await submitAndWait(page, page.getByRole('button', { name: '確認して設定' }));
	await expect(page.getByRole('heading', { name: '回復コード' })).toBeVisible();
	return page.getByRole('list', { name: '回復コード' }).getByRole('listitem').allTextContents();
}

/** On /login/code: enters the next TOTP code (or the given recovery code). */
export async function enterCode(page: Page, email: string, code?: string) {
	await page.getByLabel('確認コード').fill(code ?? (await nextTotpCode(email)));
	await submitAndWait(page, page.getByRole('button', { name: '確認' }));
}

async function passSecondStep(page: Page, email: string) {
	const where = new URL(page.url()).pathname;
	// The extra pages of the second step are not what the calling test is about: they get their
	// own time on top of its limit.
	if (where === '/login/code' || where === '/account/totp')
		test.info().setTimeout(test.info().timeout + 10_000);
	if (where === '/login/code') await enterCode(page, email);
	else if (where === '/account/totp') {
		await enrolTotp(page, email);
		// A link: the client router may follow it without a new document.
		await page.getByRole('link', { name: '続ける' }).click();
		await page.waitForURL((url) => url.pathname !== '/account/totp');
	}
}

/**
 * Signs in from /login, checks where the account lands — a respondent on its home (what to do
 * next), everyone else on the notice list — and leaves the page on the notice list.
 */
export async function signIn(page: Page, email: string) {
	await page.goto('/login');
	await submitSignIn(page, email);
	await expect(page).toHaveURL(/^[^?]*\/(notices)?$/);
	if (new URL(page.url()).pathname === '/') {
		await expect(page.getByRole('heading', { level: 1, name: '対応が必要な通知' })).toBeVisible();
		await page.goto('/notices');
	}
	await expect(page.getByRole('heading', { level: 1, name: '通知一覧' })).toBeVisible();
}

/** The seed notice's row in the notice list. */
export function seedRow(page: Page) {
	return page.getByRole('row').filter({ has: page.getByRole('link', { name: SEED_TITLE }) });
}

/** The seed notice's id, read from its link in the list (the page must show the list). */
export async function seedNoticeId(page: Page): Promise<string> {
	// The server renders relative links (./notices/…); the browser resolves them.
	const href = await page
		.getByRole('link', { name: SEED_TITLE })
		.evaluate((a) => (a as HTMLAnchorElement).href);
	const id = new URL(href).pathname.match(/^\/notices\/([^/]+)$/)?.[1];
	expect(id, `link to the seed notice: ${href}`).toBeTruthy();
	return id!;
}

/** Where the served app writes one .eml per mail (no SMTP_URL in the browser tests). */
const outbox = () => path.join(dataDirOf(serverKind()), 'outbox');

export function emlFiles(): string[] {
	const dir = outbox();
	return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
}

/** Messages in the outbox whose Subject header (RFC 2047-encoded) decodes to contain text. */
export function mailsAbout(files: string[], text: string): number {
	return files.filter((f) => {
		const raw = fs.readFileSync(path.join(outbox(), f), 'utf8');
		const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
		const decoded = subject.replace(
			/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi,
			(_, enc: string, data: string) =>
				enc.toUpperCase() === 'B'
					? Buffer.from(data, 'base64').toString('utf8')
					: Buffer.from(
							data
								.replace(/_/g, ' ')
								.replace(/=([0-9A-F]{2})/gi, (_m, h: string) =>
									String.fromCharCode(parseInt(h, 16))
								),
							'latin1'
						).toString('utf8')
		);
		return decoded.replace(/\s+/g, '').includes(text.replace(/\s+/g, ''));
	}).length;
}

/** An axe scan of the page as it stands: no serious or critical violation, each one named. */
export async function expectNoSeriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	expect(serious).toEqual([]);
}
